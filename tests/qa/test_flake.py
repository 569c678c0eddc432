"""Acceptance 6, the flake rule: one failure gives suspect; two consecutive give gone; a signed-out
or blocked page never counts (and does not reset a streak either)."""

from __future__ import annotations

import pytest

from checker.qa.flake import FlakeStore
from checker.qa.report import ProviderPaths, StepReport

TARGET = "live"


def run(outcome: str, reason: str | None = None) -> ProviderPaths:
    """One run of a two-step path whose second step had `outcome`."""
    steps = [StepReport(index=0, kind="goto", target="https://example.test/", outcome="found"),
             StepReport(index=1, kind="click", target="privacy_tab", outcome=outcome, reason=reason)]
    return ProviderPaths(id="example", name="Example", status="missing", steps=steps)


def observe(store: FlakeStore, outcome: str, reason: str | None = None) -> StepReport:
    result = run(outcome, reason)
    store.observe(TARGET, result)
    return result.steps[1]


@pytest.fixture
def store(untrain_home):
    with FlakeStore() as s:
        yield s


def test_one_failure_is_suspect_two_are_gone(store):
    first = observe(store, "missing")
    assert (first.flake, first.consecutive_failures) == ("suspect", 1)
    second = observe(store, "missing")
    assert (second.flake, second.consecutive_failures) == ("gone", 2)


@pytest.mark.parametrize("reason", ["signed_out", "blocked", "timeout"])
def test_unverified_runs_never_count(store, reason):
    assert observe(store, "unverified", reason).flake is None
    assert observe(store, "unverified", reason).consecutive_failures == 0
    assert observe(store, "missing").flake == "suspect"  # the walls before it did not count
    assert observe(store, "unverified", reason).flake is None
    # A wall between two misses neither counts nor breaks the streak: still two in a row.
    assert (observe(store, "missing").flake, store.streak(TARGET, "example", "1:click:privacy_tab")) == ("gone", 2)


def test_a_found_run_resets_and_suspects_stay_in_history(store):
    observe(store, "missing")
    assert observe(store, "found").flake is None
    assert observe(store, "missing").flake == "suspect"
    history = [outcome for _, outcome, _ in store.history(TARGET, "example", "1:click:privacy_tab")]
    assert history == ["missing", "found", "missing"]  # the earlier suspect is kept


def test_n_is_configurable(untrain_home):
    with FlakeStore(gone_after=3) as store:
        assert [observe(store, "missing").flake for _ in range(3)] == ["suspect", "suspect", "gone"]


def test_targets_never_mix(store):
    observe(store, "missing")
    other = run("missing")
    store.observe("replica:drifted", other)
    assert other.steps[1].flake == "suspect"  # a replica miss is not the live path's second miss


def test_not_reached_steps_are_not_recorded(store):
    result = run("found")
    result.steps.append(StepReport(index=2, kind="read", target="switch", outcome="not_reached"))
    store.observe(TARGET, result)
    assert store.history(TARGET, "example", "2:read:switch") == []


def test_gone_after_must_be_positive(untrain_home):
    with pytest.raises(ValueError):
        FlakeStore(gone_after=0)


def test_a_corrupt_history_is_a_data_error(untrain_home):
    from checker.errors import DataError

    (untrain_home).mkdir(parents=True, exist_ok=True)
    (untrain_home / "qa-flake.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DataError, match="qa-flake.sqlite"):
        FlakeStore()
