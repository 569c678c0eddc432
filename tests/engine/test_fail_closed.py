"""Fail closed: anything short of one settled DOM reading is unknown with a reason, never off."""

import pytest

from checker.results import Reason, Status

from .fixture_harness import Answer, control, run_fixture, scenario, selectors

SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training"}]}


def _one(engine, html, sel=None, detect=None, reader="aria_checked", timeout=3.0):
    sc = scenario([{"read": "training"}], [control(reader=reader)], detect=detect)
    result, mutations, _ = run_fixture(engine, html, sc, sel or selectors(toggle=SWITCH), timeout=timeout)
    assert mutations == []
    return result.controls[0]


def test_missing_control_is_path_missing_not_off(engine):
    c = _one(engine, "<p>Nothing here</p>")
    assert (c.status, c.reason) == (Status.unknown, Reason.path_missing)
    assert "not found" in c.detail


# A page that asks for its settings and draws nothing when the request fails.
LOADS_SETTINGS = """<p id="out">Loading</p><script>
fetch('/api/settings').then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
  .then(() => { document.getElementById('out').outerHTML =
    '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>'; })
  .catch(() => { document.getElementById('out').textContent = 'Something went wrong'; });
</script>"""


def test_a_control_missing_after_its_data_request_failed_is_an_error_not_drift(engine):
    sc = scenario([{"read": "training"}], [control()])
    for answer in (Answer(status=500), Answer(abort=True)):
        result, mutations, _ = run_fixture(engine, LOADS_SETTINGS, sc, selectors(toggle=SWITCH), timeout=1.5,
                                           api={"/api/settings": answer})
        c = result.controls[0]
        assert mutations == []
        assert (c.status, c.reason) == (Status.unknown, Reason.error), c.detail
        assert "not found" in c.detail and "/api/settings" in c.detail
    # The same page whose request succeeds is read; the same miss with no failed request is drift.
    result, _, _ = run_fixture(engine, LOADS_SETTINGS, sc, selectors(toggle=SWITCH), api={"/api/settings": (0, "{}")})
    assert result.controls[0].status == Status.off


@pytest.mark.parametrize("page", [
    '<h1>Security Verification</h1><iframe title="Security verification" srcdoc="<button>Verify</button>"></iframe>',
    '<iframe title="Widget containing a Cloudflare security challenge" srcdoc="<p>Verify you are human</p>"></iframe>',
    '<form action="/errors/validateCaptcha"><label for="captchacharacters">Type the characters</label>'
    '<input id="captchacharacters"></form>',
    "<p>Please verify you are human to continue.</p>",
], ids=["titled-frame", "cloudflare-frame", "captcha-field", "words"])
def test_a_security_check_in_place_of_the_page_is_blocked_not_drift(engine, page):
    c = _one(engine, page, timeout=1.0)
    assert (c.status, c.reason) == (Status.unknown, Reason.blocked), c.detail
    assert "security check" in c.detail


def test_a_captcha_beside_a_shown_control_does_not_void_its_reading(engine):
    # An invisible-captcha badge sits on many ordinary pages: it says nothing once the switch shows.
    c = _one(engine, '<iframe title="reCAPTCHA" src="about:blank"></iframe>'
                     '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>')
    assert c.status == Status.off


def test_hidden_control_does_not_count(engine):
    c = _one(engine, '<button role="switch" aria-checked="false" aria-label="Use my data for training" hidden></button>')
    assert (c.status, c.reason) == (Status.unknown, Reason.path_missing)


def test_two_matches_are_ambiguous(engine):
    two = '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>' * 2
    c = _one(engine, two)
    assert (c.status, c.reason) == (Status.unknown, Reason.ambiguous)


def test_unexpected_value_is_an_error(engine):
    c = _one(engine, '<button role="switch" aria-checked="mixed" aria-label="Use my data for training"></button>')
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "'mixed'" in c.detail


def test_missing_attribute_is_an_error(engine):
    c = _one(engine, '<button role="switch" aria-label="Use my data for training"></button>')
    assert (c.status, c.reason) == (Status.unknown, Reason.error)


def test_signed_out_wall_wins(engine):
    html = '<a href="/login">Log in</a><button role="switch" aria-checked="false" aria-label="Use my data for training"></button>'
    sel = selectors(toggle=SWITCH, login={"kind": "marker", "candidates": [{"role": "link", "name": "Log in"}]})
    c = _one(engine, html, sel, detect={"signed_out": ["login"]})
    assert (c.status, c.reason) == (Status.unknown, Reason.signed_out)


def test_lower_ranked_candidate_is_drift(engine):
    sel = selectors(toggle={"kind": "control", "candidates": [
        {"role": "switch", "name": "Improve the model", "shows_label": "Improve the model"},
        {"role": "switch", "name": "Use my data for training"}]})
    c = _one(engine, '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>', sel)
    assert c.status == Status.off
    assert [(d.expected_label, d.found_label, d.candidate_rank) for d in c.drift] == [
        ("Improve the model", "Use my data for training", 1)]


def test_unreachable_page_is_unknown(engine):
    from pathlib import Path

    from checker.engine.browser import Session
    from checker.catalogue.catalog import Entry
    from checker.engine.runner import ScanOptions, scan_provider

    async def refuse(context):
        await context.route("**/*", lambda route: route.abort("internetdisconnected"))

    sc = scenario([{"read": "training"}], [control()])
    entry = Entry(sc, selectors(toggle=SWITCH), Path("x"), Path("y"))
    result, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=refuse), ScanOptions(timeout=2)))
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.error)
    assert result.controls[0].detail == "could not reach fixture.test (ERR_INTERNET_DISCONNECTED); check the connection"


def test_a_hung_provider_times_out_as_unknown(engine, monkeypatch):
    from checker.engine import steps

    monkeypatch.setattr(steps, "provider_budget", lambda timeout, steps: 0.5)
    sc = scenario([{"read": "training"}], [control()])
    result, mutations, log = run_fixture(engine, "<p>The control never comes</p>", sc, selectors(toggle=SWITCH), timeout=5)
    [c] = result.controls
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout) and mutations == []
    assert "gave up after 0.5s" in c.detail
    # The one walk (scan, paths, record) blames the step it stopped: before, only paths did.
    assert [(r.kind, r.outcome) for r in log.records][-1] == ("read", "failed")
    assert log.failure.reason == Reason.timeout


def test_a_wall_in_a_later_step_makes_an_earlier_off_unknown(engine):
    # Read first; then a tab click brings up a terms pop-up while the next step waits.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <button role="tab" onclick="document.body.insertAdjacentHTML('beforeend',
      '<div role=dialog aria-label=\\'Updates to Consumer Terms and Policies\\'><button>Accept</button></div>')">Privacy</button>"""
    sel = selectors(toggle=SWITCH, privacy_tab={"kind": "navigation", "candidates": [{"role": "tab", "name": "Privacy"}]},
                    later={"kind": "marker", "candidates": [{"role": "heading", "name": "Later"}]},
                    terms={"kind": "marker", "candidates": [{"role": "dialog", "name": "Updates to Consumer Terms and Policies"}]})
    sc = scenario([{"read": "training"}, {"click": "privacy_tab"}, {"wait": "later"}], [control()],
                  detect={"pending_consent": ["terms"]})
    result, mutations, log = run_fixture(engine, html, sc, sel, timeout=2)
    assert [r.outcome for r in log.records] == ["found", "found", "found", "failed"]  # read, then the wall
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.pending_consent)
    assert mutations == []


def test_a_marker_shown_twice_still_counts(engine):
    # Two "Log in" links are still a sign-in wall: the reason must be signed_out, not path_missing.
    html = '<a href="/login">Log in</a><p>or</p><a href="/login">Log in</a>'
    sel = selectors(toggle=SWITCH, login={"kind": "marker", "candidates": [{"role": "link", "name": "Log in"}]})
    c = _one(engine, html, sel, detect={"signed_out": ["login"]})
    assert (c.status, c.reason) == (Status.unknown, Reason.signed_out)


def test_a_lower_ranked_match_while_the_page_renders_is_not_drift(engine, monkeypatch):
    # The switch exists (its id matches the fallback candidate) a moment before it gets its name.
    # A long hold here, so a slow machine firing the page's timer late cannot make this flaky.
    from checker.engine import steps

    monkeypatch.setattr(steps, "DRIFT_HOLD_SECONDS", 1.0)
    html = """<button role="switch" aria-checked="true" id="training-switch"></button>
    <script>setTimeout(() => document.getElementById('training-switch')
      .setAttribute('aria-label', 'Use my data for training'), 80)</script>"""
    sel = selectors(toggle={"kind": "control", "candidates": [
        {"role": "switch", "name": "Use my data for training"}, {"css": "#training-switch"}]})
    c = _one(engine, html, sel)
    assert c.status == Status.on
    assert c.drift == []


def test_an_indeterminate_native_checkbox_is_not_off(engine):
    # A native checkbox's `checked` is false while it shows the mixed state: that is no answer.
    html = """<label><input type="checkbox" id="cb"> Use my data for training</label>
    <script>document.getElementById('cb').indeterminate = true</script>"""
    box = {"kind": "control", "candidates": [{"label": "Use my data for training"}]}
    c = _one(engine, html, selectors(toggle=box), reader="checked")
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "'mixed'" in c.detail


def test_a_page_that_cannot_be_opened_is_unknown_not_a_crash(engine):
    # Setting up the provider's context fails (a HAR that will not load, a profile in use): that
    # provider is unknown with the reason, and the scan goes on to the others.
    from pathlib import Path

    from checker.engine.browser import Session
    from checker.catalogue.catalog import Entry
    from checker.engine.runner import ScanOptions, scan

    async def broken(context):
        raise OSError("the recording cannot be read")

    sc = scenario([{"read": "training"}], [control()])
    entry = Entry(sc, selectors(toggle=SWITCH), Path("x"), Path("y"))
    [result] = engine.run(scan([entry], Session(browser=engine.browser, prepare=broken), ScanOptions(timeout=1)))
    assert (result.status, result.reason) == (Status.unknown, Reason.error)
    assert (result.controls[0].status, result.controls[0].reason) == (Status.unknown, Reason.error)
    assert "the recording cannot be read" in result.controls[0].detail


def test_a_native_switch_whose_aria_checked_disagrees_with_its_box_is_not_off(engine):
    # Server-rendered aria-checked="false"; the client then ticks the box itself (the property, not
    # the attribute). The person sees it on; the stale attribute must not be read as off.
    html = """<input type="checkbox" role="switch" aria-checked="false" aria-label="Use my data for training" id="sw">
    <script>document.getElementById('sw').checked = true</script>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "disagree" in c.detail


def test_a_better_candidate_matching_twice_is_ambiguous_not_a_fallback(engine):
    # Two switches carry the control's name; a lower-ranked candidate picks one of them. Which one
    # is the setting is not known, so neither may be read: "found exactly once" fails at the top.
    html = """<button role="switch" aria-checked="true" aria-label="Use my data for training"></button>
    <button role="switch" aria-checked="false" aria-label="Use my data for training" id="training-switch"></button>"""
    sel = selectors(toggle={"kind": "control", "candidates": [
        {"role": "switch", "name": "Use my data for training"}, {"css": "#training-switch"}]})
    c = _one(engine, html, sel)
    assert (c.status, c.reason) == (Status.unknown, Reason.ambiguous)
