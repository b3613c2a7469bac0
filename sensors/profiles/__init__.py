"""Device profiles, one module per kind of device, found automatically.

Adding a device (Movesense, Thingy:52, WitMotion) means adding one module here that defines
``PROFILE``; nothing else changes. Modules without ``PROFILE`` (shared helpers) are skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Collection

from sensors.profiles.base import (
    ControlAnswer,
    ControlMessage,
    Decoder,
    Measurement,
    MeasurementsHalted,
    Profile,
    Subscription,
)

__all__ = [
    "PROFILES",
    "ControlAnswer",
    "ControlMessage",
    "Decoder",
    "Measurement",
    "MeasurementsHalted",
    "Profile",
    "Subscription",
    "by_kind",
    "match",
]


def _discover() -> tuple[Profile, ...]:
    found: list[Profile] = []
    for info in pkgutil.iter_modules(__path__, prefix=f"{__name__}."):
        profile = getattr(importlib.import_module(info.name), "PROFILE", None)
        if isinstance(profile, Profile):
            found.append(profile)
    kinds = [p.kind for p in found]
    duplicates = {kind for kind in kinds if kinds.count(kind) > 1}
    if duplicates:
        raise RuntimeError(f"two device profiles share the kind {sorted(duplicates)}")
    # Most specific first, so a Polar H10 is never taken for a generic heart-rate strap.
    return tuple(sorted(found, key=lambda p: (-p.specificity, p.kind)))


PROFILES: tuple[Profile, ...] = _discover()


def match(name: str | None, service_uuids: Collection[str]) -> Profile | None:
    """The profile for a device advertising ``name`` and ``service_uuids``, if we support it."""
    return next((p for p in PROFILES if p.matches(name, service_uuids)), None)


def by_kind(kind: str) -> Profile:
    for profile in PROFILES:
        if profile.kind == kind:
            return profile
    known = ", ".join(p.kind for p in PROFILES)
    raise KeyError(f"no device profile '{kind}' (known: {known})")
