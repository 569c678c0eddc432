"""A crash or time-out in the middle of a step is blamed on that step, and never leaves a path "ok".

No browser: a Walk is given the records a real walk leaves when the page dies while a `read` step
waits for its value to settle (the element was found and recorded, the reading was never taken).
"""

from __future__ import annotations

from checker.qa.paths import _record_crash, _status, _step_reports
from checker.results import Reason
from checker.engine.steps import Walk

from ..harness import catalog


def walk_that_stopped_inside_step(provider: str, crashed_at: int) -> tuple:
    """The Walk state after steps 0..crashed_at were recorded found and step `crashed_at` then died."""
    entry = catalog()[provider]
    walk = Walk.__new__(Walk)  # no page: only the records and readings matter here
    walk.scenario, walk.selectors, walk.records, walk.readings, walk.drift = (
        entry.scenario, entry.selectors, [], {}, [])
    for index in range(crashed_at + 1):
        walk.record(index, "step", f"target{index}", None, None, "found")
    return entry, walk


def test_a_time_out_while_the_last_read_settles_is_not_a_fine_path():
    # claude's last step is the read: before the fix nothing carried the failure and the path was "ok".
    entry, walk = walk_that_stopped_inside_step("claude", crashed_at=len(catalog()["claude"].scenario.steps) - 1)
    failure = _record_crash(walk, "gave up after 30s in all", Reason.timeout)
    steps = _step_reports(entry, walk, failure)
    assert _status(steps) == "unverified"
    assert steps[-1].outcome == "unverified" and steps[-1].reason == "timeout"


def test_a_crash_inside_a_read_is_blamed_on_the_read_not_the_next_step():
    # chatgpt: step 5 reads the switch; the steps after it (Escape, the Ad Controls tab, …) never ran.
    entry, walk = walk_that_stopped_inside_step("chatgpt", crashed_at=5)
    failure = _record_crash(walk, "Error: Target page, context or browser has been closed")
    steps = _step_reports(entry, walk, failure)
    assert [s.outcome for s in steps[5:]] == ["unverified"] + ["not_reached"] * (len(steps) - 6)
    assert len(steps) > 6
    assert "closed" in steps[5].detail
