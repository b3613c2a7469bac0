"""The wearables lumbar remembers: connected once, connected again whenever lumbar starts.

They live in ``devices.toml`` beside the settings, one ``[[device]]`` table each::

    [[device]]
    address = "C0:1A:2B:3C:4D:10"
    kind = "polar-h10"
    name = "Polar H10 1A2B3C4D"

A file that cannot be read is reported in one line and left as it is: lumbar then
remembers for this run only, so nothing a person wrote by hand is overwritten. The demo's
emulated devices are remembered in memory only (``DeviceMemory(None)``).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import msgspec

__all__ = ["DeviceMemory", "RememberedDevice"]

HEADER = "# Wearables lumbar connects to when it starts; the sensors screen (w) writes this file.\n"


@dataclass(frozen=True, slots=True)
class RememberedDevice:
    address: str
    kind: str  # a device profile's kind: "polar-h10", "generic-hr", ...
    name: str | None = None


class _Entry(msgspec.Struct, forbid_unknown_fields=True):
    address: str
    kind: str
    name: str | None = None


class _File(msgspec.Struct, forbid_unknown_fields=True):
    device: list[_Entry] = msgspec.field(default_factory=list)


class DeviceMemory:
    """Remembered devices, in a file (``path``) or, with no path, in memory only."""

    def __init__(self, path: Path | None, devices: tuple[RememberedDevice, ...] = ()) -> None:
        self.path = path
        self._devices = {d.address: d for d in devices}
        self._writable = path is not None

    @classmethod
    def load(cls, path: Path) -> tuple[DeviceMemory, list[str]]:
        """The devices remembered in ``path`` (none when it does not exist), and problems."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path), []
        except (OSError, UnicodeDecodeError) as error:
            return cls._unreadable(path, f"cannot read it ({error})")
        try:
            document = msgspec.convert(tomllib.loads(text), _File)
        except tomllib.TOMLDecodeError as error:
            return cls._unreadable(path, f"not valid TOML ({error})")
        except msgspec.ValidationError as error:
            return cls._unreadable(path, str(error).replace("`", "'"))
        devices = tuple(
            RememberedDevice(entry.address.upper(), entry.kind, entry.name)
            for entry in document.device
        )
        return cls(path, devices), []

    @classmethod
    def _unreadable(cls, path: Path, why: str) -> tuple[DeviceMemory, list[str]]:
        memory = cls(path)
        memory._writable = False
        return memory, [
            f"{path}: {why}; no device connects by itself, and lumbar leaves the file alone"
        ]

    @property
    def on_disk(self) -> bool:
        return self._writable

    @property
    def devices(self) -> tuple[RememberedDevice, ...]:
        return tuple(self._devices.values())

    def __contains__(self, address: object) -> bool:
        return isinstance(address, str) and address.upper() in self._devices

    def remember(self, device: RememberedDevice) -> None:
        """Remember (or update) a device; OSError when the file cannot be written."""
        device = RememberedDevice(device.address.upper(), device.kind, device.name)
        if self._devices.get(device.address) == device:
            return
        self._devices[device.address] = device
        self._save()

    def forget(self, address: str) -> None:
        """Forget a device; OSError when the file cannot be written."""
        if self._devices.pop(address.upper(), None) is not None:
            self._save()

    def _save(self) -> None:
        if self.path is None or not self._writable:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(self.path.name + ".new")
        staging.write_text(self._text(), encoding="utf-8")
        os.replace(staging, self.path)

    def _text(self) -> str:
        # JSON string escapes are valid in TOML basic strings.
        tables = []
        for device in self._devices.values():
            lines = [
                "[[device]]",
                f"address = {json.dumps(device.address, ensure_ascii=False)}",
                f"kind = {json.dumps(device.kind, ensure_ascii=False)}",
            ]
            if device.name is not None:
                lines.append(f"name = {json.dumps(device.name, ensure_ascii=False)}")
            tables.append("\n".join(lines) + "\n")
        return HEADER + "".join("\n" + table for table in tables)
