"""Flake control: a documented step is declared gone only after N consecutive missing runs.

Real pages fail now and then (a slow load, an A/B test), so one miss makes a step "suspect" and
only N misses in a row (default 2) make it "gone". Every observation is kept, so suspects stay
visible. A step that could not be checked (signed out, blocked, timeout) neither counts nor
resets the streak: a wall says nothing about whether the path exists.

The history lives in its own SQLite file in the user data dir, apart from scan history.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from ..store.data_paths import user_data_dir
from ..errors import DataError
from .report import PathOutcome, ProviderPaths, StepReport

DEFAULT_GONE_AFTER = 2
FILE_NAME = "qa-flake.sqlite"
COUNTS = {PathOutcome.missing}  # outcomes that extend a failure streak
RESETS = {PathOutcome.found, PathOutcome.drift, PathOutcome.skipped}  # outcomes that end it; the rest are ignored

SCHEMA = """
create table if not exists observations (
  id integer primary key autoincrement,
  at text not null,
  target text not null,     -- replica:<state> | har | live: runs against different targets never mix
  provider text not null,
  step text not null,       -- index:kind:target, e.g. 3:click:data_controls_tab
  outcome text not null,
  reason text
);
create index if not exists observations_step on observations (target, provider, step, id);
"""


class FlakeStore:
    def __init__(self, path: Path | None = None, gone_after: int = DEFAULT_GONE_AFTER):
        if gone_after < 1:
            raise ValueError("gone_after must be at least 1")
        self.path = path or user_data_dir() / FILE_NAME
        self.gone_after = gone_after
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path}: not a readable QA history database ({exc})") from None
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def observe(self, target: str, result: ProviderPaths) -> None:
        """Store this run's outcome of every reached step, then set each step's flake verdict."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.executemany(
                "insert into observations (at, target, provider, step, outcome, reason) values (?,?,?,?,?,?)",
                [(now, target, result.id, s.key, s.outcome, s.reason)
                 for s in result.steps if s.outcome != PathOutcome.not_reached],
            )
        for step in result.steps:
            self.judge(target, result.id, step)

    def streak(self, target: str, provider: str, step: str) -> int:
        """Consecutive missing runs of this step, newest first, ignoring unverified runs."""
        rows = self.db.execute(
            "select outcome from observations where target=? and provider=? and step=? order by id desc",
            (target, provider, step))
        count = 0
        for (outcome,) in rows:
            if outcome in RESETS:
                break
            if outcome in COUNTS:
                count += 1
        return count

    def verdict(self, streak: int) -> str | None:
        if streak == 0:
            return None
        return "gone" if streak >= self.gone_after else "suspect"

    def judge(self, target: str, provider: str, step: StepReport) -> None:
        step.consecutive_failures = self.streak(target, provider, step.key)
        # Only a step missing in this very run is suspect/gone; an old streak ended by a wall stays
        # in the count but is not re-announced as a failure of today's run.
        step.flake = self.verdict(step.consecutive_failures) if step.outcome == PathOutcome.missing else None

    def history(self, target: str, provider: str, step: str) -> list[tuple[str, str, str | None]]:
        return list(self.db.execute(
            "select at, outcome, reason from observations where target=? and provider=? and step=? order by id",
            (target, provider, step)))
