"""The replica contract (issue 12, point 11): every state of every replica, own and blind, declares
what a scan must give (`expect` in its replica.yaml), and one test holds the scan to it. A provider's
own spec file keeps only its quirks: how the page was walked, which evidence was read, what drift
was reported.

`expect` gives the provider's status and reason. `controls` lists a control that reads otherwise,
as a status or [status, reason]; on an own replica every control not listed reads as the provider
does.

The blind replicas (tests/blind_replicas/README.md) are pages written from the evidence alone by
people who never saw selectors/, scenarios/ or the other replicas. A blind state the engine cannot
read yet is listed in KNOWN_MISSES with why. It must still read unknown (never a wrong on or off),
and once it reads right the test fails until it leaves the list: the list can only shrink.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.replicas.site import available_providers, load_manifest
from checker.results import Reason, Status

from ..harness import scan_replica

BLIND = Path(__file__).resolve().parents[1] / "blind_replicas"

# (provider, state) of a blind replica: why the engine misses it. Mend the engine or the selectors
# in general terms, never the replica (unless it contradicts the evidence: then say so in its README).
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("alexa", "drifted"): "the older labels (CNET 2019, in the replica's README) are not in the shared evidence, so no alias can cite them",
    ("alexa", "drifted_on"): "the older labels (CNET 2019, in the replica's README) are not in the shared evidence, so no alias can cite them",
    ("chatgpt", "business"): "a plan notice whose wording no shared source gives (the replica's is inferred): no detect marker can cite it",
    ("chatgpt", "drifted"): "the 2023 layout never makes the settings request the second witness waits for",
    ("chatgpt", "drifted_on"): "the 2023 layout never makes the settings request the second witness waits for",
    ("copilot", "business"): "a plan notice whose wording no shared source gives (the replica's is inferred): no detect marker can cite it",
    ("deepseek", "off"): "the name button has no landmark or popup semantics: nothing general finds it by place",
    ("deepseek", "on"): "the name button has no landmark or popup semantics: nothing general finds it by place",
    ("deepseek", "slow"): "the name button has no landmark or popup semantics: nothing general finds it by place",
    ("gemini", "business"): "a plan notice whose wording no shared source gives (the replica's is inferred): no detect marker can cite it",
    ("gemini", "drifted"): "the audio row shows only while Keep Activity is on, so its absence leaves the provider unknown",
    ("gemini", "off"): "the audio row shows only while Keep Activity is on, so its absence leaves the provider unknown",
    ("grammarly", "business"): "a plan notice whose wording no shared source gives (the replica's is inferred): no detect marker can cite it",
    ("grammarly", "pro_single"): "the switch sits on Data settings (admin/data_settings), a page the shared evidence does not give",
    ("instagram", "consent_wall"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("instagram", "drifted"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("instagram", "drifted_on"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("instagram", "hydrate_slowly"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("instagram", "off"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("instagram", "on"): "the page takes the web path (More, Settings), not the documented app path (Profile, Menu)",
    ("perplexity", "enterprise"): "no detect marker knows the Enterprise plan: the missing row reads path_missing, not not_applicable",
}

# (provider, state): a value the catalogue cannot get right, because the page has a training switch
# the catalogue does not know. The engine must still never call it off (extension/lib/neighbours.js
# sees the stranger beside the known switch): each is a fact to check on the real site.
CATALOGUE_GAPS: dict[tuple[str, str], str] = {
    ("alexa", "messages_only"): "the replica's second switch, 'Use Messages to Improve Transcriptions' (2019 press, "
    "reported), is not in scenarios/alexa.yaml: read unknown beside it; check whether it still exists",
}


def _word(value) -> str:
    # YAML 1.1 reads a bare on/off as a boolean: accept both spellings of a status.
    return {True: "on", False: "off"}.get(value, value)


def _status(value) -> tuple[Status, Reason | None]:
    status, reason = (value, None) if not isinstance(value, list) else (value + [None])[:2]
    return Status(_word(status)), Reason(reason) if reason else None


def declared(root: Path | None, provider: str, state: str) -> tuple[tuple[Status, Reason | None], dict]:
    """The provider's (status, reason), and {control: (status, reason)} for each control listed."""
    expect = load_manifest(provider, root).states[state]["expect"]
    unknown = set(expect) - {"status", "reason", "controls"}
    assert not unknown, f"{provider} {state}: expect has no key {sorted(unknown)}"
    whole = _status([expect["status"], expect.get("reason")])
    return whole, {control: _status(value) for control, value in (expect.get("controls") or {}).items()}


ROOTS = {"own": None, "blind": BLIND}
CASES = [(root, provider, state) for root, path in ROOTS.items() for provider in available_providers(path)
         for state in load_manifest(provider, path).states]


def test_every_replica_state_declares_what_it_must_read():
    assert len(available_providers(BLIND)) >= 16 and len(available_providers()) >= 16
    for root, provider, state in CASES:
        declared(ROOTS[root], provider, state)  # raises on a missing or misspelt expect


@pytest.mark.parametrize("root, provider, state", CASES, ids=["-".join(c) for c in CASES])
def test_a_replica_state_reads_as_declared(engine, root, provider, state):
    scan = scan_replica(engine, provider, state, root=ROOTS[root])  # asserts no mutation, no network
    whole, listed = declared(ROOTS[root], provider, state)
    unread = set(listed) - {c.id for c in scan.result.controls}
    assert not unread, f"expect names controls the scan did not read: {sorted(unread)}"
    # An own replica's expect is complete. A blind one's authors declared the provider's result,
    # and it is theirs to declare: a control it does not list is held only to that result.
    want = {c.id: listed.get(c.id, whole) for c in scan.result.controls
            if root == "own" or c.id in listed}
    got = {c.id: (c.status, c.reason) for c in scan.result.controls if c.id in want}
    got_whole = (scan.result.status, scan.result.reason)
    wrong = {c: (got[c], want[c]) for c in got if got[c][0] in (Status.on, Status.off) and got[c] != want[c]}
    if got_whole[0] in (Status.on, Status.off) and got_whole != whole:
        wrong[provider] = (got_whole, whole)
    details = "; ".join(f"{c.id}: {c.status.value} {c.reason.value if c.reason else ''} {c.detail or ''}"
                        for c in scan.result.controls)
    right = got_whole == whole and got == want
    assert not wrong, f"WRONG VALUE (read, declared): {wrong} ({details})"
    gap = CATALOGUE_GAPS.get((provider, state)) if root == "blind" else None
    if gap:
        if right:
            pytest.fail(f"{provider} {state} reads right now: take it out of CATALOGUE_GAPS")
        pytest.xfail(gap)
    miss = KNOWN_MISSES.get((provider, state)) if root == "blind" else None
    if miss is None:
        assert right, f"read {got_whole[0].value} ({got_whole[1].value if got_whole[1] else ''}): {details}"
    elif right:
        pytest.fail(f"{provider} {state} reads right now: take it out of KNOWN_MISSES")
    else:
        pytest.xfail(f"known miss ({miss}): {details}")
    _holds_for_every_provider(scan, root, provider, state)


def _holds_for_every_provider(scan, root: str, provider: str, state: str) -> None:
    """What every provider's page must show beyond its status: checked once here, not per spec."""
    # An own replica's on and off are today's page as the catalogue records it: drift there means
    # the two have parted. A blind one's are the evidence as its authors read it, where finding a
    # lower-ranked candidate and saying so is the engine working.
    if root == "own" and state in ("on", "off"):
        drift = [*scan.log.drift, *(d for c in scan.result.controls for d in c.drift)]
        assert drift == [], f"{provider} {state}: drift on today's page: {drift}"
    for control in scan.result.controls:  # the person is told how to sign in, not just that they must
        if control.reason == Reason.signed_out:
            assert f"untrain login {provider}" in (control.detail or ""), f"{control.id}: {control.detail!r}"
