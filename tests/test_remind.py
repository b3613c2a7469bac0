"""Reminders in a sandbox: HOME and the XDG folders point into a temporary folder, and the
schedulers' commands (systemctl, crontab, launchctl, schtasks) are stand-ins first on PATH
that keep what they are told in that folder. The real user's crontab and systemd are never
touched. The files made for each scheduler are checked against their formats."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from log_history import routine_session

from db.clock import utc_now
from db.connection import open_database
from tui.cli import main
from tui.locations import Locations
from tui.reminders.notify import has_desktop, notify
from tui.reminders.schedulers import (
    CRON_MARK,
    TASK_NAMESPACE,
    Job,
    Schedulers,
    cron_line,
    launchd_plist,
    systemd_service,
    systemd_timer,
    task_xml,
    without_reminder,
)

LUMBAR = str(Path(sys.executable).with_name("lumbar"))

STAND_INS = {
    # systemctl: answers for a user session only when the sandbox says there is one.
    "systemctl": """#!/bin/sh
echo "systemctl $*" >> "$SANDBOX/calls.log"
if [ "$2" = "show-environment" ] && [ ! -e "$SANDBOX/systemd-session" ]; then exit 1; fi
exit 0
""",
    "crontab": """#!/bin/sh
echo "crontab $*" >> "$SANDBOX/calls.log"
case "$1" in
  -l) if [ -e "$SANDBOX/crontab" ]; then cat "$SANDBOX/crontab"; else
        echo "no crontab for $USER" >&2; exit 1; fi ;;
  -r) rm -f "$SANDBOX/crontab" ;;
  -) cat > "$SANDBOX/crontab" ;;
esac
""",
    "launchctl": """#!/bin/sh
echo "launchctl $*" >> "$SANDBOX/calls.log"
""",
    "schtasks": """#!/bin/sh
echo "schtasks $*" >> "$SANDBOX/calls.log"
while [ $# -gt 0 ]; do
  if [ "$1" = "/XML" ]; then cp "$2" "$SANDBOX/task.xml"; fi
  shift
done
""",
}


@dataclass(frozen=True)
class Sandbox:
    root: Path
    home: Path

    @property
    def calls(self) -> list[str]:
        log = self.root / "calls.log"
        return log.read_text().splitlines() if log.exists() else []

    def files(self) -> set[str]:
        return {str(p.relative_to(self.home)) for p in self.home.rglob("*")}


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    root = tmp_path / "sandbox"
    home = root / "home"
    bin_dir = root / "bin"
    # A home as people have one: these folders are there before lumbar and stay.
    for folder in (home / ".config", home / "Library", bin_dir, root / "run"):
        folder.mkdir(parents=True)
    for name, script in STAND_INS.items():
        path = bin_dir / name
        path.write_text(script)
        path.chmod(0o755)
    monkeypatch.setenv("SANDBOX", str(root))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(root / "run"))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    return Sandbox(root, home)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


JOB = Job(
    at=time(18, 30),
    command=("/opt/my tools/lumbar", "--db", "/home/me/100% mine/lumbar.db", "remind", "run"),
    environment={"LUMBAR_CONFIG_DIR": "/home/me/.config/lumbar"},
)


def test_systemd_install_writes_a_user_timer_and_remove_leaves_nothing(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, lumbar_home: Locations
) -> None:
    (sandbox.root / "systemd-session").touch()
    before = sandbox.files()
    code, out, err = run(capsys, "remind", "install", "--at", "18:30")
    assert (code, err) == (0, "")
    assert "Reminder installed (systemd): every day at 18:30" in out
    units = sandbox.home / ".config" / "systemd" / "user"
    service = (units / "lumbar-reminder.service").read_text()
    timer = (units / "lumbar-reminder.timer").read_text()
    assert f'ExecStart="{LUMBAR}" "--db" "{lumbar_home.db_path.resolve()}" "remind" "run"' in (
        service
    )
    assert f'Environment="LUMBAR_CONFIG_DIR={lumbar_home.config_dir}"' in service
    assert "OnCalendar=*-*-* 18:30:00" in timer
    assert sandbox.calls[-2:] == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now lumbar-reminder.timer",
    ]
    code, out, _ = run(capsys, "remind", "status", "--json")
    assert json.loads(out) == [
        {"scheduler": "systemd", "where": str(units / "lumbar-reminder.timer"), "at": "18:30"}
    ]
    code, out, _ = run(capsys, "remind", "remove")
    assert code == 0
    assert "Removed the reminder (systemd)" in out
    assert "systemctl --user disable --now lumbar-reminder.timer" in sandbox.calls
    assert sandbox.files() == before  # not a file nor a folder left
    code, out, _ = run(capsys, "remind", "status")
    assert "No reminder installed" in out


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    job = Job(at=time(7, 5), command=(LUMBAR, "--db", str(tmp_path / "l.db"), "remind", "run"))
    (tmp_path / "lumbar-reminder.service").write_text(systemd_service(job))
    (tmp_path / "lumbar-reminder.timer").write_text(systemd_timer(job))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "lumbar-reminder.timer")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    calendar = subprocess.run(
        ["systemd-analyze", "calendar", "*-*-* 07:05:00"], capture_output=True, text=True
    )
    assert calendar.returncode == 0


def test_unit_files_quote_spaces_and_escape_percent_and_dollar() -> None:
    service = systemd_service(JOB)
    assert 'ExecStart="/opt/my tools/lumbar" "--db" "/home/me/100%% mine/lumbar.db"' in service
    odd = Job(at=time(1, 2), command=('/x/"$HOME"/lumbar',))
    assert 'ExecStart="/x/\\"$$HOME\\"/lumbar"' in systemd_service(odd)
    assert "OnCalendar=*-*-* 01:02:00" in systemd_timer(odd)


def test_cron_is_used_without_a_systemd_session_and_keeps_the_other_lines(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, lumbar_home: Locations
) -> None:
    crontab = sandbox.root / "crontab"
    crontab.write_text("MAILTO=me\n15 3 * * * backup --all\n")
    code, out, _ = run(capsys, "remind", "install", "--at", "7:05")
    assert code == 0
    assert "Reminder installed (cron): every day at 07:05" in out
    lines = crontab.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me", "15 3 * * * backup --all"]
    assert lines[2].startswith("5 7 * * * LUMBAR_CONFIG_DIR=")
    assert lines[2].endswith(
        f"{LUMBAR} --db {lumbar_home.db_path.resolve()} remind run {CRON_MARK}"
    )
    run(capsys, "remind", "install", "--at", "21:00")  # a new time replaces the old
    assert [line.split()[:2] for line in crontab.read_text().splitlines()[2:]] == [["0", "21"]]
    run(capsys, "remind", "remove")
    assert crontab.read_text() == "MAILTO=me\n15 3 * * * backup --all\n"


def test_cron_removal_of_the_only_line_removes_the_crontab(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox
) -> None:
    run(capsys, "remind", "install", "--at", "18:00", "--with", "cron")
    assert (sandbox.root / "crontab").exists()
    run(capsys, "remind", "remove")
    assert not (sandbox.root / "crontab").exists()
    assert sandbox.calls[-1] == "crontab -r"


def test_cron_line_quotes_for_the_shell_and_escapes_percent() -> None:
    line = cron_line(JOB)
    assert line.startswith("30 18 * * * LUMBAR_CONFIG_DIR=/home/me/.config/lumbar ")
    assert "'/opt/my tools/lumbar' --db '/home/me/100\\% mine/lumbar.db' remind run" in line
    assert without_reminder(f"a\n{line}\n") == "a\n"
    assert without_reminder(f"{line}\n") == ""


def test_launchd_plist_has_the_keys_and_types_launchd_reads() -> None:
    plist = plistlib.loads(launchd_plist(JOB))
    # launchd.plist(5): Label (string), ProgramArguments (array of strings),
    # StartCalendarInterval (dictionary of integers), EnvironmentVariables (strings).
    assert set(plist) == {
        "Label",
        "ProgramArguments",
        "StartCalendarInterval",
        "RunAtLoad",
        "EnvironmentVariables",
    }
    assert plist["Label"] == "lumbar.reminder"
    assert plist["ProgramArguments"] == list(JOB.command)
    assert plist["StartCalendarInterval"] == {"Hour": 18, "Minute": 30}
    assert plist["RunAtLoad"] is False
    assert plist["EnvironmentVariables"] == {"LUMBAR_CONFIG_DIR": "/home/me/.config/lumbar"}
    text = launchd_plist(JOB).decode()
    assert '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"' in text
    assert "<integer>18</integer>" in text


def test_launchd_install_and_remove(sandbox: Sandbox) -> None:
    schedulers = Schedulers(environ=dict(os.environ), platform="darwin")
    assert schedulers.default() == "launchd"
    before = sandbox.files()
    done = schedulers.install("launchd", JOB)
    path = sandbox.home / "Library" / "LaunchAgents" / "lumbar.reminder.plist"
    assert done.where == str(path)
    assert plistlib.loads(path.read_bytes())["Label"] == "lumbar.reminder"
    assert sandbox.calls[-1] == f"launchctl bootstrap gui/{os.getuid()} {path}"
    assert [r.at for r in schedulers.installed()] == ["18:30"]
    schedulers.remove_all()
    assert sandbox.calls[-1] == f"launchctl bootout gui/{os.getuid()} {path}"
    assert sandbox.files() == before


def test_a_scheduler_not_on_this_system_writes_nothing_and_keeps_the_reminder_there(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, lumbar_home: Locations
) -> None:
    """--with launchd on Linux: one line naming the schedulers there are, no plist left to
    be listed or to break a later remove, and the reminder installed before still stands."""
    (sandbox.root / "bin" / "launchctl").unlink()
    assert run(capsys, "remind", "install", "--with", "cron", "--at", "07:15")[0] == 0
    before = sandbox.files()
    code, out, err = run(capsys, "remind", "install", "--with", "launchd", "--at", "08:00")
    assert (code, out) == (2, "")
    assert err == (
        "lumbar: the reminder was not installed: launchd is not usable here ('launchctl' "
        "was not found); choose --with cron\n"
    )
    # Review (helper-81): systemd was offered where systemctl is but no user session
    # answers, and following that advice failed and left its folders behind.
    code, out, err = run(capsys, "remind", "install", "--with", "systemd", "--at", "08:00")
    assert (code, out) == (2, "")
    assert "systemd is not usable here (no systemd user session answers)" in err
    assert sandbox.files() == before
    assert sandbox.files() == before
    assert run(capsys, "remind")[1] == "Reminder (cron): every day at 07:15, in your crontab.\n"

    # A plist an older lumbar left behind here is taken away without launchctl.
    schedulers = Schedulers(environ=dict(os.environ))
    schedulers.launchd_path.parent.mkdir()
    schedulers.launchd_path.write_bytes(launchd_plist(JOB))
    code, out, err = run(capsys, "remind", "remove")
    assert (code, err) == (0, "")
    assert "Removed the reminder (launchd)" in out
    assert not schedulers.launchd_path.exists()


def test_a_cron_reminder_on_macos_is_listed_and_removed(sandbox: Sandbox) -> None:
    """Review (helper-81): cron works on macOS, but a reminder there was neither listed nor
    removed (only Linux's crontab was read)."""
    schedulers = Schedulers(environ=dict(os.environ), platform="darwin")
    schedulers.install("cron", JOB)
    assert [(r.scheduler, r.at) for r in schedulers.installed()] == [("cron", "18:30")]
    schedulers.remove_all()
    assert schedulers.installed() == []
    assert not (sandbox.root / "crontab").exists()


def test_task_scheduler_xml_follows_the_task_schema(sandbox: Sandbox) -> None:
    schedulers = Schedulers(environ=dict(os.environ), platform="win32")
    assert schedulers.default() == "task-scheduler"
    schedulers.install("task-scheduler", JOB)
    assert any(c.startswith("schtasks /Create /TN lumbar reminder /XML ") for c in sandbox.calls)
    raw = (sandbox.root / "task.xml").read_bytes()
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # UTF-16 with its byte order mark
    assert raw.decode("utf-16") == task_xml(JOB)
    ns = {"t": TASK_NAMESPACE}
    root = ET.fromstring(raw.decode("utf-16").split("?>", 1)[1])
    assert root.tag == f"{{{TASK_NAMESPACE}}}Task"
    assert root.get("version") == "1.2"
    trigger = root.find("t:Triggers/t:CalendarTrigger", ns)
    assert trigger is not None
    start = trigger.findtext("t:StartBoundary", namespaces=ns)
    assert start is not None
    assert datetime.fromisoformat(start).time() == time(18, 30)  # xs:dateTime, local time
    assert trigger.findtext("t:ScheduleByDay/t:DaysInterval", namespaces=ns) == "1"
    principal = root.find("t:Principals/t:Principal", ns)
    assert principal is not None
    assert principal.findtext("t:LogonType", namespaces=ns) == "InteractiveToken"
    assert principal.findtext("t:RunLevel", namespaces=ns) == "LeastPrivilege"
    assert root.findtext("t:Settings/t:ExecutionTimeLimit", namespaces=ns) == "PT5M"
    actions = root.find("t:Actions", ns)
    assert actions is not None
    assert actions.get("Context") == principal.get("id")
    assert actions.findtext("t:Exec/t:Command", namespaces=ns) == "/opt/my tools/lumbar"
    arguments = actions.findtext("t:Exec/t:Arguments", namespaces=ns)
    assert arguments == '--db "/home/me/100% mine/lumbar.db" remind run'
    # Exec's children come in the schema's order: Command, Arguments.
    exec_children = [child.tag.split("}")[1] for child in actions.iter() if child is not actions]
    assert exec_children == ["Exec", "Command", "Arguments"]
    schedulers.remove_all()
    assert sandbox.calls[-1] == "schtasks /Delete /TN lumbar reminder /F"


def test_no_scheduler_at_all_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(sandbox.root / "empty"))
    code, out, err = run(capsys, "remind", "install", "--at", "18:00")
    assert (code, out) == (2, "")
    assert err.startswith("lumbar: the reminder was not installed: no systemd user session")
    code, _, err = run(capsys, "remind", "install", "--at", "25:00")
    assert code == 2
    assert "expected a time as HH:MM" in err


def due_history(lumbar_home: Locations) -> None:
    db = open_database(lumbar_home.db_path)
    routine_session(db, utc_now() - timedelta(days=2))  # Core basics: due today
    db.close()


def test_run_without_a_desktop_prints_one_line_when_due(
    capsys: pytest.CaptureFixture[str], sandbox: Sandbox, lumbar_home: Locations
) -> None:
    assert not has_desktop(os.environ)
    assert notify("lumbar", "a test") is False
    code, out, err = run(capsys, "remind", "run")
    assert (code, out, err) == (0, "", "")  # nothing due: not a word
    due_history(lumbar_home)
    code, out, err = run(capsys, "remind", "run")
    assert (code, err) == (0, "")
    assert out == (
        "lumbar: Due today: Core basics. "
        "Check-ins due: PEG, how this week went · PSFS, your activities\n"
    )


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="no dbus-daemon here")
def test_run_with_a_desktop_sends_the_notification_through_the_library(
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    lumbar_home: Locations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from notification_server import session_with_notifications

    due_history(lumbar_home)
    with session_with_notifications() as (address, service):
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert has_desktop(os.environ)
        code, out, err = run(capsys, "remind", "run")
        assert (code, out, err) == (0, "", "")  # shown on the desktop, not printed
        assert len(service.received) == 1
        app_name, title, body = service.received[0]
        assert (app_name, title) == ("lumbar", "lumbar")
        assert body.startswith("Due today: Core basics.")
