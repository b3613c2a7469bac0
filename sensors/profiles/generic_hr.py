"""Any strap or watch with the standard Heart Rate service (0x180D)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sensors.gatt import BATTERY_LEVEL_UUID, HEART_RATE_MEASUREMENT_UUID, HEART_RATE_SERVICE_UUID
from sensors.profiles.base import (
    Decoder,
    HeartRateDecoder,
    Profile,
    Subscription,
    normalise_uuid,
)


@dataclass(frozen=True)
class GenericHeartRate(Profile):
    def matches(self, name: str | None, service_uuids: Collection[str]) -> bool:
        return HEART_RATE_SERVICE_UUID in {normalise_uuid(u) for u in service_uuids}

    def subscriptions(self) -> tuple[Subscription, ...]:
        return (
            Subscription("hr", HEART_RATE_MEASUREMENT_UUID),
            Subscription("battery", BATTERY_LEVEL_UUID, optional=True),
        )

    def new_decoder(self, device: str) -> Decoder:
        return HeartRateDecoder(device)


PROFILE = GenericHeartRate(
    kind="generic-hr",
    label="Heart-rate strap",
    streams=("hr", "rr", "battery"),
)
