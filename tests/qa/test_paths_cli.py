"""`untrain paths` end to end: exit codes, JUnit (acceptance 3), failure artifacts (acceptance 2),
and the flake rule across runs (acceptance 6)."""

from __future__ import annotations

import base64
import json
import stat
import xml.etree.ElementTree as ET
import zipfile

import pytest

from checker.cli import main

from ..harness import catalog
from .variants import keep_only_first_candidate

CHATGPT_STEPS = len(catalog()["chatgpt"].scenario.steps)


def paths(*args: str) -> int:
    return main(["paths", "--provider", "chatgpt", "--timeout", "1.5", *args])


@pytest.fixture
def unknown_rename(tmp_path, monkeypatch):
    """A catalogue that no longer knows ChatGPT's old label: the drifted replica's row goes missing."""
    keep_only_first_candidate(tmp_path / "variant", "chatgpt", "improve_model_row")
    monkeypatch.setenv("UNTRAIN_SCENARIOS", str(tmp_path / "variant" / "scenarios"))
    monkeypatch.setenv("UNTRAIN_SELECTORS", str(tmp_path / "variant" / "selectors"))


def test_drift_alone_exits_0_and_junit_has_one_case_per_step(untrain_home, tmp_path):
    junit, report = tmp_path / "paths.xml", tmp_path / "paths.json"
    code = paths("--replica-state", "drifted", "--junit", str(junit), "--json", str(report),
                 "--artifacts", str(tmp_path / "art"))
    assert code == 0  # drift is a warning, not a failure
    suite = ET.parse(junit).getroot().find("testsuite[@name='untrain.paths.chatgpt']")
    cases = [c for c in suite.findall("testcase") if not c.get("name").startswith("deep link ")]
    links = [c.get("name") for c in suite.findall("testcase") if c.get("name").startswith("deep link ")]
    assert len(cases) == CHATGPT_STEPS and int(suite.get("tests")) == CHATGPT_STEPS + len(links)
    assert [c.get("name")[:2] for c in cases] == [f"{i:02d}" for i in range(CHATGPT_STEPS)]
    # Each of ChatGPT's links is checked too, and still lands on the drifted page.
    assert links == ["deep link https://chatgpt.com/#settings/DataControls",
                     "deep link https://chatgpt.com/settings/data-controls"]
    assert suite.get("failures") == "0" and not suite.findall(".//failure")
    warnings = [c.find("system-out").text for c in cases if c.find("system-out") is not None]
    assert "warning: drift: 'Improve the model for everyone' → 'Chat history & training' (candidate 2)" in warnings
    data = json.loads(report.read_text())
    assert data["schema_version"] == 1 and data["target"] == "replica:drifted"
    assert data["providers"][0]["status"] == "drift"
    assert not (tmp_path / "art").exists()  # nothing failed, so no artifacts are kept


def test_missing_step_fails_with_suggestion_screenshot_and_trace(untrain_home, tmp_path, unknown_rename, engine):
    junit, art = tmp_path / "paths.xml", tmp_path / "art"
    assert paths("--replica-state", "drifted", "--junit", str(junit), "--artifacts", str(art)) == 2
    failures = ET.parse(junit).getroot().findall(".//testcase/failure/..")
    assert [c.get("name") for c in failures] == ["04 click improve_model_row — Improve the model for everyone"]
    message = failures[0].find("failure").get("message")
    assert message.startswith("'Improve the model for everyone' not found; closest: button 'Chat history & training Off'")
    assert "[suspect: 1 consecutive]" in message
    skipped = ET.parse(junit).getroot().findall(".//testcase/skipped")
    assert len(skipped) == CHATGPT_STEPS - 5  # the steps after the missing one were not reached

    shot = art / "chatgpt" / "step-04-improve-model-row.png"
    trace = art / "chatgpt" / "step-04-improve-model-row.trace.zip"
    for path in (shot, trace):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # may show the person's page
    assert stat.S_IMODE(art.stat().st_mode) == 0o700
    # The image opens: Chromium decodes it to its real size.
    size = engine.run(_decoded_size(engine, shot.read_bytes()))
    assert size[0] > 300 and size[1] > 200
    # The trace is a valid zip holding Playwright's trace events, including the failed wait.
    with zipfile.ZipFile(trace) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert "trace.trace" in names and "trace.network" in names
        events = z.read("trace.trace").decode()
    assert "chatgpt.com" in events


async def _decoded_size(engine, png: bytes):
    page = await engine.browser.new_page()
    try:
        src = "data:image/png;base64," + base64.b64encode(png).decode()
        await page.set_content(f'<img id="shot" src="{src}">')
        return await page.evaluate("""async () => { const img = document.getElementById('shot');
            await img.decode(); return [img.naturalWidth, img.naturalHeight]; }""")
    finally:
        await page.close()


def test_flake_rule_across_runs(untrain_home, tmp_path, unknown_rename):
    def run_once():
        out = tmp_path / "run.json"
        assert paths("--replica-state", "drifted", "--json", str(out), "--artifacts", str(tmp_path / "a")) == 2
        step = json.loads(out.read_text())["providers"][0]["steps"][4]
        return step["outcome"], step["flake"], step["consecutive_failures"]

    assert run_once() == ("missing", "suspect", 1)
    assert run_once() == ("missing", "gone", 2)
    assert stat.S_IMODE((untrain_home / "qa-flake.sqlite").stat().st_mode) == 0o600


def test_signed_out_is_unverified_never_missing(untrain_home, tmp_path, capsys):
    junit = tmp_path / "paths.xml"
    assert paths("--replica-state", "signed_out", "--json", "-", "--junit", str(junit),
                 "--artifacts", str(tmp_path / "a")) == 2
    data = json.loads(capsys.readouterr().out)
    provider = data["providers"][0]
    assert provider["status"] == "unverified" and provider["reason"] == "signed_out"
    outcomes = [s["outcome"] for s in provider["steps"]]
    assert "missing" not in outcomes and outcomes[1] == "unverified"
    assert all(s["flake"] is None for s in provider["steps"])
    root = ET.parse(junit).getroot()
    assert not root.findall(".//failure") and root.find(".//error").get("type") == "signed_out"


@pytest.mark.parametrize("args, code", [
    (["--gone-after", "0"], 64),
    (["--provider", "no-such-provider"], 64),
    (["--live", "--har", "x.har"], 64),
])
def test_usage_errors(untrain_home, args, code):
    assert main(["paths", *args]) == code


def test_bad_har_is_a_data_error(untrain_home, tmp_path, capsys):
    bad = tmp_path / "bad.har"
    bad.write_text("{not json")
    assert main(["paths", "--har", str(bad)]) == 65
    assert "bad.har: not a HAR file" in capsys.readouterr().err


def test_paths_uses_the_configured_browser_and_writes_junit_privately(untrain_home, tmp_path, capsys):
    # The config's `browser` is what `untrain scan` launches; QA must launch the same one. A browser
    # path that does not exist proves which one was asked for.
    from checker.store import config

    config.path().write_text('browser = "/nonexistent/configured-chrome"\n', encoding="utf-8")
    assert paths() == 65  # the config file is at fault: bad data, naming the file and the key
    err = capsys.readouterr().err
    assert "config.toml: browser: '/nonexistent/configured-chrome'" in err and "UNTRAIN_BROWSER" not in err

    config.path().unlink()
    junit = tmp_path / "paths.xml"
    assert paths("--junit", str(junit)) == 0
    assert stat.S_IMODE(junit.stat().st_mode) == 0o600  # with --live it quotes the person's page
    assert ET.parse(junit).getroot().tag == "testsuites"


def test_live_paths_wait_for_a_running_scan(untrain_home, monkeypatch, capsys):
    # --live drives the person's profile; a scan (or `untrain login`) holding it must not be shared.
    import concurrent.futures

    from checker.store.lock import scan_lock

    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")  # never reach a site if it went on
    with scan_lock(), concurrent.futures.ThreadPoolExecutor(1) as pool:
        # In a thread: the command runs its own event loop, which a loop left running by other tests refuses.
        code = pool.submit(main, ["paths", "--live", "--provider", "chatgpt"]).result(timeout=120)
    assert code == 75
    assert "a scan is already running" in capsys.readouterr().err


def test_an_alternative_link_that_misses_is_a_warning_and_the_verdict_says_so(untrain_home, tmp_path, capsys):
    # GitHub Copilot's second link no longer shows the setting; the first (the one `untrain open`
    # and the extension use) does. It printed "(ok)" above a line saying the link "MISSES".
    junit = tmp_path / "paths.xml"
    assert main(["paths", "github-copilot", "--junit", str(junit)]) == 0  # a warning, not a failure
    out = " ".join(capsys.readouterr().out.split())
    assert "GitHub Copilot (warning)" in out and "(ok)" not in out and "MISSES" not in out
    assert ("warning: misses (model_training_control did not show). An alternative link: `untrain open` and "
            "the extension use the first one, so they are not affected") in out
    assert "1 warning" in out
    suite = ET.parse(junit).getroot().find("testsuite[@name='untrain.paths.github-copilot']")
    assert suite.get("failures") == "0"
    [moved] = [c for c in suite.findall("testcase") if c.get("name") == "deep link https://github.com/settings/copilot"]
    assert moved.find("system-out").text.startswith("warning: misses")


def test_paths_and_record_wait_as_long_as_the_config_says(untrain_home, monkeypatch, tmp_path):
    # Run settings come from the flag, else the config, else the default, for every command that
    # drives a page: `paths` and `record` used to ignore the config's `timeout`.
    from checker.store import config
    from checker.commands import paths as paths_command
    from checker.commands import record as record_command

    config.path().write_text("timeout = 3.5\n", encoding="utf-8")
    waited = []

    async def walk_all(entries, args, options):
        waited.append(("paths", options.timeout))
        return []

    async def record(*args, timeout, **kwargs):
        waited.append(("record", timeout))
        raise SystemExit(0)  # nothing to record: the timeout is what this test asks about

    monkeypatch.setattr(paths_command, "_walk_all", walk_all)
    monkeypatch.setattr(record_command, "record", record)
    assert main(["paths", "--provider", "chatgpt"]) == 0
    assert main(["paths", "--provider", "chatgpt", "--timeout", "2"]) == 0
    with pytest.raises(SystemExit):
        main(["record", "chatgpt", "--out", str(tmp_path / "chatgpt.har")])
    assert waited == [("paths", 3.5), ("paths", 2.0), ("record", 3.5)]


def test_paths_walks_the_longest_first_as_many_at_once_as_the_config_says(untrain_home, monkeypatch, capsys):
    # The same rule as a scan's: the longest walks start first, and the config's `concurrency`
    # bounds how many walk at once. The report keeps catalogue order.
    import asyncio

    from checker.store import config
    from checker.commands import paths as paths_command
    from checker.qa.report import PathsStatus, ProviderPaths

    config.path().write_text("concurrency = 1\n", encoding="utf-8")
    started, walking, most = [], [0], [0]

    async def walk_provider(entry, session, options):
        started.append(entry.scenario.id)
        walking[0] += 1
        most[0] = max(most[0], walking[0])
        await asyncio.sleep(0.05)  # let a second walk start here, if the gate would allow it
        walking[0] -= 1
        return ProviderPaths(id=entry.scenario.id, name=entry.scenario.name, status=PathsStatus.ok)

    monkeypatch.setattr(paths_command, "walk_provider", walk_provider)
    assert main(["paths", "alexa", "character-ai", "chatgpt", "gemini", "--json", "-"]) == 0
    assert started == ["chatgpt", "character-ai", "alexa", "gemini"]
    assert most[0] == 1
    assert [p["id"] for p in json.loads(capsys.readouterr().out)["providers"]] == [
        "alexa", "character-ai", "chatgpt", "gemini"]
