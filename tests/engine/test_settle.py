"""When a reading counts: the page has loaded, nothing it asked for is still in flight, and the
document has stood still. Each fixture is a way a real page changes a switch after first paint."""

from checker.results import Reason, Status

from .fixture_harness import control, run_fixture, scenario, selectors

SWITCH = {"kind": "control", "candidates": [{"role": "switch", "name": "Use my data for training"}]}
TERMS = {"kind": "marker", "candidates": [{"role": "dialog", "name": "Updates to Consumer Terms and Policies"}]}


def _one(engine, html, sel=None, detect=None, timeout=3.0, api=None):
    sc = scenario([{"read": "training"}], [control()], detect=detect)
    result, mutations, _ = run_fixture(engine, html, sc, sel or selectors(toggle=SWITCH), timeout=timeout, api=api)
    assert mutations == []
    return result.controls[0]


def test_a_slow_settings_request_is_waited_for(engine):
    # The switch is painted "false" and stays so for 0.6 s, until the person's settings arrive.
    c = _one(engine, "hydrating.html", api={"/api/settings": (0.6, '{"training": true}')})
    assert c.status == Status.on


def test_chained_requests_are_waited_for(engine):
    # A session request, then the settings request it unlocks: the gap between them is not quiet.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>
    fetch('/api/session').then(r => r.json())
      .then(() => fetch('/api/settings')).then(r => r.json())
      .then(s => document.getElementById('sw').setAttribute('aria-checked', String(s.training)));
    </script>"""
    c = _one(engine, html, api={"/api/session": (0.3, "{}"), "/api/settings": (0.3, '{"training": true}')})
    assert c.status == Status.on


def test_a_terms_popup_after_a_slow_request_makes_off_unknown(engine):
    # The page asks whether the person has seen the new terms, then shows the pop-up: an 'off' read
    # before the answer arrived can no longer be trusted.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training"></button>
    <script>
    fetch('/api/consent').then(r => r.json()).then(c => c.pending && document.body.insertAdjacentHTML('beforeend',
      '<div role="dialog" aria-label="Updates to Consumer Terms and Policies"><button>Accept</button></div>'));
    </script>"""
    c = _one(engine, html, selectors(toggle=SWITCH, terms=TERMS), detect={"pending_consent": ["terms"]},
             api={"/api/consent": (0.5, '{"pending": true}')})
    assert (c.status, c.reason) == (Status.unknown, Reason.pending_consent)


def test_a_page_that_never_stands_still_is_read_once_the_control_holds(engine):
    # A clock ticks forever, so the document is never quiet; the switch hydrates by a timer meanwhile.
    html = """<p id="clock"></p>
    <button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>
    setInterval(() => document.getElementById('clock').textContent = String(performance.now()), 20);
    setTimeout(() => document.getElementById('sw').setAttribute('aria-checked', 'true'), 300);
    </script>"""
    c = _one(engine, html)
    assert c.status == Status.on
    assert [e.value for e in c.evidence] == ["true"]


def test_a_control_that_keeps_changing_is_unknown(engine):
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>setInterval(() => { const sw = document.getElementById('sw');
      sw.setAttribute('aria-checked', sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true'); }, 30);
    </script>"""
    c = _one(engine, html, timeout=1.0)
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout)
    assert "would not settle" in c.detail


def test_a_control_replaced_while_settling_is_unknown(engine):
    # A re-render that swaps the switch for a new element: the element we found is gone.
    html = """<button role="switch" aria-checked="false" aria-label="Use my data for training" id="sw"></button>
    <script>fetch('/api/settings').then(() => document.getElementById('sw').remove());</script>"""
    c = _one(engine, html, api={"/api/settings": (0.4, "{}")})
    assert (c.status, c.reason) == (Status.unknown, Reason.error)
    assert "disappeared" in c.detail


def test_a_control_re_rendered_as_a_new_element_is_read_from_the_new_one(engine):
    # Frameworks often replace a node on re-render; the locator still finds exactly one switch.
    # Five re-renders 40 ms apart, so one lands while the first element found is being watched.
    html = """<div id="app"></div>
    <script>
    const paint = () => document.getElementById('app').innerHTML =
      '<button role="switch" aria-checked="true" aria-label="Use my data for training"></button>';
    paint();
    let left = 5;
    const again = setInterval(() => { paint(); if (--left === 0) clearInterval(again); }, 40);
    </script>"""
    c = _one(engine, html)
    assert (c.status, c.reason, c.detail) == (Status.on, None, None)


def test_a_settings_request_slower_than_the_quiet_cap_is_still_waited_for(engine):
    # The answer comes after 2 s (the old cap on waiting for a quiet page) but well inside the
    # timeout. The painted "false" must not be read meanwhile.
    c = _one(engine, "hydrating.html", timeout=5.0, api={"/api/settings": (2.4, '{"training": true}')})
    assert c.status == Status.on
    assert [e.value for e in c.evidence] == ["true"]


def test_a_settings_request_still_open_at_the_timeout_is_unknown(engine):
    # Still loading when the time is up: nothing was read from a settled page, so never `off`.
    c = _one(engine, "hydrating.html", timeout=1.0, api={"/api/settings": (1.8, '{"training": true}')})
    assert (c.status, c.reason) == (Status.unknown, Reason.timeout)
    assert "still loading /api/settings" in c.detail
