"""The command-line contract: JSON documents, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from log_history import Story, story

from catalog import Catalog
from catalog.plan import estimate_seconds, expand
from tui.cli import main
from tui.locations import Locations, locate, windows_quote

EXERCISE_FIELDS = {
    "id",
    "name",
    "aliases",
    "mode",
    "per_side",
    "position",
    "equipment",
    "optional_equipment",
    "muscles",
    "primary_muscles",
    "frequency",
    "safety",
    "steps",
    "cues",
    "cautions",
    "dose",
    "variants",
    "sources",
}
LUMBAR = Path(sys.executable).parent / "lumbar"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_catalog_json_lists_every_exercise_with_the_contract_fields(
    capsys: pytest.CaptureFixture[str], builtin: Catalog
) -> None:
    code, out, err = run(capsys, "catalog", "--json")
    assert (code, err) == (0, "")
    exercises = json.loads(out)
    assert [e["id"] for e in exercises] == list(builtin.exercises)
    for exercise in exercises:
        assert exercise.keys() >= EXERCISE_FIELDS
        assert exercise["steps"]
        assert exercise["sources"]
        assert all(s["file"].endswith(".txt") for s in exercise["sources"])
        assert exercise["mode"] in {"hold", "reps", "timed"}
        assert set(exercise["dose"]) == {"start", "target", "note"}
        assert exercise["origin"] == "built-in"


def test_catalog_show_json_is_one_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "bird-dog", "--json")
    assert code == 0
    bird_dog = json.loads(out)
    assert bird_dog["id"] == "bird-dog"
    assert bird_dog["per_side"] is True
    assert bird_dog["dose"]["start"]["hold_s"] in (2, 3)


def test_catalog_show_text_has_steps_and_safety(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "clam-shell")
    assert code == 0
    assert out.startswith("# Clam shell\n")
    assert "## Steps" in out
    assert "## Cautions" in out
    assert "Stop if pain increases" in out


def test_catalog_show_gives_optional_equipment_ranked_muscles_and_safety(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "catalog", "show", "clam-shell", "--json")
    clam = json.loads(out)
    assert (clam["equipment"], clam["optional_equipment"]) == (["mat"], ["resistance band"])
    assert clam["primary_muscles"] == ["gluteus medius"]
    assert clam["frequency"] is None
    assert clam["safety"][0].startswith("Stop if pain increases")
    assert any("fall" in line for line in clam["safety"])

    _, text, _ = run(capsys, "catalog", "show", "clam-shell")
    assert "- **Equipment:** mat · optional: resistance band\n" in text
    assert "- **Muscles:** mainly gluteus medius; also gluteus maximus" in text
    assert "After a fall" in text

    _, walking, _ = run(capsys, "catalog", "show", "walking", "--json")
    assert "regularly" in json.loads(walking)["frequency"]["note"].lower()


def test_routines_show_gives_how_often(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "routines", "show", "core-basics", "--json")
    core = json.loads(out)
    assert core["frequency"]["times"] == 3
    assert core["frequency"]["per"] == "week"
    assert core["frequency"]["progress_after_weeks"] == 6
    assert any("show you the form" in line for line in core["safety"])

    _, text, _ = run(capsys, "routines", "show", "core-basics")
    assert "**How often:** 3 times a week." in text
    assert "**Step up:** After 6 weeks, hold each position longer." in text
    assert "After a fall" in text.split("\n> ", 1)[1]

    _, back_ten, _ = run(capsys, "routines", "show", "back-ten", "--json")
    assert json.loads(back_ten)["frequency"] is None


def test_catalog_table_lists_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "SIDES", "POSITION"]
    assert any(line.startswith("glute-bridge ") and "Glute bridge" in line for line in lines)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["catalog", "show", "glute-brige"],
            "lumbar: no exercise 'glute-brige'; did you mean 'glute-bridge'? "
            "'lumbar catalog' lists them\n",
        ),
        (
            ["routines", "show", "nope"],
            "lumbar: no routine 'nope'; 'lumbar routines' lists them\n",
        ),
        (["run", "core-basic"], "lumbar: no routine 'core-basic'; did you mean 'core-basics'?"),
        (
            ["run", "core"],
            "lumbar: no routine 'core'; did you mean 'core-basics' or 'core-stability'? "
            "'lumbar routines' lists them\n",
        ),
        (
            ["catalog", "show", "plank"],
            "lumbar: no exercise 'plank'; did you mean 'side-plank' or 'forearm-plank'? ",
        ),
        (
            ["routines", "show", "Desk break"],
            "lumbar: no routine 'Desk break'; did you mean 'desk-break'? ",
        ),
        (["run", ""], "lumbar: no routine ''; 'lumbar routines' lists them\n"),
        (["log", "--routine", " "], "lumbar: no routine ' '; 'lumbar routines' lists them\n"),
        (["catalog", "show", ""], "lumbar: no exercise ''; 'lumbar catalog' lists them\n"),
        (["dance"], "lumbar: argument COMMAND: invalid choice: 'dance'"),
        (
            ["catalog", "--jsn"],
            "lumbar: unrecognized arguments: --jsn (see 'lumbar catalog --help')\n",
        ),
    ],
)
def test_mistakes_get_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_routines_json_gives_items_with_effective_doses(
    capsys: pytest.CaptureFixture[str], builtin: Catalog
) -> None:
    code, out, _ = run(capsys, "routines", "--json")
    assert code == 0
    routines = {r["id"]: r for r in json.loads(out)}
    assert routines.keys() == builtin.routines.keys()
    core = routines["core-basics"]
    assert core.keys() >= {"id", "name", "description", "items", "sources"}
    assert [i["exercise"] for i in core["items"]] == ["bird-dog", "glute-bridge", "forearm-plank"]
    bridge = builtin.exercises["glute-bridge"]
    assert core["items"][1]["dose"]["reps"] == bridge.dose.start.reps
    expected = estimate_seconds(expand(builtin.routines["core-basics"], builtin.exercises, 30))
    assert core["estimated_s"] == expected


def test_rest_setting_changes_the_estimate(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations
) -> None:
    run(capsys, "routines", "show", "core-basics", "--json")
    lumbar_home.config_dir.mkdir(parents=True)
    lumbar_home.settings_path.write_text("rest_s = 90\n")
    _, before, _ = run(capsys, "routines", "show", "core-basics", "--json")
    lumbar_home.settings_path.write_text("rest_s = 0\n")
    _, after, _ = run(capsys, "routines", "show", "core-basics", "--json")
    assert json.loads(before)["estimated_s"] > json.loads(after)["estimated_s"]


def test_a_broken_user_file_warns_on_stderr_and_json_stays_clean(
    capsys: pytest.CaptureFixture[str], user_catalog: Path
) -> None:
    (user_catalog / "broken.toml").write_text("[[exercise]]\nid = \n")
    code, out, err = run(capsys, "catalog", "--json")
    assert code == 0
    assert len(json.loads(out)) >= 25
    assert err == f"lumbar: warning: {user_catalog / 'broken.toml'}: not valid TOML: " + (
        "Invalid value (at line 2, column 6)\n"
    )


def test_user_exercises_are_marked_as_theirs(
    capsys: pytest.CaptureFixture[str], user_catalog: Path
) -> None:
    (user_catalog / "mine.toml").write_text(
        '[[exercise]]\nid = "wall-sit"\nname = "Wall sit"\nsummary = "s"\nmode = "hold"\n'
        'position = "standing"\npurpose = "strength"\nsteps = ["Sit on air."]\n'
        "[exercise.dose]\nstart = { hold_s = 10 }\ntarget = { hold_s = 30 }\n"
    )
    _, out, _ = run(capsys, "catalog", "show", "wall-sit", "--json")
    assert json.loads(out)["origin"] == "user"
    _, table, _ = run(capsys, "catalog")
    assert "Wall sit (yours)" in table


def test_locate_reports_the_places_and_honours_db(
    capsys: pytest.CaptureFixture[str], lumbar_home: Locations, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "locate", "--json")
    assert code == 0
    assert json.loads(out) == {
        "settings": str(lumbar_home.config_dir / "settings.toml"),
        "catalog_dir": str(lumbar_home.config_dir / "catalog"),
        "devices": str(lumbar_home.config_dir / "devices.toml"),
        "database": str(lumbar_home.data_dir / "lumbar.db"),
        "demo_database": str(lumbar_home.data_dir / "demo.db"),
    }
    _, out, _ = run(capsys, "--db", str(tmp_path / "x.db"), "locate", "--json")
    assert json.loads(out)["database"] == str(tmp_path / "x.db")
    # The demo keeps its sessions apart, unless a database is named.
    _, out, _ = run(capsys, "--demo", "locate", "--json")
    assert json.loads(out)["database"] == str(lumbar_home.data_dir / "demo.db")
    _, out, _ = run(capsys, "--demo", "--db", str(tmp_path / "x.db"), "locate", "--json")
    assert json.loads(out)["database"] == str(tmp_path / "x.db")
    _, text, _ = run(capsys, "locate")
    assert "(not created yet)" in text


def test_locate_honours_lumbar_db(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LUMBAR_DB", str(tmp_path / "env.db"))
    _, out, _ = run(capsys, "locate", "--json")
    assert json.loads(out)["database"] == str(tmp_path / "env.db")
    _, out, _ = run(capsys, "--demo", "locate", "--json")
    assert json.loads(out)["database"] == str(tmp_path / "env.db"), "the named one is shared"


def test_a_command_to_reach_a_database_names_it_as_lumbar_was_started(
    lumbar_home: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands lumbar prints to find a session again reach the database it is in."""
    assert lumbar_home.command("log show 3") == "lumbar log show 3"
    assert locate(demo=True).command("log show 3") == "lumbar --demo log show 3"
    named = locate(str(tmp_path / "my db.sqlite"))
    assert named.command("log show 3") == f"lumbar --db '{tmp_path}/my db.sqlite' log show 3"
    # Review (helper-81): with LUMBAR_DB set, the bare command reads that file, not the
    # person's default one; a relative --db only worked from the folder lumbar ran in.
    environ = {**os.environ, "LUMBAR_DB": str(tmp_path / "other.db")}
    default = locate(str(lumbar_home.db_path), environ)
    assert default.command("log show 3", environ) == (
        f"lumbar --db {lumbar_home.db_path} log show 3"
    )
    assert locate(None, environ).command("log show 3", environ) == "lumbar log show 3"
    assert locate(None, environ, demo=True).command("log", environ) == "lumbar log"
    monkeypatch.chdir(tmp_path)
    assert locate("rel.db").command("log") == f"lumbar --db {tmp_path}/rel.db log"


@pytest.mark.parametrize(
    ("name", "posix", "windows"),
    [
        ("my db.sqlite", "'{folder}/my db.sqlite'", '"{folder}/my db.sqlite"'),
        ("O'Brien.db", "'{folder}/O'\"'\"'Brien.db'", '"{folder}/O\'Brien.db"'),
        ('say "hi".db', "'{folder}/say \"hi\".db'", '"{folder}/say \\"hi\\".db"'),
    ],
)
def test_a_command_to_reach_a_database_is_quoted_for_the_shells_of_its_platform(
    lumbar_home: Locations, tmp_path: Path, name: str, posix: str, windows: str
) -> None:
    """A POSIX shell takes single quotes; cmd.exe and PowerShell take double quotes (by the
    C runtime's rules, as ``subprocess.list2cmdline``), and read a single quote as itself
    only inside them."""
    path = tmp_path / name
    named = locate(str(path))
    on_linux = named.command("log show 3", platform="linux")
    assert on_linux == f"lumbar --db {posix.format(folder=tmp_path)} log show 3"
    assert shlex.split(on_linux)[2] == str(path)
    on_windows = named.command("log show 3", platform="win32")
    assert on_windows == f"lumbar --db {windows.format(folder=tmp_path)} log show 3"
    # A path with nothing to quote is typed as it is on both.
    plain = locate(str(tmp_path / "plain.db"))
    for platform in ("linux", "darwin", "win32"):
        assert plain.command("log", platform=platform) == f"lumbar --db {tmp_path}/plain.db log"


@pytest.mark.parametrize(
    "word",
    [
        "C:\\Program Files\\lumbar\\lumbar.db",
        "C:\\Program Files\\lumbar\\",
        "C:\\Users\\Ann Lee\\O'Brien.db",
        'C:\\my files\\say "hi".db',
        'C:\\my files\\two\\\\"quotes".db',
        "",
    ],
)
def test_a_word_for_windows_in_double_quotes_is_as_list2cmdline_quotes_it(word: str) -> None:
    assert windows_quote(word) == subprocess.list2cmdline([word])


@pytest.mark.parametrize(
    ("word", "quoted"),
    [
        ("C:\\Users\\Ann\\lumbar.db", "C:\\Users\\Ann\\lumbar.db"),
        ("C:\\Users\\O'Brien\\lumbar.db", '"C:\\Users\\O\'Brien\\lumbar.db"'),
        ("C:\\R&D (old)\\lumbar.db", '"C:\\R&D (old)\\lumbar.db"'),
        ("C:\\a,b;c\\x.db", '"C:\\a,b;c\\x.db"'),
    ],
)
def test_a_word_for_windows_is_quoted_when_either_shell_would_read_it(
    word: str, quoted: str
) -> None:
    """Bare where cmd.exe and PowerShell both pass it on as it is, else in double quotes
    (list2cmdline quotes only spaces and tabs: ``O'Brien`` bare opens a string in
    PowerShell, ``&`` ends the command in cmd.exe)."""
    assert windows_quote(word) == quoted


def test_the_app_without_a_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys)
    assert code == 2
    assert err == (
        "lumbar: the app needs a terminal; for text output use 'lumbar catalog' or "
        "'lumbar routines'\n"
    )


def test_the_installed_command_prints_one_json_document() -> None:
    result = subprocess.run(
        [str(LUMBAR), "routines", "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert {r["id"] for r in json.loads(result.stdout)} >= {"core-basics", "back-ten"}


def test_the_installed_command_never_shows_a_traceback() -> None:
    result = subprocess.run(
        [str(LUMBAR), "catalog", "show", "nope"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_help_names_the_coachs_voice_and_its_key() -> None:
    """Found in a trial: nothing in ``lumbar --help`` said the coach speaks, nor which key
    switches its sound, nor where its voice is chosen."""
    result = subprocess.run([str(LUMBAR), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "the coach speaks its cues" in text
    assert "no system package" in text
    assert "v switches between voice, tones only and silent" in text
    assert "voice_name" in text


def installed(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed lumbar, run in this test's home (``lumbar_home`` set its environment)."""
    return subprocess.run([str(LUMBAR), *argv], capture_output=True, text=True, check=False)


SESSION_ID_TAKERS = [
    ["log", "show", "{id}"],
    ["log", "note", "{id}", "a note"],
    ["log", "delete", "{id}", "--yes"],
    ["export", "--format", "csv", "--session", "{id}", "-o", "{out}"],
]
"""Every command that takes a session id."""


@pytest.mark.parametrize("command", SESSION_ID_TAKERS)
@pytest.mark.parametrize(
    ("typed", "wrong"),
    [("-1", "a session id is a number of 1 or more, not '-1'"), ("99", "no session 99")],
)
@pytest.mark.parametrize(("before", "log"), [([], "lumbar log"), (["--demo"], "lumbar --demo log")])
def test_a_session_id_that_names_none_says_so_and_which_log_lists_them(
    history: Story,
    now: datetime,
    tmp_path: Path,
    command: list[str],
    typed: str,
    wrong: str,
    before: list[str],
    log: str,
) -> None:
    """``lumbar --demo export --session -1`` pointed at 'lumbar log' (the person's sessions,
    not the demo's) and at the export's help as well, and "no session 99" under --demo at
    'lumbar log' too: one line, one pointer, to the log of the database in use."""
    story(locate(demo=True).db_path, now)  # sessions in both databases, none of them 99
    out = tmp_path / "out"
    result = installed(*before, *(word.format(id=typed, out=out) for word in command))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"lumbar: {wrong}; '{log}' lists them\n"
    assert not out.exists()


def test_a_session_id_refused_points_at_the_log_of_the_database_named(
    tmp_path: Path,
) -> None:
    named = tmp_path / "named.db"
    assert installed("--db", str(named), "log", "show", "x").stderr == (
        f"lumbar: a session id is a number of 1 or more, not 'x'; "
        f"'lumbar --db {shlex.quote(str(named))} log' lists them\n"
    )
    huge = str(2**63)
    assert installed("--demo", "log", "show", huge).stderr == (
        f"lumbar: no session {huge}; 'lumbar --demo log' lists them\n"
    )


def test_a_closed_pipe_is_not_an_error() -> None:
    """``lumbar catalog --json | true``: the reader is gone before lumbar writes."""
    result = subprocess.run(
        f"'{LUMBAR}' catalog --json | true; echo $PIPESTATUS",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "0\n"
    assert result.stderr == ""
