"""Acceptance 6: `untrain report --html` from a history of several scans: latest states, fixes,
and a per-control timeline, in one page with no external assets, rendered in real Chromium."""

from __future__ import annotations

import re

from checker import cli
from checker.store.history import History

from .helpers import FIX, LINK, fill_sample_history


def control_block(page: str, provider: str, control: str) -> str:
    start = page.index(f'data-provider="{provider}" data-control="{control}"')
    end = page.find('<div class="control', start)
    return page[start:end if end != -1 else None]


def make_report(untrain_home, tmp_path) -> str:
    with History() as history:
        fill_sample_history(history)
    out = tmp_path / "report.html"
    assert cli.main(["report", "--html", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_report_shows_latest_states_fixes_and_timelines(untrain_home, tmp_path):
    page = make_report(untrain_home, tmp_path)

    chatgpt = control_block(page, "chatgpt", "improve_model")
    assert '<span class="badge on">● ON</span>' in chatgpt
    assert "Turn it off:</strong> " + FIX.replace("→", "→") in chatgpt
    assert f'href="{LINK}"' in chatgpt
    # The timeline: one segment per scan, oldest first, and the changes in words.
    assert re.findall(r'<span class="(\w+)" title="2026-11', chatgpt) == ["off", "off", "unknown", "on", "on"]
    changes = re.findall(r"<li>(.*?)</li>", chatgpt)
    assert [re.sub(r"<[^>]+>", "", c) for c in changes] == [
        "2026-11-01 09:00 UTC first seen off",
        "2026-11-03 09:00 UTC off → unknown (signed out)",
        "2026-11-04 09:00 UTC unknown (signed out) → on",
    ]
    assert "5 checks" in chatgpt

    claude = control_block(page, "claude", "help_improve")
    assert '<span class="badge off">✓ off</span>' in claude
    assert re.findall(r'<span class="(\w+)" title="2026-11', claude) == ["on", "on", "off", "off", "off"]

    # The extension's reading counts as the latest state, with the catalogue's fix path.
    audio = control_block(page, "gemini", "audio_improvement")
    assert "from extension" in audio and "● ON" in audio and "Turn it off:" in audio

    # What needs attention comes first.
    assert page.index('data-provider="chatgpt"') < page.index('data-provider="claude"')


def test_report_is_self_contained(untrain_home, tmp_path):
    page = make_report(untrain_home, tmp_path)
    assert "<script" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    assert not re.search(r'\ssrc=', page)
    # The only URLs are the provider links a person clicks.
    assert all(href.startswith("https://") for href in re.findall(r'href="([^"]+)"', page))
    assert (tmp_path / "report.html").stat().st_mode & 0o077 == 0


def test_report_renders_in_chromium_without_any_request(engine, untrain_home, tmp_path):
    page_html = make_report(untrain_home, tmp_path)
    requests: list[str] = []

    async def render():
        context = await engine.browser.new_context(viewport={"width": 1000, "height": 900})
        context.on("request", lambda r: requests.append(r.url))
        page = await context.new_page()
        await page.goto((tmp_path / "report.html").as_uri())
        strips = await page.locator(".strip").count()
        segment_width = await page.locator('[data-control="improve_model"] .strip span').first.evaluate(
            "el => el.getBoundingClientRect().width")
        badge_colour = await page.locator('[data-control="improve_model"] .badge').evaluate(
            "el => getComputedStyle(el).color")
        shot = await page.screenshot(full_page=True)
        await context.close()
        return strips, segment_width, badge_colour, shot

    strips, segment_width, badge_colour, shot = engine.run(render())
    assert requests == [(tmp_path / "report.html").as_uri()]  # nothing else was fetched
    assert strips == page_html.count('class="strip"') == 4
    assert segment_width > 5  # the timeline is drawn, not collapsed
    assert badge_colour == "rgb(198, 40, 40)"  # the ON badge is red
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000


def test_a_control_the_catalogue_dropped_is_not_reported_as_still_on(untrain_home, tmp_path):
    # A catalogue update renamed a control's id (the provider merged two switches). The newer scans of
    # the provider no longer carry the old id, so its last "ON" is not a current state any more.
    from checker.results import ControlResult, ProviderResult, ScanReport, Status

    from .helpers import day

    def scan(at, control_id, label, status):
        control = ControlResult(id=control_id, label=label, status=status, fix_path=FIX)
        return ScanReport.build([ProviderResult(id="chatgpt", name="ChatGPT", status=status, controls=[control])],
                                generated_at=at)

    with History() as history:
        history.record_scan(scan(day(1), "old_switch", "Old training switch", Status.on))
        history.record_scan(scan(day(2), "improve_model", "Improve the model for everyone", Status.off))
        assert [(s.control, s.status) for s in history.latest_controls()] == [("improve_model", Status.off)]
    out = tmp_path / "report.html"
    assert cli.main(["report", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Old training switch" not in page
    assert '<span class="pill on">0 ON</span>' in page


def test_not_applicable_says_why(untrain_home, tmp_path):
    # "n/a" alone reads like a shrug: the reason (a business plan hides the setting) is the answer.
    from checker.results import Status

    with History() as history:
        history.record_reading("github-copilot", "model_training", Status.not_applicable,
                               detail="Copilot Business: your organisation manages this setting")
    out = tmp_path / "report.html"
    assert cli.main(["report", "--html", str(out)]) == 0
    block = control_block(out.read_text(encoding="utf-8"), "github-copilot", "model_training")
    assert "your organisation manages this setting" in block


def test_report_groups_controls_by_meaning_and_says_not_trained_plainly(untrain_home, tmp_path):
    from checker.results import ControlResult, ProviderResult, Status

    from .helpers import chatgpt_report, day

    report = chatgpt_report(Status.off, at=day(1), extra=[
        ProviderResult(id="zoom", name="Zoom", status=Status.not_trained,
                       detail="Zoom says it does not use your content to train AI models.")])
    report.providers[0].controls.append(ControlResult(
        id="ad_personalization", label="Ad personalization", status=Status.on, meaning="ads",
        fix_path="Profile icon → Settings → Ad controls"))
    with History() as history:
        history.record_scan(report)
    out = tmp_path / "report.html"
    assert cli.main(["report", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")

    assert re.findall(r'<section class="meaning" data-meaning="(\w+)">', page) == ["training", "ads", "none"]
    assert page.index('data-meaning="training"') < page.index('data-control="improve_model"') \
        < page.index('data-meaning="ads"') < page.index('data-control="ad_personalization"')
    assert "Ads <small>(shown, never counted)</small>" in page
    # The ads switch is on, and shown so; it is not counted in the summary.
    assert '<span class="badge on">● ON</span>' in control_block(page, "chatgpt", "ad_personalization")
    assert '<span class="pill on">0 ON</span>' in page
    # Zoom has no switch: said in words, counted as settled, never as a risk.
    zoom = page[page.index('data-provider="zoom"'):]
    assert "✓ not trained (no switch)" in zoom and "does not use your content to train" in zoom
    assert '<span class="pill off">1 not trained (no switch)</span>' in page
