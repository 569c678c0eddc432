"""Config: one TOML file in the user config dir; bad values name the key (and line)."""

from __future__ import annotations

import pytest

from checker import cli
from checker.store import config
from checker.errors import DataError

from ..harness import PageCount


def write(untrain_home, text: str):
    path = config.path()
    path.write_text(text, encoding="utf-8")
    return path


def test_path_is_in_the_config_dir_and_defaults_without_a_file(untrain_home, capsys):
    assert cli.main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(untrain_home / "config" / "config.toml")
    settings = config.load()
    assert (settings.notify.unknown_after, settings.notify.desktop, settings.schedule.at) == (3, True, "09:00")


def test_values_are_read(untrain_home):
    write(untrain_home, 'providers = ["chatgpt"]\ntimeout = 4.5\n[notify]\napprise = ["ntfys://ntfy.sh/t"]\n'
                        'unknown_after = 5\ndesktop = false\n')
    settings = config.load()
    assert settings.providers == ["chatgpt"] and settings.timeout == 4.5
    assert settings.notify.apprise == ["ntfys://ntfy.sh/t"] and settings.notify.unknown_after == 5


@pytest.mark.parametrize("text, expected", [
    ("[notify]\nunknown_after = 0\n", ":2: notify.unknown_after: Input should be greater than or equal to 1"),
    ("timeout = \"soon\"\n", ":1: timeout: Input should be a valid number"),
    ("[notify]\ndesktp = true\n", ":2: notify.desktp: unknown key"),
    ("[schedule]\nat = \"9am\"\n", ":2: schedule.at: String should match pattern"),
    ("[notify]\napprise = [\"ntfys://ntfy.sh/t\", \"example.org\"]\n", "notify.apprise: URL 2 is not an Apprise URL"),
    ("timeout = \n", "not valid TOML"),
    ("concurrency = 0\n", ":1: concurrency: Input should be greater than or equal to 1"),
])
def test_bad_values_name_the_key(untrain_home, text, expected):
    path = write(untrain_home, text)
    with pytest.raises(DataError) as info:
        config.load()
    assert str(path) in str(info.value) and expected in str(info.value)


def test_bad_config_stops_a_scan_with_exit_65_and_no_traceback(untrain_home, capsys):
    write(untrain_home, "[notify]\nunknown_after = -1\n")
    assert cli.main(["scan", "--provider", "chatgpt"]) == 65
    err = capsys.readouterr().err
    assert "notify.unknown_after" in err and "Traceback" not in err


def test_show_hides_apprise_secrets(untrain_home, capsys):
    write(untrain_home, '[notify]\napprise = ["mailto://me:hunter2@gmail.com"]\n')
    assert cli.main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "mailto://…" in out and "hunter2" not in out


def test_a_mistyped_apprise_url_is_not_echoed_in_the_error(untrain_home, capsys):
    # The error goes to the terminal and, for a scheduled scan, into its log file every day: a URL
    # without "://" may still carry a password, so it is pointed at, never printed.
    path = write(untrain_home, '[notify]\napprise = ["mailto:me:hunter2@gmail.com"]\n')
    assert cli.main(["scan", "--provider", "chatgpt"]) == 65
    err = capsys.readouterr().err
    assert f"{path}:2: notify.apprise: URL 1 is not an Apprise URL" in err
    assert "hunter2" not in err


def test_unknown_provider_in_the_config_names_the_file_and_key(untrain_home, capsys):
    path = write(untrain_home, 'providers = ["chatgpt", "nosuchbot"]\n')
    assert cli.main(["scan"]) == 65
    err = capsys.readouterr().err
    assert f"{path}: providers: unknown provider: nosuchbot" in err


def test_alert_urls_in_a_file_others_can_read_are_warned_about(untrain_home, capsys):
    # Untrain never writes the file, so it cannot make it private; it says how, for `config show`
    # and for every scan that sends alerts (a scheduled scan's log shows it daily).
    path = write(untrain_home, '[notify]\napprise = ["mailto://me:hunter2@gmail.com"]\n')
    path.chmod(0o644)
    assert cli.main(["config", "show"]) == 0
    err = capsys.readouterr().err
    assert f"chmod 600 {path}" in err and "hunter2" not in err
    bad_har = untrain_home / "bad.har"  # stops the scan after the warning, before any browser
    bad_har.write_text("{not json")
    assert cli.main(["scan", "--notify", "--har", str(bad_har)]) == 65
    assert f"chmod 600 {path}" in capsys.readouterr().err

    path.chmod(0o600)
    assert cli.main(["config", "show"]) == 0
    assert "chmod" not in capsys.readouterr().err
    path.write_text("timeout = 5\n")  # no alert URLs: nothing to protect
    path.chmod(0o644)
    assert cli.main(["config", "show"]) == 0
    assert "chmod" not in capsys.readouterr().err


@pytest.mark.parametrize("text, expected", [
    # A wrong type is the person's mistake to fix, never a value Untrain guesses: `true` is not 1 s,
    # and "yes" is not a boolean in TOML.
    ("timeout = true\n", ":1: timeout: Input should be a valid number"),
    ("[notify]\non_scan = \"yes\"\n", ":2: notify.on_scan: Input should be a valid boolean"),
    ("[notify]\nunknown_after = 2.5\n", ":2: notify.unknown_after: Input should be a valid integer"),
    ("providers = \"chatgpt\"\n", ":1: providers: Input should be a valid list"),
    ("concurrency = 2.5\n", ":1: concurrency: Input should be a valid integer"),
])
def test_wrong_types_are_errors_not_coerced(untrain_home, text, expected):
    path = write(untrain_home, text)
    with pytest.raises(DataError) as info:
        config.load()
    assert str(path) in str(info.value) and expected in str(info.value)


def test_whole_numbers_still_serve_as_seconds(untrain_home):
    write(untrain_home, "timeout = 10\n")
    assert config.load().timeout == 10.0


def test_toml_nested_thousands_deep_exits_65_not_a_crash(untrain_home, capsys):
    write(untrain_home, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert cli.main(["config", "show"]) == 65
    err = capsys.readouterr().err
    assert "nested too deeply" in err and "internal error" not in err


def test_pages_at_once_come_from_the_flag_else_the_config_else_the_default(untrain_home):
    assert config.load().pages_at_once(None) == config.DEFAULT_CONCURRENCY
    write(untrain_home, "concurrency = 2\n")
    assert config.load().pages_at_once(None) == 2
    assert config.load().pages_at_once(5) == 5  # the command's flag wins


def test_a_scheduled_scan_opens_no_more_pages_than_the_config_allows(untrain_home, monkeypatch):
    # A scheduled scan runs with fixed flags, so a small machine's limit has to live in the config.
    pages = PageCount.install(monkeypatch)
    assert cli.main(["scan", "--demo", "claude", "grok"]) == 0
    assert pages.most_at_once == 2  # the default lets both open together
    write(untrain_home, "concurrency = 1\n")
    pages.most_at_once = 0
    assert cli.main(["scan", "--demo", "claude", "grok"]) == 0
    assert pages.most_at_once == 1


def test_config_show_lists_every_top_level_key(untrain_home, capsys):
    # It listed three keys by name, so a fourth (concurrency) was read but never shown.
    write(untrain_home, "concurrency = 3\n")
    assert cli.main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "concurrency = 3" in out
    for key in config.Config.model_fields:
        assert f"[{key}]" in out or f"{key} = " in out or f"# {key}: not set" in out, key
