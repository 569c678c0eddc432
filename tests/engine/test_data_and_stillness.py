"""Fail closed against the network, flicker and unlisted pop-ups (issue 13). Each fault is a page
that paints a placeholder switch "off" while the account is ON: the engine must answer `unknown`
with the right reason, never `off`. The same page with healthy data reads `on` and `off` right."""

import pytest

from checker.results import Reason, Status

from .fixture_harness import Answer, control, run_fixture, scenario, selectors

SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training"}]}
ON, OFF = '{"settings": {"training_allowed": true}}', '{"settings": {"training_allowed": false}}'
# The second witness the way a scenario declares one (ChatGPT's, from the evidence, is the model).
WITNESS = {"request": "/api/settings", "pointer": "/settings/training_allowed", "training_allowed": [True],
           "training_disabled": [False], "source": "fixture", "confidence": "inferred"}


def _one(engine, html, api=None, timeout=3.0, witness=None, sel=None):
    reading = control()
    if witness:
        reading["readings"][0]["witness"] = witness
    sc = scenario([{"read": "training"}], [reading])
    result, mutations, _ = run_fixture(engine, html, sc, sel or selectors(toggle=SWITCH), timeout=timeout, api=api)
    assert mutations == []
    return result.controls[0]


# -------------------------------------------------------------- 1. a reading needs its data


@pytest.mark.parametrize("answer, expected", [(ON, Status.on), (OFF, Status.off)])
def test_healthy_data_reads_right(engine, answer, expected):
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer(answer, delay=0.2)})
    assert (c.status, c.reason) == (expected, None)


def test_a_data_request_slower_than_three_seconds_is_waited_for(engine):
    # Once ignored as "a stream" after 3 s, and the placeholder read as off.
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer(ON, delay=4.5)}, timeout=7.0)
    assert (c.status, c.reason) == (Status.on, None)
    assert [e.value for e in c.evidence] == ["true"]


def test_a_data_request_still_open_at_the_timeout_is_a_timeout(engine):
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer(ON, delay=4.0)}, timeout=2.0)
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout)
    assert "/api/settings" in c.detail


def test_a_failed_data_request_is_unknown_naming_its_path(engine):
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer('{"error": "oops"}', status=500)})
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "/api/settings (it answered 500)" in c.detail


def test_an_aborted_data_request_is_unknown_naming_its_path(engine):
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer(ON, delay=0.2, abort=True)})
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "/api/settings" in c.detail


def test_the_path_in_the_detail_has_no_query(engine):
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <script>fetch('/api/settings?token=s3cr3t').catch(() => {});</script>"""
    c = _one(engine, html, api={"/api/settings": Answer("{}", status=503)})
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "/api/settings" in c.detail and "s3cr3t" not in c.detail


def test_a_stream_is_not_waited_for(engine):
    # An event stream that stays open: recognised by its response type, not by its age.
    html = """<button role="switch" aria-checked="true" aria-label="Use my data for training"></button>
    <script>fetch('/api/events').then(r => r.body.getReader().read()).catch(() => {});</script>"""
    c = _one(engine, html, api={"/api/events": Answer("data: hello\n\n", content_type="text/event-stream")})
    assert (c.status, c.reason) == (Status.on, None)


def test_a_request_to_another_site_is_not_judged(engine):
    # Analytics on another host fails (the fixture routing answers it, with 500): not the setting's data.
    html = """<button role="switch" aria-checked="true" aria-label="Use my data for training"></button>
    <script>fetch('https://analytics.example/collect').catch(() => {});</script>"""
    c = _one(engine, html, api={"/collect": Answer("{}", status=500)})
    assert (c.status, c.reason) == (Status.on, None)


def test_a_document_that_answered_an_error_is_unknown(engine):
    from pathlib import Path

    from checker.engine.browser import Session
    from checker.catalogue.catalog import Entry
    from checker.engine.runner import ScanOptions, scan_provider

    mutations = []

    async def answer(route):
        if route.request.method != "GET":
            mutations.append(f"{route.request.method} {route.request.url}")
        await route.fulfill(status=404, content_type="text/html", body=(
            '<h1>Not found</h1><button role="switch" aria-checked="false" aria-label="Use my data for training">'
            '</button>'))

    async def not_found(context):
        await context.route("**/*", answer)

    sc = scenario([{"read": "training"}], [control()])
    entry = Entry(sc, selectors(toggle=SWITCH), Path("x"), Path("y"))
    result, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=not_found), ScanOptions(timeout=3)))
    assert mutations == []
    c = result.controls[0]
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "answered 404" in c.detail


# -------------------------------------------------------------- the second witness


def test_a_missing_settings_request_with_a_witness_is_unknown(engine):
    # The page paints its placeholder and never asks for the setting.
    html = '<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>'
    c = _one(engine, html, witness=WITNESS)
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "never loaded its settings from /api/settings" in c.detail


@pytest.mark.parametrize("answer, expected", [(ON, Status.on), (OFF, Status.off)])
def test_a_witness_that_agrees_lets_the_reading_stand(engine, answer, expected):
    c = _one(engine, "placeholder.html", api={"/api/settings": Answer(answer, delay=0.2)}, witness=WITNESS)
    assert (c.status, c.reason) == (expected, None)


def test_a_witness_that_disagrees_is_ambiguous(engine):
    # The page fetched the setting (on) but painted off: page and data disagree.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <script>fetch('/api/settings').then(r => r.json());</script>"""
    c = _one(engine, html, api={"/api/settings": Answer(ON)}, witness=WITNESS)
    assert (c.status, c.reason) == (Status.unknown, Reason.ambiguous)
    assert "shows off" in c.detail and "says on" in c.detail


# -------------------------------------------------------------- 2. held still means held still


@pytest.mark.parametrize("interval", [100, 400, 1000])
def test_a_switch_that_flickers_is_unknown(engine, interval):
    html = f"""<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>setInterval(() => {{ const sw = document.getElementById('sw');
      sw.setAttribute('aria-checked', sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true'); }}, {interval});
    </script>"""
    c = _one(engine, html, timeout=3.5)
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout)
    assert "would not settle" in c.detail


def test_a_checkbox_whose_property_flickers_is_unknown(engine):
    # `checked` changes without any mutation for an observer to see: the watch also polls it.
    html = """<label><input type="checkbox" id="cb"> Use my data for training</label>
    <script>setInterval(() => { const cb = document.getElementById('cb'); cb.checked = !cb.checked; }, 300);</script>"""
    box = {"kind": "control", "candidates": [{"label": "Use my data for training"}]}
    sc = scenario([{"read": "training"}], [control(reader="checked")])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(toggle=box), timeout=3.0)
    assert mutations == []
    c = result.controls[0]
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout)


@pytest.mark.parametrize("how", ["remove()", "hidden = true"])
def test_a_switch_that_vanishes_after_painting_is_unknown(engine, how):
    html = f"""<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>setTimeout(() => document.getElementById('sw').{how}, 800);</script>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "disappeared" in c.detail


# -------------------------------------------------------------- 3. an unlisted modal is a stop sign

TERMS = """<div style="position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center">
  <div role="dialog" aria-modal="true" aria-labelledby="t" style="background:#fff;padding:20px">
    <h2 id="t">We updated our Terms</h2><p>Please review them.</p>
    <button onclick="fetch('/api/consent', {method: 'POST'})">Accept</button></div></div>"""


def test_an_unlisted_terms_dialog_over_the_page_is_pending_consent(engine):
    html = f"""<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', `{TERMS}`), 300);</script>"""
    c = _one(engine, html)  # the run_fixture mutation log is empty: Accept was never clicked
    assert (c.status, c.reason) == (Status.unknown, Reason.pending_consent)
    assert "We updated our Terms" in c.detail


def test_a_showmodal_dialog_with_agree_is_pending_consent(engine):
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <dialog id="d"><h2>New privacy policy</h2><button>I agree</button></dialog>
    <script>document.getElementById('d').showModal();</script>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.unknown, Reason.pending_consent)
    assert "New privacy policy" in c.detail


def test_an_overlay_over_the_control_without_a_dialog_role_stops_the_read(engine):
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <div style="position:fixed;inset:0;background:#fff8"><p>Our terms changed</p><a href="#">Continue</a></div>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.unknown, Reason.pending_consent)
    assert "Our terms changed" in c.detail


def test_an_unlisted_dialog_without_an_accept_choice_still_stops_the_read(engine):
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <div role="dialog" aria-modal="true" aria-label="What's new"><button>Close</button></div>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "What's new" in c.detail


def test_the_dialog_that_holds_the_control_is_not_unlisted(engine):
    # The scenario's own dialog (a settings modal with the switch in it), over an older dialog it
    # pushed behind (aria-hidden), and a styled track over a visually hidden checkbox.
    html = """<div aria-hidden="true"><div role="dialog" aria-modal="true" aria-label="Settings"><button>Accept</button></div></div>
    <div style="position:fixed;inset:0;display:flex;align-items:center;justify-content:center">
      <div role="dialog" aria-modal="true" aria-label="Model improvement">
        <button role="switch" aria-checked="true" aria-label="Use my data for training"></button>
        <label style="position:relative;display:inline-block;width:40px;height:20px">
          <input type="checkbox" checked aria-label="Share usage data" style="position:absolute;opacity:0;width:1px;height:1px">
          <span style="position:absolute;inset:0;background:#333"></span></label>
        <button>Done</button></div></div>"""
    c = _one(engine, html)
    assert (c.status, c.reason) == (Status.on, None)
    box = {"kind": "control", "candidates": [{"label": "Share usage data"}]}
    sc = scenario([{"read": "training"}], [control(reader="checked")])
    result, mutations, _ = run_fixture(engine, html, sc, selectors(toggle=box), timeout=3.0)
    assert mutations == []
    assert (result.controls[0].status, result.controls[0].reason) == (Status.on, None)
