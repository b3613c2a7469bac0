"""Settings: a typed file with environment overrides; a bad value costs only itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.settings import FIELD_NAMES, Settings, load_settings, remember_switch


def test_no_file_means_defaults(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "settings.toml", environ={})
    assert settings == Settings()
    assert problems == []


def test_a_good_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'age = 52\nsound = false\nrest_s = 45\ntheme = "nord"\n[keys]\n"app.help" = "f1"\n'
    )
    settings, problems = load_settings(path, environ={})
    assert problems == []
    assert settings == Settings(
        age=52, sound=False, rest_s=45, theme="nord", keys={"app.help": "f1"}
    )
    assert settings.heart_rate_max == 168


def test_measured_max_heart_rate_beats_the_age_estimate() -> None:
    assert Settings(age=40, max_hr=190).heart_rate_max == 190
    assert Settings().heart_rate_max is None


def test_each_bad_value_is_one_line_and_keeps_its_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('age = "old"\nsound = false\nrest_s = -5\nloudness = 11\n')
    settings, problems = load_settings(path, environ={})
    assert settings == Settings(sound=False), "the good value is kept"
    assert problems == [
        f"{path}: age: expected a whole number from 10 to 110 (or leave it out), not 'old'; "
        "using the default",
        f"{path}: rest_s: expected a whole number from 0 to 600, not -5; using the default",
        f"{path}: unknown setting 'loudness' (known: {', '.join(FIELD_NAMES)}); ignored",
    ]


def test_a_bad_key_binding_is_named_and_only_it_keeps_its_default(tmp_path: Path) -> None:
    """Found by a new user: `"app.help" = 5` said "keys: Expected 'str', got 'int'", naming
    neither the binding nor what to write, and every other remapping was dropped with it."""
    path = tmp_path / "settings.toml"
    path.write_text('[keys]\n"app.help" = 5\n"session.pause" = "p"\n')
    settings, problems = load_settings(path, environ={})
    assert settings.keys == {"session.pause": "p"}
    assert problems == [
        f"{path}: keys: 'app.help' = 5: expected keys in quotes, such as \"f1\" or "
        '"ctrl+h"; it keeps its default'
    ]
    path.write_text('keys = "f1"\n')
    settings, problems = load_settings(path, environ={})
    assert settings.keys == {}
    assert problems == [
        f'{path}: keys: expected a table ([keys] with a line like "app.help" = "f1"); '
        "using the defaults"
    ]


def test_a_broken_file_gives_one_line_and_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("age = \n")
    settings, problems = load_settings(path, environ={})
    assert settings == Settings()
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: not valid TOML (")
    assert problems[0].endswith("; using the defaults")


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("rest_s = 45\nsound = true\n")
    environ = {"LUMBAR_REST_S": "20", "LUMBAR_SOUND": "false", "LUMBAR_MAX_HR": "lots"}
    settings, problems = load_settings(path, environ=environ)
    assert settings.rest_s == 20
    assert settings.sound is False
    assert settings.max_hr is None
    assert problems == [
        "LUMBAR_MAX_HR: max_hr: expected a whole number from 100 to 230, or empty for none, "
        "not 'lots'; using the default"
    ]


def test_the_coach_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'voice = false\ntones = true\nvolume = 1\nvoice_name = "en-gb"\nspeech_rate = 500\n'
    )
    settings, problems = load_settings(path, environ={})
    assert (settings.voice, settings.tones, settings.volume) == (False, True, 1.0)
    assert settings.voice_name == "en-gb"
    assert settings.speech_rate == 160, "out of range: the default stands"
    assert problems == [
        f"{path}: speech_rate: expected a whole number from 80 to 450, not 500; using the default"
    ]


def test_the_coach_settings_have_environment_overrides(tmp_path: Path) -> None:
    environ = {
        "LUMBAR_VOICE": "false",
        "LUMBAR_TONES": "false",
        "LUMBAR_VOLUME": "0.25",
        "LUMBAR_VOICE_NAME": "en-us+f3",
        "LUMBAR_SPEECH_RATE": "200",
    }
    settings, problems = load_settings(tmp_path / "settings.toml", environ=environ)
    assert problems == []
    assert settings == Settings(
        voice=False, tones=False, volume=0.25, voice_name="en-us+f3", speech_rate=200
    )
    _, problems = load_settings(tmp_path / "settings.toml", environ={"LUMBAR_VOLUME": "loud"})
    assert problems == [
        "LUMBAR_VOLUME: volume: expected a number from 0 to 1, not 'loud'; using the default"
    ]


def test_environment_values_are_read_as_people_write_them(tmp_path: Path) -> None:
    """.5 is a number, no and off are false, an empty age is none; a value that is none of
    what a setting takes says what it takes."""
    path = tmp_path / "settings.toml"
    path.write_text('age = 40\nvoice = "no"\n')
    environ = {
        "LUMBAR_VOLUME": ".5",
        "LUMBAR_VOICE": "no",
        "LUMBAR_TONES": "Off",
        "LUMBAR_SOUND": " yes ",
        "LUMBAR_AGE": "",
        "LUMBAR_PACE_REPS": "maybe",
        "LUMBAR_REST_S": "1.5",
        "LUMBAR_MAT_VIEW": "2",
        "LUMBAR_SPEECH_RATE": "",
    }
    settings, problems = load_settings(path, environ=environ)
    assert (settings.volume, settings.voice, settings.tones, settings.sound) == (
        0.5,
        False,
        False,
        True,
    )
    assert settings.age is None
    assert (settings.pace_reps, settings.rest_s) == (True, 30)
    assert problems == [
        f"{path}: voice: expected true or false, not 'no'; using the default",
        "LUMBAR_PACE_REPS: pace_reps: expected yes or no (or on/off, true/false, 1/0), not "
        "'maybe'; using the default",
        "LUMBAR_MAT_VIEW: mat_view: expected yes or no (or on/off, true/false, 1/0), not '2'; "
        "using the default",
        "LUMBAR_REST_S: rest_s: expected a whole number from 0 to 600, not '1.5'; "
        "using the default",
        # Review (helper-81): these said "not None" and "not 2.0".
        "LUMBAR_SPEECH_RATE: speech_rate: expected a whole number from 80 to 450, not ''; "
        "using the default",
    ]


def test_the_view_chosen_is_written_to_its_line_alone(tmp_path: Path) -> None:
    """m in a session remembers the view in the settings (mat_view): made where there is no
    file, its line changed where there is one (its comment and every other line kept), and
    a line of its own before the first table where it was not written."""
    path = tmp_path / "config" / "settings.toml"
    assert remember_switch(path, "mat_view", True) is None
    assert path.read_text() == "mat_view = true\n"
    assert load_settings(path, environ={})[0].mat_view is True
    path.write_text('age = 52\nmat_view = true   # the floor\ntheme = "nord"\n')
    path.chmod(0o600)
    assert remember_switch(path, "mat_view", False) is None
    assert path.read_text() == 'age = 52\nmat_view = false   # the floor\ntheme = "nord"\n'
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text('age = 52\n[keys]\n"app.help" = "f1"\n')
    assert remember_switch(path, "mat_view", True) is None
    assert path.read_text() == 'age = 52\nmat_view = true\n[keys]\n"app.help" = "f1"\n'
    settings, problems = load_settings(path, environ={})
    assert (settings.mat_view, settings.age, settings.keys, problems) == (
        True,
        52,
        {"app.help": "f1"},
        [],
    )


def test_a_settings_file_that_cannot_be_changed_safely_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    broken = "age = 52\nmat_view = \n"
    path.write_text(broken)
    assert (remember_switch(path, "mat_view", True) or "").startswith("not valid TOML")
    assert path.read_text() == broken
    odd = 'age = 52\n[keys]\nmat_view = "m"\n'  # a key's name, not the setting
    path.write_text(odd)
    why = remember_switch(path, "mat_view", True)
    assert why is not None
    assert "by hand" in why
    assert path.read_text() == odd
    assert not (tmp_path / "settings.toml.new").exists()


def test_a_linked_settings_file_is_changed_where_it_lives(tmp_path: Path) -> None:
    """Review: dotfiles managers link the settings file to their own folder; m replaced the
    link with a file of its own (the dotfiles copy left as it was). The file linked to is
    changed and the link stays."""
    kept = tmp_path / "dotfiles" / "lumbar.toml"
    kept.parent.mkdir()
    kept.write_text("age = 52\n")
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    path.symlink_to(kept)
    assert remember_switch(path, "mat_view", True) is None
    assert path.is_symlink()
    assert kept.read_text() == "age = 52\nmat_view = true\n"
    assert sorted(p.name for p in kept.parent.iterdir()) == ["lumbar.toml"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]


def test_a_link_to_no_file_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.symlink_to(tmp_path / "dotfiles" / "lumbar.toml")
    why = remember_switch(path, "mat_view", True)
    assert why is not None
    assert "lumbar.toml" in why
    assert "set mat_view = true there by hand" in why
    assert path.is_symlink()
    assert not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_a_read_only_settings_file_is_left_as_it_is(tmp_path: Path) -> None:
    """Review: a settings file made read-only (chmod 444) was replaced all the same (a rename
    asks only the folder) and kept its mode. It is not written, and the line says so. The
    mode's write bits are read as well as access(): a person running lumbar as root (whom
    access() lets write anything) made it read-only as much as anyone."""
    path = tmp_path / "settings.toml"
    path.write_text("age = 52\n")
    path.chmod(0o444)
    assert remember_switch(path, "mat_view", True) == (
        "is read-only; set mat_view = true there by hand"
    )
    assert path.read_text() == "age = 52\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_a_file_with_windows_line_endings_keeps_them(tmp_path: Path) -> None:
    """Review: a file written with CRLF line endings came back with LF throughout. They are
    kept, and a line added has the file's own ending."""
    path = tmp_path / "settings.toml"
    path.write_bytes(b'age = 52\r\nmat_view = true # floor\r\ntheme = "nord"\r\n')
    assert remember_switch(path, "mat_view", False) is None
    assert path.read_bytes() == b'age = 52\r\nmat_view = false # floor\r\ntheme = "nord"\r\n'
    path.write_bytes(b'age = 52\r\n[keys]\r\n"app.help" = "f1"\r\n')
    assert remember_switch(path, "mat_view", True) is None
    assert path.read_bytes() == b'age = 52\r\nmat_view = true\r\n[keys]\r\n"app.help" = "f1"\r\n'


def test_a_line_added_goes_above_the_comment_on_the_first_table(tmp_path: Path) -> None:
    """A comment (and the blank lines) just above the first table belong to it: the line
    added goes before them, so "# my key remaps" stays over [keys]."""
    path = tmp_path / "settings.toml"
    path.write_text('age = 52\n\n# my key remaps\n[keys]\n"app.help" = "f1"\n')
    assert remember_switch(path, "mat_view", True) is None
    assert path.read_text() == (
        'age = 52\nmat_view = true\n\n# my key remaps\n[keys]\n"app.help" = "f1"\n'
    )
    path.write_text('# lumbar\n[keys]\n"app.help" = "f1"\n')
    assert remember_switch(path, "mat_view", True) is None
    assert path.read_text() == 'mat_view = true\n# lumbar\n[keys]\n"app.help" = "f1"\n'


def test_the_staging_file_is_gone_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new text is staged in a file of a name of its own beside the settings (not a
    fixed ``.new`` another lumbar may be writing too), flushed to the disk, then put in
    place; if that fails the staging file is removed and the settings left as they were."""
    path = tmp_path / "settings.toml"
    path.write_text("age = 52\n")
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)

    def refused(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    why = remember_switch(path, "mat_view", True)
    assert why is not None
    assert why.startswith("cannot write it")
    assert len(synced) == 1
    assert path.read_text() == "age = 52\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]
