"""The virtual radio: Bumble controllers on one link, with the fixes emulation needs.

Bumble's virtual controller (0.0.236) ignores LE Create Connection Cancel and keeps stale
connections across an HCI Reset. A central whose connect timed out could then never
connect again, and a second app attaching to a long-running emulator would find every
device still "connected" to the first one. ``EmulatedController`` fixes both.
"""

from __future__ import annotations

import asyncio

from bumble import hci, ll
from bumble.controller import Controller
from bumble.device import Device
from bumble.host import Host
from bumble.link import LocalLink

__all__ = ["EmulatedController", "new_device", "new_link"]

# LE Data Length Extension sizes: a 200 Hz accelerometer frame fits one link-layer packet.
LE_MAX_OCTETS = 251
LE_MAX_TIME_US = 2120


class EmulatedController(Controller):
    """A Bumble virtual controller that honours connection cancel and reset."""

    le_acl_data_packet_length = LE_MAX_OCTETS
    supported_max_tx_octets = LE_MAX_OCTETS
    supported_max_rx_octets = LE_MAX_OCTETS
    supported_max_tx_time = LE_MAX_TIME_US
    supported_max_rx_time = LE_MAX_TIME_US
    suggested_max_tx_octets = LE_MAX_OCTETS
    suggested_max_tx_time = LE_MAX_TIME_US

    def on_hci_le_create_connection_cancel_command(
        self, _command: hci.HCI_LE_Create_Connection_Cancel_Command
    ) -> hci.HCI_StatusReturnParameters:
        pending = self.pending_le_connection
        if pending is None:
            return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.COMMAND_DISALLOWED_ERROR)
        self.pending_le_connection = None
        # The spec's answer to a cancelled connection: a Connection Complete event whose
        # status is Unknown Connection Identifier, after the command completes (call_soon
        # queues it behind the Command Complete this handler's return value becomes).
        event = hci.HCI_LE_Connection_Complete_Event(
            status=hci.HCI_ErrorCode.UNKNOWN_CONNECTION_IDENTIFIER_ERROR,
            connection_handle=0,
            role=hci.Role.CENTRAL,
            peer_address_type=pending.peer_address.address_type,
            peer_address=pending.peer_address,
            connection_interval=0,
            peripheral_latency=0,
            supervision_timeout=0,
            central_clock_accuracy=0,
        )
        asyncio.get_running_loop().call_soon(self.send_hci_packet, event)
        return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.SUCCESS)

    def on_hci_reset_command(
        self, command: hci.HCI_Reset_Command
    ) -> hci.HCI_StatusReturnParameters:
        # The host forgets everything on reset; the peers must hear that the links are gone.
        for connection in list(self.le_connections.values()):
            connection.send_ll_control_pdu(
                ll.TerminateInd(hci.HCI_ErrorCode.REMOTE_USER_TERMINATED_CONNECTION_ERROR)
            )
        self.le_connections.clear()
        self.pending_le_connection = None
        self.le_scan_enable = False
        self.le_legacy_advertiser.stop()
        for advertising_set in self.advertising_sets.values():
            advertising_set.stop()
        self.advertising_sets.clear()
        return super().on_hci_reset_command(command)


def new_link() -> LocalLink:
    """An in-process radio on which emulated devices and centrals meet."""
    return LocalLink()  # type: ignore[no-untyped-call]


def new_device(link: LocalLink, name: str, address: str) -> Device:
    """A Bumble device (host and controller) on ``link`` with a random static address.

    Random static addresses matter: Bumble's link routes LE data by the controller's
    random address, so a device with a public address would never get its replies.
    """
    controller = EmulatedController(name, link=link)
    host = Host(controller_source=controller, controller_sink=controller)
    return Device(name=name, address=hci.Address(address), host=host)
