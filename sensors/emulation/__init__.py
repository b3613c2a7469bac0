"""Emulated Bluetooth LE wearables on Bumble, and a bleak backend that reaches them.

An emulated Polar H10 and a generic heart-rate strap run as Bumble peripherals on a
virtual radio (an in-process link, or an HCI served over TCP from another process). The
app reaches them through plain bleak with the backend in ``backend.py``, so everything
from bleak upward is the code path real hardware takes.

The modules that touch Bumble import it at the top: import them only when emulation is
wanted (``sensors.backend.open_transport`` does so lazily).
"""
