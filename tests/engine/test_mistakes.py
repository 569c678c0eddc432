"""Mistakes get helpful answers: a guess at what was meant, the command's own usage, one exit code
per kind of mistake, and the real cause named (the config key, the HAR that lacks the page)."""

import pytest

from checker import cli

from .test_cli import untrain


@pytest.mark.parametrize("argv, guess", [
    (["scan", "--demo", "chatgtp"], "did you mean chatgpt?"),
    (["open", "gemeni"], "did you mean gemini?"),
    (["history", "--provider", "claud"], "did you mean claude?"),
    (["paths", "mistrall"], "did you mean mistral?"),
])
def test_a_mistyped_provider_gets_a_guess(argv, guess, untrain_home, capsys):
    assert cli.main(argv) == 64
    err = capsys.readouterr().err
    assert guess in err and "Known: " in err


def test_two_mistyped_providers_get_a_guess_each(untrain_home, capsys):
    assert cli.main(["scan", "--demo", "chatgtp", "claud"]) == 64
    assert "did you mean chatgpt for chatgtp, claude for claud?" in capsys.readouterr().err


def test_a_mistyped_command_gets_a_guess(capsys):
    assert cli.main(["scna", "--demo"]) == 64
    err = capsys.readouterr().err
    assert "unknown command: scna (did you mean scan?)" in err and "schedule" in err
    assert cli.main(["frobnicate"]) == 64
    assert "did you mean" not in capsys.readouterr().err  # nothing close: no wild guess


@pytest.mark.parametrize("argv, usage, guess", [
    (["scan", "--jsn", "-"], "usage: untrain scan", "--json"),
    (["schedule", "install", "--dayly"], "usage: untrain schedule", "--daily"),
    (["report", "--html", "x.html", "--dmeo"], "usage: untrain report", "--demo"),
])
def test_a_bad_flag_shows_the_commands_own_usage(argv, usage, guess, untrain_home, capsys, tmp_path,
                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 64
    err = capsys.readouterr().err
    assert err.startswith(usage), err
    flag = argv[-1] if argv[-1].startswith("-") else argv[-2]  # the mistyped one
    assert f"unrecognized arguments: {flag}" in err
    assert f"(did you mean {guess}?)" in err


MISSING = "/no-such-folder-for-untrain-tests/sub"
PATH_FLAGS = [
    ["scan", "--demo", "chatgpt", "--json", f"{MISSING}/r.json"],
    ["scan", "--demo", "chatgpt", "--markdown", f"{MISSING}/r.md"],
    ["scan", "chatgpt", "--har", f"{MISSING}/r.har"],
    ["scan", "chatgpt", "--replica", "chatgpt=off", "--profile", f"{MISSING}/profile"],
    ["report", "--html", f"{MISSING}/r.html"],
    ["report", "--demo", "--html", f"{MISSING}/r.html"],
    ["paths", "chatgpt", "--json", f"{MISSING}/r.json"],
    ["paths", "chatgpt", "--junit", f"{MISSING}/r.xml"],
    ["paths", "chatgpt", "--har", f"{MISSING}/r.har"],
    ["paths", "chatgpt", "--artifacts", f"{MISSING}/artifacts"],
    ["paths", "--live", "chatgpt", "--profile", f"{MISSING}/profile"],
    ["record", "chatgpt", "--replica", "on", "--out", f"{MISSING}/r.har"],
    ["record", "chatgpt", "--out", "r.har", "--profile", f"{MISSING}/profile"],
    ["login", "chatgpt", "--profile", f"{MISSING}/profile"],
]


@pytest.mark.parametrize("argv", PATH_FLAGS, ids=" ".join)
def test_a_missing_folder_is_64_for_every_command_and_flag(argv, untrain_home, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 64
    err = capsys.readouterr().err
    assert "/no-such-folder-for-untrain-tests" in err and "does not exist" in err and "Traceback" not in err
    assert not (untrain_home / "history.sqlite3").exists()


def test_a_missing_har_file_is_64_and_a_bad_one_65(untrain_home, tmp_path, capsys):
    assert cli.main(["scan", "chatgpt", "--har", str(tmp_path / "none.har")]) == 64
    assert "--har" in capsys.readouterr().err
    (tmp_path / "bad.har").write_text("{not json")
    assert cli.main(["scan", "chatgpt", "--har", str(tmp_path / "bad.har")]) == 65


def test_a_bad_browser_in_the_config_names_the_config_key_not_the_variable(untrain_home, monkeypatch):
    monkeypatch.delenv("UNTRAIN_BROWSER", raising=False)
    config = untrain_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('browser = "/nonexistent/chromium"\n')
    run = untrain("scan", "--demo", "chatgpt", env={"UNTRAIN_HOME": str(untrain_home),
                                                      "UNTRAIN_CONFIG_HOME": str(config.parent)})
    assert run.returncode == 65, run.stderr
    assert f"{config}: browser: '/nonexistent/chromium' does not exist" in run.stderr
    assert "UNTRAIN_BROWSER" not in run.stderr and "Traceback" not in run.stderr


def test_a_har_without_the_page_says_so_not_check_the_connection(untrain_home, tmp_path):
    from tests.har.make_har import make_har

    har = tmp_path / "claude.har"
    assert make_har("claude", "off", har) == 0
    out = tmp_path / "r.json"
    run = untrain("scan", "--har", str(har), "chatgpt", "--json", str(out), env={"UNTRAIN_HOME": str(untrain_home),
                                                                                "COLUMNS": "200"})
    import json

    [control] = json.loads(out.read_text())["providers"][0]["controls"]
    assert control["status"] == "unknown"
    assert control["detail"].startswith(f"the HAR file {har} has no response for https://chatgpt.com/")
    assert "check the connection" not in run.stdout + run.stderr


def test_paths_over_a_har_without_the_page_says_so_too(untrain_home, tmp_path, capsys, monkeypatch):
    from tests.har.make_har import make_har

    monkeypatch.setenv("COLUMNS", "400")  # the step table wraps long paths; read the message whole

    har = tmp_path / "claude.har"
    assert make_har("claude", "off", har) == 0
    capsys.readouterr()
    assert cli.main(["paths", "chatgpt", "--har", str(har)]) == 2
    out = " ".join(capsys.readouterr().out.split())
    assert f"the HAR file {har} has no response for https://chatgpt.com/" in out
    assert "check the connection" not in out
