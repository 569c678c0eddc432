"""Acceptance 3 of issue 13, on real recordings: every replica, signed in as an account made of
canaries (name, email, handle, chat titles), recorded by `untrain record`'s own code. The raw
recording holds the canaries; the written HAR holds none, and still replays to the status the
live replica scan read. Nobody tells the sanitiser the name: it learns it from the page."""

from __future__ import annotations

import copy
import json

import pytest

from checker.engine.browser import Session
from checker.har import recorder as record_module
from checker.har import replay
from checker.replicas.site import DEFAULT_ACCOUNT, Account
from checker.engine.runner import ScanOptions, scan_provider

from ..harness import TEST_TIMEOUT, catalog
from ..qa.helpers import providers_with_state
from .canaries import survivors
from .make_har import make_har

CANARY_ACCOUNT = Account(name="Quorvak Teslindra", email="quorvak.tes5521@canarymail.example",
                         handle="quorvaktes5521",
                         chats=("cnry replica chat about my mortgage", "cnry replica chat about a custody fight"))
CANARIES = {"name": CANARY_ACCOUNT.name, "first name": "Quorvak", "last name": "Teslindra",
            "email": CANARY_ACCOUNT.email, "email local part": "quorvak.tes5521", "handle": CANARY_ACCOUNT.handle,
            "chat title 1": CANARY_ACCOUNT.chats[0], "chat title 2": CANARY_ACCOUNT.chats[1]}


def statuses(result) -> list:
    data = json.loads(result.model_dump_json())
    return [data["status"], data["reason"]] + [(c["id"], c["status"], c["reason"]) for c in data["controls"]]


@pytest.fixture
def raw_recordings(monkeypatch):
    """What the recorder had before it sanitised, kept for the test to compare."""
    raws = []
    real = record_module.sanitise

    def keep_raw(har, *args, **kwargs):
        raws.append(copy.deepcopy(har))
        return real(har, *args, **kwargs)

    monkeypatch.setattr(record_module, "sanitise", keep_raw)
    return raws


@pytest.mark.parametrize("provider", providers_with_state("off"))
def test_a_canary_account_leaves_nothing_in_the_har(engine, tmp_path, raw_recordings, provider):
    entry, har = catalog()[provider], tmp_path / f"{provider}.har"
    recording = engine.run(record_module.record(entry, har, replica_state="off", timeout=TEST_TIMEOUT,
                                                browser=engine.browser, replica_account=CANARY_ACCOUNT))
    assert recording.mutations == []
    raw = raw_recordings[-1]
    assert {"name", "email", "chat title 1"} <= set(survivors(raw, CANARIES))  # the page carried them
    clean = json.loads(har.read_text())
    assert survivors(clean, CANARIES) == []

    replayed, _ = engine.run(scan_provider(entry, Session(browser=engine.browser, prepare=replay(har)),
                                           ScanOptions(timeout=TEST_TIMEOUT, source="har")))
    assert statuses(replayed) == statuses(recording.result)
    assert recording.result.status.value == "off"


def test_the_default_replica_account_is_not_recorded_either(engine, tmp_path, raw_recordings):
    # The finding: a recording of a replica kept "Jane Doe". Nothing about her is passed in.
    har = tmp_path / "chatgpt.har"
    engine.run(record_module.record(catalog()["chatgpt"], har, replica_state="off", timeout=TEST_TIMEOUT,
                                    browser=engine.browser))
    default = {"name": DEFAULT_ACCOUNT.name, "email": DEFAULT_ACCOUNT.email, "handle": DEFAULT_ACCOUNT.handle,
               "chat": DEFAULT_ACCOUNT.chats[0]}
    assert survivors(raw_recordings[-1], default) == list(default)
    assert survivors(json.loads(har.read_text()), default) == []


def test_record_keeps_the_hosts_it_is_told(untrain_home, tmp_path, monkeypatch):
    # `untrain record --host cdn…`: a live page's scripts may come from a CDN; only named hosts join
    # the provider's own.
    seen = {}
    real = record_module.sanitise

    def spy(har, extra=None, hosts=None):
        seen["hosts"] = hosts
        return real(har, extra, hosts=hosts)

    monkeypatch.setattr(record_module, "sanitise", spy)
    assert make_har("chatgpt", "off", tmp_path / "x.har", "--host", "cdn.chatgpt.example") == 0
    assert seen["hosts"] == ["chatgpt.com", "cdn.chatgpt.example"]
