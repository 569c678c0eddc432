"""A crash or time-out in the middle of a step is blamed on that step, and never leaves a path "ok".

No browser: a walk's log is given the records a real walk leaves when the page dies while a `read`
step waits for its value to settle (the element was found and recorded, the reading was never taken).
"""

from __future__ import annotations

from checker.qa.paths import _status, _step_reports
from checker.results import Reason, Status
from checker.engine.steps import StepFailure, WalkLog, _interrupted

from ..harness import catalog


def walk_that_stopped_inside_step(provider: str, crashed_at: int) -> tuple:
    """The log after steps 0..crashed_at were recorded found and step `crashed_at` then died."""
    entry = catalog()[provider]
    log = WalkLog()
    for index in range(crashed_at + 1):
        log.record(index, "step", f"target{index}", None, None, "found")
    return entry, log


def stopped(entry, log: WalkLog, detail: str, reason: Reason = Reason.error) -> WalkLog:
    _interrupted(log, entry.scenario.steps, StepFailure(Status.unknown, reason, detail))
    return log


def test_a_time_out_while_the_last_read_settles_is_not_a_fine_path():
    # claude's last step is the read: before the fix nothing carried the failure and the path was "ok".
    entry, log = walk_that_stopped_inside_step("claude", crashed_at=len(catalog()["claude"].scenario.steps) - 1)
    steps = _step_reports(entry, stopped(entry, log, "gave up after 30s in all", Reason.timeout))
    assert _status(steps) == "unverified"
    assert steps[-1].outcome == "unverified" and steps[-1].reason == "timeout"


def test_a_crash_inside_a_read_is_blamed_on_the_read_not_the_next_step():
    # chatgpt: step 5 reads the switch; the steps after it (Escape, the Ad Controls tab, …) never ran.
    entry, log = walk_that_stopped_inside_step("chatgpt", crashed_at=5)
    steps = _step_reports(entry, stopped(entry, log, "Error: Target page, context or browser has been closed"))
    assert [s.outcome for s in steps[5:]] == ["unverified"] + ["not_reached"] * (len(steps) - 6)
    assert len(steps) > 6
    assert "closed" in steps[5].detail
