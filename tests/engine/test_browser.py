"""Browser start-up: what the scan's Chromium runs besides the pages it reads."""

import sys

import pytest


def test_headless_full_browser_has_no_prewarmed_address_bar_popup(engine, monkeypatch):
    # Each context would otherwise start a chrome://omnibox-popup renderer (~0.7 CPU-s) for nothing.
    # The full browser is what a headless scan gets where no headless shell is installed.
    from checker.engine.browser import find_browser, launch

    monkeypatch.setenv("UNTRAIN_BROWSER", find_browser() or pytest.skip("needs an installed Chromium"))

    async def targets():
        own = await launch(engine.playwright)
        try:
            context = await own.new_context()
            page = await context.new_page()
            await page.set_content("<p>x</p>")
            cdp = await own.new_browser_cdp_session()
            found = (await cdp.send("Target.getTargets"))["targetInfos"]
        finally:
            await own.close()
        return [t["url"] for t in found]

    urls = engine.run(targets())
    assert "about:blank" in urls  # the page itself is listed, so the listing works
    assert not [u for u in urls if u.startswith("chrome://omnibox-popup")], urls


def test_missing_browser_names_both_ways_to_install(monkeypatch):
    from checker.engine.browser import BrowserNotFound, find_browser

    monkeypatch.setenv("UNTRAIN_BROWSER", "/nonexistent/chrome")
    with pytest.raises(BrowserNotFound) as exc:
        find_browser()
    assert "playwright install chromium" in str(exc.value) and "apt-get install chromium" in str(exc.value)


def test_a_fresh_session_shares_one_context_and_closes_it_with_its_last_page(engine):
    # Providers scanned at once share one context, as in a profile (a context each cost ~0.1 CPU-s
    # per provider); it is prepared once, and closed when its last page closes, so nothing leaks.
    import asyncio

    from checker.engine.browser import Session

    prepared = []

    async def prepare(context):
        prepared.append(context)

    session = Session(browser=engine.browser, prepare=prepare)

    async def provider(contexts):
        async with session.page() as page:
            contexts.append(page.context)
            await asyncio.sleep(0.05)  # the others open their pages meanwhile

    async def scan_twice():
        before = len(engine.browser.contexts)
        first, second = [], []
        await asyncio.gather(*(provider(first) for _ in range(3)))
        open_after_first = len(engine.browser.contexts) - before
        await provider(second)
        return first, second, open_after_first, len(engine.browser.contexts) - before

    first, second, open_after_first, open_at_end = engine.run(scan_twice())
    assert len(set(first)) == 1 and len(prepared) == 2  # one context for the three, prepared once
    assert second[0] is not first[0]  # a later scan gets a fresh one
    assert open_after_first == 0 and open_at_end == 0


def _fake_executable(folder, name):
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_a_headless_run_prefers_an_installed_headless_shell(tmp_path, monkeypatch):
    from checker.engine import browser

    monkeypatch.delenv("UNTRAIN_BROWSER", raising=False)
    shell, full = _fake_executable(tmp_path, "chromium-headless-shell"), _fake_executable(tmp_path, "chromium")
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", [shell])
    monkeypatch.setattr(browser, "SYSTEM_BROWSERS", [full])
    assert browser.find_browser(headless=True) == shell
    assert browser.find_browser() == full  # a window (login, --headed) or an extension needs the full browser
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", [str(tmp_path / "absent")])
    assert browser.find_browser(headless=True) == full
    monkeypatch.setenv("UNTRAIN_BROWSER", full)  # the person's choice wins
    monkeypatch.setattr(browser, "HEADLESS_SHELLS", [shell])
    assert browser.find_browser(headless=True) == full


def _running_executables() -> dict[int, str]:
    """pid -> executable of this test process's descendants (the driver, the browsers)."""
    import os
    from pathlib import Path

    parent, exe = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                exe[int(entry.name)] = os.readlink(entry / "exe")
            except OSError:
                continue
    mine = {}
    for pid in exe:
        walker = pid
        while walker > 1 and walker != os.getpid():
            walker = parent.get(walker, 0)
        if walker == os.getpid():
            mine[pid] = exe[pid]
    return mine


def test_a_profile_signed_in_with_the_full_browser_is_read_by_the_headless_shell(engine, tmp_path, monkeypatch):
    # `untrain login` signs in with the full browser (it needs a window); `untrain scan` then reads
    # the same profile headless, in the headless shell where one is installed. The session must
    # survive the switch in both directions, or every scan after a login would say "signed out".
    from pathlib import Path

    from checker.engine import browser

    shell = next((p for p in browser.HEADLESS_SHELLS if Path(p).is_file()), None)
    full = browser.find_browser()
    if shell is None or full is None:
        pytest.skip("needs Chromium's headless shell and the full browser (.ci/run installs both)")
    monkeypatch.delenv("UNTRAIN_BROWSER", raising=False)
    profile = tmp_path / "profile"
    page_html = "<!doctype html><script>document.write(document.cookie + '|' + localStorage.getItem('k'))</script>"

    async def visit(context, *, sign_in):
        async def serve(route):
            headers = {"set-cookie": "session=abc; Max-Age=86400; Secure; Path=/"} if sign_in else {}
            await route.fulfill(body=page_html, content_type="text/html", headers=headers)

        await context.route("**/*", serve)
        page = await context.new_page()
        await page.goto("https://chatgpt.com/")
        if sign_in:
            await page.evaluate("localStorage.setItem('k', 'v')")
            await page.reload()
        return await page.inner_text("body")

    async def run():
        signed_in = await engine.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=full, headless=True)
        try:
            assert await visit(signed_in, sign_in=True) == "session=abc|v"
        finally:
            await signed_in.close()
        before = _running_executables()  # the session's own browser is running too
        scan = await browser.persistent_context(engine.playwright, profile)  # headless: the shell
        try:
            executables = {exe for pid, exe in _running_executables().items() if pid not in before}
            seen = await visit(scan, sign_in=False)
        finally:
            await scan.close()
        again = await engine.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=full, headless=True)
        try:
            seen_again = await visit(again, sign_in=False)
        finally:
            await again.close()
        return executables, seen, seen_again

    executables, seen, seen_again = engine.run(run())
    assert any(Path(e).name == "chromium-headless-shell" for e in executables), executables
    assert seen == "session=abc|v"
    assert seen_again == "session=abc|v"  # and the shell left the profile usable by the full browser


def _login_without_a_screen(argv, capsys):
    """`untrain login` in a thread (it runs asyncio.run, which a test loop left running refuses)."""
    from concurrent.futures import ThreadPoolExecutor

    from checker import cli

    with ThreadPoolExecutor(max_workers=1) as pool:
        code = pool.submit(cli.main, argv).result(timeout=120)
    return code, " ".join(capsys.readouterr().err.split())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="$DISPLAY is how Linux finds a screen")
def test_login_over_ssh_says_there_is_no_display_not_that_no_browser_exists(untrain_home, monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, err = _login_without_a_screen(["login", "chatgpt"], capsys)
    assert code == 2
    assert "needs a display" in err and "$DISPLAY and $WAYLAND_DISPLAY are unset" in err and "ssh -X" in err
    assert "No Chromium-based browser was found" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="$DISPLAY is how Linux finds a screen")
def test_a_display_that_cannot_be_reached_is_named(untrain_home, monkeypatch, capsys):
    from checker.engine.browser import BrowserNotFound, find_browser

    try:
        find_browser()
    except BrowserNotFound:
        pytest.skip("needs an installed Chromium")  # without one, the install hint is right
    monkeypatch.setenv("DISPLAY", ":97")  # set, but no X server behind it (a stale ssh -X)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, err = _login_without_a_screen(["login", "chatgpt"], capsys)
    assert code == 2
    assert "the display :97 cannot be reached" in err
    assert "No Chromium-based browser was found" not in err


def test_a_profile_open_in_another_browser_is_refused_even_by_the_headless_shell(engine, tmp_path, monkeypatch):
    # The full browser refuses a profile whose SingletonLock a live browser holds; the headless
    # shell (what a headless scan or record prefers) does not look, and would share the cookie
    # database with the window that is still open. Untrain checks the lock itself.
    from pathlib import Path

    from checker.engine import browser
    from checker.errors import BrowserError

    monkeypatch.delenv("UNTRAIN_BROWSER", raising=False)
    try:
        full = browser.find_browser()
    except browser.BrowserNotFound:
        pytest.skip("needs an installed Chromium")
    profile = tmp_path / "profile"

    async def run():
        window = await engine.playwright.chromium.launch_persistent_context(
            str(profile), executable_path=full, headless=True)  # `untrain login`'s window, say
        try:
            assert (profile / "SingletonLock").is_symlink()
            with pytest.raises(BrowserError) as exc:
                second = await browser.persistent_context(engine.playwright, profile)
                await second.close()
            return str(exc.value)
        finally:
            await window.close()

    message = engine.run(run())
    assert f"The profile {profile} is in use by another browser (pid " in message
    assert "close that window" in message
    assert not Path(profile / "SingletonLock").exists()  # closed: the next run may go ahead


def test_a_stale_singleton_lock_does_not_block(tmp_path):
    import os
    import socket

    from checker.engine.browser import profile_in_use

    (tmp_path / "SingletonLock").symlink_to(f"{socket.gethostname()}-{2**22 + 12345}")  # no such pid
    assert profile_in_use(tmp_path) is None
    os.remove(tmp_path / "SingletonLock")
    (tmp_path / "SingletonLock").symlink_to(f"{socket.gethostname()}-{os.getpid()}")
    assert profile_in_use(tmp_path) == f"pid {os.getpid()}"
    assert profile_in_use(tmp_path / "nowhere") is None
