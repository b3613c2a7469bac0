"""A daily reminder through the operating system's own scheduler, installed and removed.

Only what ``lumbar remind install`` writes ever runs, and ``lumbar remind remove`` takes all
of it away again:

- Linux with a systemd user session: ``lumbar-reminder.service`` and ``.timer`` in
  ``$XDG_CONFIG_HOME/systemd/user`` (default ``~/.config``), enabled with
  ``systemctl --user``.
- Linux without one: one line in the user's crontab, marked ``# lumbar-reminder``; a
  crontab that held nothing else is removed whole.
- macOS: ``~/Library/LaunchAgents/lumbar.reminder.plist``, loaded with ``launchctl``.
- Windows: the task ``lumbar reminder`` of the Task Scheduler, registered from task XML.

The files are made by pure functions (tested against their formats on any system); the
commands run through ``run``, a seam for tests that put stand-ins first on ``PATH``.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

SchedulerName = Literal["systemd", "cron", "launchd", "task-scheduler"]
SCHEDULERS: tuple[SchedulerName, ...] = ("systemd", "cron", "launchd", "task-scheduler")
PROGRAMS: dict[SchedulerName, str] = {
    "systemd": "systemctl",
    "cron": "crontab",
    "launchd": "launchctl",
    "task-scheduler": "schtasks",
}
"""The command each scheduler is driven with: without it, it is not on this system."""

UNIT = "lumbar-reminder"
CRON_MARK = "# lumbar-reminder"
LAUNCHD_LABEL = "lumbar.reminder"
TASK_NAME = "lumbar reminder"
DESCRIPTION = "lumbar: a daily word when an exercise session is due"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


class ReminderProblem(Exception):
    """Something the person can fix: one line."""


@dataclass(frozen=True, slots=True)
class Job:
    """What runs each day, and when."""

    at: time
    command: tuple[str, ...]
    environment: Mapping[str, str] = field(default_factory=dict)


Runner = Callable[[Sequence[str], str | None], "subprocess.CompletedProcess[str]"]


def run(argv: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a scheduler's command; a missing program is a ReminderProblem."""
    try:
        return subprocess.run(
            list(argv), input=stdin, capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise ReminderProblem(f"'{argv[0]}' was not found") from None
    except subprocess.TimeoutExpired:
        raise ReminderProblem(f"'{' '.join(argv)}' did not answer within a minute") from None


def _checked(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise ReminderProblem(f"{what} failed: {said[-1] if said else result.returncode}")


# --- the files, as pure functions ------------------------------------------------------


def _systemd_quote(word: str) -> str:
    """One word of a unit file's ExecStart/Environment: quoted, with the specifier % and the
    variable $ escaped."""
    text = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("%", "%%").replace("$", "$$") + '"'


def systemd_service(job: Job) -> str:
    lines = [
        "[Unit]",
        f"Description={DESCRIPTION}",
        "",
        "[Service]",
        "Type=oneshot",
        "ExecStart=" + " ".join(_systemd_quote(word) for word in job.command),
    ]
    lines += [f"Environment={_systemd_quote(f'{k}={v}')}" for k, v in job.environment.items()]
    return "\n".join(lines) + "\n"


def systemd_timer(job: Job) -> str:
    return (
        "[Unit]\n"
        f"Description={DESCRIPTION}, at {job.at:%H:%M}\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {job.at:%H:%M}:00\n"
        # A machine asleep at that time reminds when it wakes, that day.
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def cron_line(job: Job) -> str:
    """E.g. ``0 18 * * * LUMBAR_CONFIG_DIR='…' '/…/lumbar' remind run # lumbar-reminder``;
    % is special to cron and escaped."""
    words = [f"{k}={shlex.quote(v)}" for k, v in job.environment.items()]
    words += [shlex.quote(word) for word in job.command]
    command = " ".join(words).replace("%", "\\%")
    return f"{job.at.minute} {job.at.hour} * * * {command} {CRON_MARK}"


def without_reminder(crontab: str) -> str:
    """The crontab with lumbar's line taken out."""
    kept = [line for line in crontab.splitlines() if not line.rstrip().endswith(CRON_MARK)]
    return "\n".join(kept) + "\n" if any(line.strip() for line in kept) else ""


def launchd_plist(job: Job) -> bytes:
    document: dict[str, object] = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(job.command),
        "StartCalendarInterval": {"Hour": job.at.hour, "Minute": job.at.minute},
        "RunAtLoad": False,
    }
    if job.environment:
        document["EnvironmentVariables"] = dict(job.environment)
    return plistlib.dumps(document, fmt=plistlib.FMT_XML)


def _windows_arguments(words: Sequence[str]) -> str:
    return subprocess.list2cmdline(list(words))


def task_xml(job: Job) -> str:
    """Task Scheduler XML (schema version 1.2): daily at ``job.at``, as the person logged on,
    with no more rights than theirs."""
    command, *arguments = job.command
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="{TASK_NAMESPACE}">
  <RegistrationInfo>
    <Description>{escape(DESCRIPTION)}</Description>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2025-01-01T{job.at:%H:%M}:00</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT5M</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(command)}</Command>
      <Arguments>{escape(_windows_arguments(arguments))}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


# --- installing and removing ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Installed:
    scheduler: SchedulerName
    where: str  # the files written, or the crontab / task name
    at: str | None  # HH:MM, when it can be read back


@dataclass
class Schedulers:
    """The schedulers of this system, with where their files go."""

    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    runner: Runner = run
    platform: str = sys.platform

    @property
    def home(self) -> Path:
        return Path(self.environ.get("HOME") or self.environ.get("USERPROFILE") or Path.home())

    @property
    def systemd_dir(self) -> Path:
        config = self.environ.get("XDG_CONFIG_HOME") or str(self.home / ".config")
        return Path(config) / "systemd" / "user"

    @property
    def launchd_path(self) -> Path:
        return self.home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"

    def default(self) -> SchedulerName:
        """The scheduler to use here: launchd on macOS, the Task Scheduler on Windows; on
        Linux a systemd user session when one answers, else cron."""
        if self.platform == "darwin":
            return "launchd"
        if self.platform.startswith("win"):
            return "task-scheduler"
        if self._has("systemctl"):
            answer = self.runner(["systemctl", "--user", "show-environment"], None)
            if answer.returncode == 0:
                return "systemd"
        if self._has("crontab"):
            return "cron"
        raise ReminderProblem(
            "no systemd user session answers and there is no crontab command; "
            "install cron, or choose one with --with"
        )

    def _usable(self, scheduler: SchedulerName) -> bool:
        """Its command is here (and, for systemd, a user session answers it)."""
        if not self._has(PROGRAMS[scheduler]):
            return False
        if scheduler == "launchd" and self.platform != "darwin":
            return False  # a launchctl elsewhere is not macOS's
        if scheduler == "task-scheduler" and not self.platform.startswith("win"):
            return False
        if scheduler == "systemd":
            return self.runner(["systemctl", "--user", "show-environment"], None).returncode == 0
        return True

    def _has(self, program: str) -> bool:
        return shutil.which(program, path=self.environ.get("PATH")) is not None

    def install(self, scheduler: SchedulerName, job: Job) -> Installed:
        """Install the reminder with ``scheduler``; nothing is written or taken away when that
        scheduler is not on this system."""
        if not self._usable(scheduler):
            here = [f"--with {name}" for name in SCHEDULERS if self._usable(name)]
            choices = " or ".join(filter(None, (", ".join(here[:-1]), *here[-1:])))
            why = (
                "no systemd user session answers"
                if scheduler == "systemd" and self._has(PROGRAMS[scheduler])
                else f"'{PROGRAMS[scheduler]}' was not found"
                if not self._has(PROGRAMS[scheduler])
                else "it is another system's"
            )
            raise ReminderProblem(
                f"{scheduler} is not usable here ({why}); "
                + (f"choose {choices}" if here else "no scheduler was found here")
            )
        self.remove_all()  # one reminder at a time: a new time replaces the old
        return getattr(self, f"_install_{scheduler.replace('-', '_')}")(job)  # type: ignore[no-any-return]

    def _install_systemd(self, job: Job) -> Installed:
        folder = self.systemd_dir
        folder.mkdir(parents=True, exist_ok=True)
        service, timer = folder / f"{UNIT}.service", folder / f"{UNIT}.timer"
        service.write_text(systemd_service(job), encoding="utf-8")
        timer.write_text(systemd_timer(job), encoding="utf-8")
        try:
            _checked(self.runner(["systemctl", "--user", "daemon-reload"], None), "systemctl")
            _checked(
                self.runner(["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"], None),
                "systemctl --user enable",
            )
        except ReminderProblem:
            service.unlink(missing_ok=True)
            timer.unlink(missing_ok=True)
            raise
        return Installed("systemd", f"{service}, {timer}", f"{job.at:%H:%M}")

    def _crontab(self) -> str:
        listed = self.runner(["crontab", "-l"], None)
        if listed.returncode != 0:
            if "no crontab" in (listed.stderr + listed.stdout).lower():
                return ""
            _checked(listed, "crontab -l")
        return listed.stdout

    def _install_cron(self, job: Job) -> Installed:
        current = without_reminder(self._crontab())
        _checked(self.runner(["crontab", "-"], current + cron_line(job) + "\n"), "crontab")
        return Installed("cron", "your crontab (crontab -l)", f"{job.at:%H:%M}")

    def _install_launchd(self, job: Job) -> Installed:
        path = self.launchd_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(launchd_plist(job))
        try:
            _checked(
                self.runner(["launchctl", "bootstrap", f"gui/{os.getuid()}", str(path)], None),
                "launchctl bootstrap",
            )
        except ReminderProblem:
            path.unlink(missing_ok=True)
            _remove_empty(path.parent)
            raise
        return Installed("launchd", str(path), f"{job.at:%H:%M}")

    def _install_task_scheduler(self, job: Job) -> Installed:
        with tempfile.TemporaryDirectory() as folder:
            xml = Path(folder) / "lumbar-reminder.xml"
            xml.write_text(task_xml(job), encoding="utf-16")
            _checked(
                self.runner(
                    ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml), "/F"], None
                ),
                "schtasks /Create",
            )
        return Installed("task-scheduler", f"the task '{TASK_NAME}'", f"{job.at:%H:%M}")

    def installed(self) -> list[Installed]:
        """Every lumbar reminder found, whichever scheduler holds it."""
        found: list[Installed] = []
        timer = self.systemd_dir / f"{UNIT}.timer"
        if timer.exists():
            at = _timer_time(timer.read_text(encoding="utf-8"))
            found.append(Installed("systemd", str(timer), at))
        if not self.platform.startswith("win") and self._has("crontab"):  # macOS too
            for line in self._crontab().splitlines():
                if line.rstrip().endswith(CRON_MARK):
                    minute, hour = line.split()[:2]
                    at = f"{int(hour):02d}:{int(minute):02d}"
                    found.append(Installed("cron", "your crontab", at))
        if self.launchd_path.exists():
            plist = plistlib.loads(self.launchd_path.read_bytes())
            when = plist.get("StartCalendarInterval", {})
            at = f"{when.get('Hour', 0):02d}:{when.get('Minute', 0):02d}"
            found.append(Installed("launchd", str(self.launchd_path), at))
        if self.platform.startswith("win"):
            query = self.runner(["schtasks", "/Query", "/TN", TASK_NAME], None)
            if query.returncode == 0:
                found.append(Installed("task-scheduler", f"the task '{TASK_NAME}'", None))
        return found

    def remove_all(self) -> list[Installed]:
        """Take away every lumbar reminder: its files, its crontab line, its task."""
        removed = self.installed()
        for reminder in removed:
            getattr(self, f"_remove_{reminder.scheduler.replace('-', '_')}")()
        return removed

    def _remove_systemd(self) -> None:
        if self._has("systemctl"):
            self.runner(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"], None)
        for suffix in ("timer", "service"):
            (self.systemd_dir / f"{UNIT}.{suffix}").unlink(missing_ok=True)
        _remove_empty(self.systemd_dir, self.systemd_dir.parent)
        if self._has("systemctl"):
            self.runner(["systemctl", "--user", "daemon-reload"], None)

    def _remove_cron(self) -> None:
        kept = without_reminder(self._crontab())
        if kept:
            _checked(self.runner(["crontab", "-"], kept), "crontab")
        else:  # it held only lumbar's line: no crontab is left behind
            self.runner(["crontab", "-r"], None)

    def _remove_launchd(self) -> None:
        path = self.launchd_path
        if self._has("launchctl"):  # without it, the file was never loaded: it only goes
            self.runner(["launchctl", "bootout", f"gui/{os.getuid()}", str(path)], None)
        path.unlink(missing_ok=True)
        _remove_empty(path.parent)

    def _remove_task_scheduler(self) -> None:
        _checked(
            self.runner(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"], None), "schtasks /Delete"
        )


def _remove_empty(*folders: Path) -> None:
    """Folders made for the reminder, gone again when nothing else is in them."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not there): it is not only ours
            return


def _timer_time(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("OnCalendar=*-*-* "):
            return line.split()[-1][:5]
    return None


def lumbar_command(db_path: Path, environ: Mapping[str, str]) -> Job:
    """``lumbar --db PATH remind run`` as this installation runs it, with the places chosen
    by environment variables kept (not at 00:00: the time is filled in by ``at``)."""
    script = Path(sys.executable).with_name("lumbar.exe" if os.name == "nt" else "lumbar")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    command = (*base, "--db", str(db_path.resolve()), "remind", "run")
    keep = {k: environ[k] for k in ("LUMBAR_CONFIG_DIR",) if environ.get(k)}
    return Job(at=time(0, 0), command=command, environment=keep)
