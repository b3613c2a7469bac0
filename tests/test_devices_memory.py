"""Remembered devices: devices.toml written, read back, and left alone when broken."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.devices_memory import DeviceMemory, RememberedDevice

H10 = RememberedDevice("C0:1A:2B:3C:4D:10", "polar-h10", "Polar H10 1A2B3C4D")
STRAP = RememberedDevice("C0:4F:2A:00:00:20", "generic-hr", None)


def test_remembered_devices_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "config" / "devices.toml"
    memory, problems = DeviceMemory.load(path)
    assert (memory.devices, problems) == ((), [])
    assert not path.exists(), "nothing is written until a device is remembered"

    tricky = RememberedDevice("c0:aa:bb:cc:dd:ee", "generic-hr", 'Strap "Léa" \\ 2\n')
    for device in (H10, STRAP, tricky):
        memory.remember(device)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["device"][0] == {
        "address": H10.address,
        "kind": "polar-h10",
        "name": "Polar H10 1A2B3C4D",
    }
    again, problems = DeviceMemory.load(path)
    assert problems == []
    assert again.devices == (
        H10,
        STRAP,
        RememberedDevice("C0:AA:BB:CC:DD:EE", "generic-hr", 'Strap "Léa" \\ 2\n'),
    )
    assert "c0:aa:bb:cc:dd:ee" in again

    again.forget(H10.address.lower())
    again.forget("00:00:00:00:00:00")  # never remembered: nothing happens
    assert DeviceMemory.load(path)[0].devices == again.devices
    assert H10.address not in again


def test_a_new_name_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "devices.toml"
    memory = DeviceMemory(path)
    memory.remember(STRAP)
    memory.remember(RememberedDevice(STRAP.address, "generic-hr", "HR Strap 4F2A"))
    assert DeviceMemory.load(path)[0].devices == (
        RememberedDevice(STRAP.address, "generic-hr", "HR Strap 4F2A"),
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('[[device]]\naddress = "C0:1A"\nkind = \n', "not valid TOML"),
        ("[[device]]\naddress = 5\nkind = 'polar-h10'\n", "Expected 'str', got 'int'"),
        ("[[device]]\naddress = 'C0:1A'\n", "missing required field 'kind'"),
        ("[[device]]\naddress = 'C0:1A'\nkind = 'x'\ncolour = 'red'\n", "unknown field"),
    ],
)
def test_a_broken_file_is_one_line_and_never_overwritten(
    tmp_path: Path, text: str, why: str
) -> None:
    path = tmp_path / "devices.toml"
    path.write_text(text, encoding="utf-8")
    memory, problems = DeviceMemory.load(path)
    (problem,) = problems
    assert problem.startswith(f"{path}: ")
    assert why in problem
    assert "\n" not in problem
    assert memory.devices == ()
    memory.remember(H10)  # for this run only
    assert H10.address in memory
    assert path.read_text(encoding="utf-8") == text


def test_the_demo_remembers_in_memory_only(tmp_path: Path) -> None:
    memory = DeviceMemory(None)
    memory.remember(H10)
    assert memory.devices == (H10,)
    assert not memory.on_disk
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_raises_oserror(tmp_path: Path) -> None:
    (tmp_path / "config").write_text("a file where the folder should be")
    memory = DeviceMemory(tmp_path / "config" / "devices.toml")
    with pytest.raises(OSError, match=r"exists|Not a directory"):
        memory.remember(H10)
