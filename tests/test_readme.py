"""The README stays true: CI runs its test command, and it documents every command and key."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shlex
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from export_sessions import add_heart_rate, set_row
from textual.binding import Binding
from textual.dom import DOMNode

from db.connection import open_database
from db.sessions import SessionWriter
from tui.app import LumbarApp
from tui.cli import build_parser, main
from tui.locations import Locations

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
KEY_NAMES = {"question_mark": "?", "slash": "/", "plus": "+", "minus": "-"}


KEYS_TABLE = README.split("## Keys", 1)[1].split("\n## ", 1)[0]
COMMANDS_BLOCK = README.split("## Commands\n\n```\n", 1)[1].split("\n```", 1)[0]


def code_block_after(heading: str) -> str:
    match = re.search(rf"## {heading}\n\n```sh\n(.+?)\n```", README, re.DOTALL)
    assert match, f"README has no sh block under '## {heading}'"
    return match.group(1)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = code_block_after("Run the tests")
    assert "pytest" in command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci_lines


def test_the_start_command_installs_and_runs_lumbar() -> None:
    command = code_block_after("Install and start")
    assert "pip install" in command
    assert command.endswith("lumbar")


def test_every_command_is_documented() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert commands.choices
    for name in commands.choices:
        assert f"lumbar {name}" in README, f"README does not mention 'lumbar {name}'"


@pytest.mark.parametrize("owner", LumbarApp.binding_owners())
def test_every_key_is_documented(owner: type[DOMNode]) -> None:
    for binding in owner.BINDINGS:
        assert isinstance(binding, Binding)
        for name in binding.key.split(","):
            key = KEY_NAMES.get(name, name)
            assert f"`{key}`" in KEYS_TABLE, f"README's key table lacks {key} ({binding.id})"


def test_every_key_the_table_gives_a_session_works_in_one() -> None:
    """A row that names "session" among its places names only keys a live session binds
    (found in a trial: escape's "back" row named the session, where escape does nothing;
    its "a session in the log" is another place)."""
    from tui.screens.runner import RunnerScreen

    bound = {
        KEY_NAMES.get(name, name)
        for binding in RunnerScreen.BINDINGS
        if isinstance(binding, Binding)
        for name in binding.key.split(",")
    }
    rows = [line.split(" | ") for line in KEYS_TABLE.splitlines() if line.startswith("| `")]
    in_session = [row for row in rows if "session" in row[1].split(", ")]
    assert len(in_session) >= 10
    for row in in_session:
        for key in re.findall(r"`([^`]+)`", row[0]):
            assert key in bound, f"README: `{key}` does nothing in a session: {row[0]}"


def synopsis(command: str) -> str:
    """The README's usage line of ``lumbar COMMAND`` in the Commands block, with the lines
    that carry on its options (indented less than the descriptions), as one line."""
    lines = COMMANDS_BLOCK.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"lumbar {command} "))
    taken = [lines[start].split("   ", 1)[0]]
    for line in lines[start + 1 :]:
        indent = len(line) - len(line.lstrip())
        if not line.strip() or indent >= 20:
            break
        taken.append(line)
    return " ".join(" ".join(taken).split())


def usage(command: str) -> str:
    """What ``lumbar COMMAND --help`` gives as its usage, written as the README writes it:
    no -h, a choice as a|b|c."""
    (commands,) = [a for a in build_parser()._actions if a.dest == "command"]
    assert isinstance(commands.choices, dict)
    parser = commands.choices[command]
    assert isinstance(parser, argparse.ArgumentParser)
    text = " ".join(parser.format_usage().removeprefix("usage: ").split())
    text = text.replace(" [-h]", "")
    return re.sub(r"\{([^}]+)\}", lambda m: m.group(1).replace(",", "|"), text)


def test_the_readme_gives_the_export_options_as_the_parser_takes_them() -> None:
    assert synopsis("export") == usage("export")


EXPORT_EXAMPLES = re.findall(r"`(lumbar export [^`]+)`", README)
SESSIONS_NAMED = 12


@pytest.fixture
def twelve_sessions(lumbar_home: Locations) -> list[int]:
    """Sessions with ids 1 to 12, each a set with heart rate (a strap): the README's
    examples name ids up to 12."""
    db = open_database(lumbar_home.db_path)
    ids = []
    for _ in range(SESSIONS_NAMED):
        writer = SessionWriter.start(db, kind="routine", routine_id="core-basics")
        writer.step(set_row(1, "bird-dog", "Bird dog", "reps", 5.0, 25.0, reps=5, side="left"))
        add_heart_rate(writer, 30, 70)
        writer.finish("completed", 30.0)
        ids.append(writer.session_id)
    db.close()
    return ids


def exported_ids(path: Path, form: str) -> list[int] | None:
    """The session ids inside an exported file, read as another tool would; None for a TCX
    (an activity, without our ids: the command's line names its session)."""
    if form == "json":
        return [s["id"] for s in json.loads(path.read_text(encoding="utf-8"))["sessions"]]
    if form == "csv" and path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            text = archive.read("sessions.csv").decode("utf-8")
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]
    assert form == "tcx"
    assert ET.parse(path).getroot().tag.endswith("}TrainingCenterDatabase")
    return None


@pytest.mark.parametrize("example", EXPORT_EXAMPLES)
def test_the_readme_export_examples_run(
    example: str,
    twelve_sessions: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert twelve_sessions == list(range(1, SESSIONS_NAMED + 1))
    argv = shlex.split(example)[1:]
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0, capsys.readouterr().err
    args = build_parser().parse_args(argv)
    wanted = twelve_sessions if args.all else args.session_ids
    out = capsys.readouterr().out
    said = f"session {wanted[0]}" if len(wanted) == 1 else f"{len(wanted)} sessions ("
    assert out.startswith(f"Exported {said}")
    assert out.endswith(f" to {args.output}.\n")
    written = tmp_path / args.output
    assert exported_ids(written, args.format) in (wanted, None)


def test_the_readme_exports_one_session_and_several_named_at_once() -> None:
    named = [build_parser().parse_args(shlex.split(e)[1:]).session_ids for e in EXPORT_EXAMPLES]
    assert [1 for ids in named if ids is not None and len(ids) == 1]
    several = [e for e, ids in zip(EXPORT_EXAMPLES, named, strict=True) if ids and len(ids) > 1]
    assert several
    assert all(e.count("--session") == 1 for e in several)
