"""Acceptance 1: sign in once through `untrain login` (headless, against the replica's sign-in
form), then `untrain scan` with the same profile reads the control instead of `signed_out`."""

from __future__ import annotations

import asyncio
import json
import stat
from concurrent.futures import ThreadPoolExecutor

from checker import cli
from checker.catalogue.catalog import load_catalog
from checker.engine.login import _watch
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld
from checker.results import ExitCode, Reason, Status

TYPED = "reader-7f3a@example.org"  # the replica form takes only an email: no password exists to type


def run_command(argv: list[str], **extra):
    """Run an `untrain` subcommand in-process, keeping its args (and the replica world on them).

    It runs on a fresh thread: the command calls asyncio.run(), which refuses to start where
    pytest-playwright's sync fixtures (used by other tests in the session) left a loop running."""
    args = cli.build_parser().parse_args(argv)
    for key, value in extra.items():
        setattr(args, key, value)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(args.run, args).result(timeout=180), args


async def sign_in_like_a_person(page, entry):
    # What the person does in the window `untrain login` opened: Log in → email → Continue.
    await page.get_by_test_id("login-button").click()
    await page.get_by_label("Email address").fill(TYPED)
    await page.get_by_role("button", name="Continue").click()


def scan_json(profile, tmp_path, name):
    out = tmp_path / name
    code, args = run_command(["scan", "--replica", "chatgpt=needs_login", "--profile", str(profile),
                              "--json", str(out), "--timeout", "4"])
    assert args.replica_world.mutations == [], "the scan changed something"
    return code, json.loads(out.read_text())["providers"][0]["controls"][0]


def test_login_then_scan_reads_the_control(untrain_home, tmp_path, capsys):
    profile = untrain_home / "profile"

    code, before = scan_json(profile, tmp_path, "before.json")
    assert (before["status"], before["reason"]) == (Status.unknown.value, Reason.signed_out.value)

    code, args = run_command(["login", "chatgpt", "--headless", "--replica", "chatgpt=needs_login",
                              "--profile", str(profile), "--wait", "20"], on_page=sign_in_like_a_person)
    assert code == ExitCode.OK
    assert "ChatGPT: ✓ signed in" in capsys.readouterr().out
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700

    # A new browser run, a new replica world: only the profile carries the sign-in over.
    code, after = scan_json(profile, tmp_path, "after.json")
    assert (after["status"], after["reason"]) == (Status.off.value, None)
    assert code == ExitCode.OK

    # Nothing typed into the page is kept anywhere in the profile (or the rest of the data dir).
    leaked = [p for p in untrain_home.rglob("*") if p.is_file() and TYPED.encode() in p.read_bytes()]
    assert leaked == []


def test_login_without_signing_in_says_so(untrain_home, capsys):
    code, _ = run_command(["login", "chatgpt", "--headless", "--replica", "chatgpt=needs_login", "--wait", "1"])
    assert code == ExitCode.UNVERIFIED
    out = " ".join(capsys.readouterr().out.split())  # rich wraps at the terminal's width
    assert 'ChatGPT: ? not signed in (not signed in after 1 s; the page still shows the "Log in" button' in out



# ChatGPT with an expired session: the app (profile button included) stays on screen under a
# "Log in" dialog. A scan reads that page as signed_out, so login must not call it signed in.
SESSION_EXPIRED = """document.addEventListener('DOMContentLoaded', () => {
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.innerHTML = '<p>Your session has expired.</p><button type="button">Log in</button>';
    document.body.append(dialog);
})"""


def test_login_is_not_signed_in_while_a_sign_in_wall_shows(engine):
    entry = load_catalog()["chatgpt"]

    async def watch():
        context = await engine.browser.new_context(service_workers="block")
        try:
            await routing.install(context, ReplicaWorld.build({"chatgpt": "off"}))
            await context.add_init_script(SESSION_EXPIRED)
            await context.new_page()  # the persistent context's first tab
            outcomes = await _watch(context, [entry], 2, None, asyncio.Event())
            # the signed-in marker is on screen too: what login saw was the wall, not a guess
            assert await context.pages[0].get_by_test_id("accounts-profile-button").is_visible()
            return outcomes
        finally:
            await context.close()

    [outcome] = engine.run(watch())
    assert not outcome.signed_in
    assert outcome.note == 'not signed in after 2 s; the page still shows the "Log in" button of the signed-out page'


def test_login_to_a_provider_without_a_page_is_a_usage_error(untrain_home, monkeypatch, capsys):
    # It opened an empty browser window ("Opening 0 provider page(s)") and exited 2.
    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")  # no window may open
    with ThreadPoolExecutor(max_workers=1) as pool:
        code = pool.submit(cli.main, ["login", "chatgpt-voice", "--headless"]).result(timeout=120)
    captured = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert "chatgpt-voice: no settings page to sign in to" in " ".join(captured.err.split())
    assert "Opening" not in captured.out


def test_the_profile_path_is_one_line_however_long(untrain_home, tmp_path, monkeypatch, capsys):
    # Not on a terminal, rich wrapped at 80 columns and split "Profile: <path>" over two lines, so
    # the path could not be copied. Also the error console: a lock message must not wrap either.
    from checker.store import lock
    from checker.commands import login as command
    from checker.engine.login import Outcome

    profile = tmp_path / ("a-folder-with-a-long-name-" * 4) / "profile"
    profile.parent.mkdir()  # --profile's folder must exist (a missing one is a usage error, 64)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(command, "check_display", lambda headed: None)

    async def signed_in(entries, profile, **kwargs):
        return [Outcome("chatgpt", "ChatGPT", True, "")]

    monkeypatch.setattr(command, "login", signed_in)
    assert cli.main(["login", "chatgpt", "--headless", "--profile", str(profile)]) == ExitCode.OK
    assert f"Profile: {profile}\n" in capsys.readouterr().out

    class Held:
        def __enter__(self):
            raise lock.ScanRunning(12345, "2026-11-01T09:00:00+00:00 " + "x" * 80)

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(command, "scan_lock", Held)
    assert cli.main(["login", "chatgpt", "--headless", "--profile", str(profile)]) == ExitCode.LOCKED
    [line] = [l for l in capsys.readouterr().err.splitlines() if l.strip()]
    assert line.startswith("error: a scan is already running (pid 12345") and line.endswith("wait for it to finish")


def test_the_profile_keeps_no_passwords_or_form_entries_after_chromium_has_run(tmp_path):
    # Untrain never asks for a password; Chromium must not offer to save the one the person types on
    # the provider's page either. The preferences are checked after the real browser has run and
    # written its own Preferences back, so a value Chromium would reset does not pass.
    from playwright.async_api import async_playwright

    from checker.engine.browser import persistent_context
    from checker.engine.login import forbid_saved_credentials

    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps({"homepage": "https://example.org/",
                                                                "autofill": {"enabled": True}}))
    forbid_saved_credentials(profile)

    async def run_browser():
        async with async_playwright() as pw:
            context = await persistent_context(pw, profile)
            page = await context.new_page()
            await page.goto("about:blank")
            await context.close()

    with ThreadPoolExecutor(1) as pool:  # its own event loop, apart from pytest-playwright's
        pool.submit(asyncio.run, run_browser()).result(120)
    prefs = json.loads((profile / "Default" / "Preferences").read_text())
    assert prefs["credentials_enable_service"] is False and prefs["credentials_enable_autosignin"] is False
    assert prefs["profile"]["password_manager_enabled"] is False
    assert prefs["autofill"]["enabled"] is False and prefs["autofill"]["profile_enabled"] is False
    assert prefs["homepage"] == "https://example.org/"  # the person's other settings are kept
    assert stat.S_IMODE((profile / "Default" / "Preferences").stat().st_mode) == 0o600
