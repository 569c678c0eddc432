"""History: every scan, every control result and every extension reading, in SQLite.

The schema grows by numbered migrations (table schema_version); a database from an older Untrain
is migrated in place, one from a newer one is refused. A file that is not a database is moved aside
(kept, never deleted) and a fresh one is started; the caller is told through `History.recovered`, and later commands through
`take_recovery_notices()`.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pydantic import ValidationError

from . import data_paths
from ..errors import DataError
from ..results import ControlChange, Reason, ScanReport, Source, Status

FILE_NAME = "history.sqlite3"

# Append only. Never edit a migration that has shipped: databases out there already ran it.
MIGRATIONS: list[str] = [
    # 1: scans and their control results.
    """
    CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        untrain_version TEXT NOT NULL DEFAULT '',
        exit_code INTEGER
    );
    CREATE TABLE control_results (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans(id),
        provider TEXT NOT NULL,
        control TEXT NOT NULL,
        label TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        detail TEXT,
        at TEXT NOT NULL
    );
    """,
    # 2: provider rows (names for diffs), where each result came from, the fix, the scan's changes,
    #    and readings the extension takes in place.
    """
    ALTER TABLE scans ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE control_results ADD COLUMN source TEXT NOT NULL DEFAULT 'scan';
    ALTER TABLE control_results ADD COLUMN meaning TEXT NOT NULL DEFAULT 'training';
    ALTER TABLE control_results ADD COLUMN fix_path TEXT;
    ALTER TABLE control_results ADD COLUMN url TEXT;
    CREATE TABLE provider_results (
        id INTEGER PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans(id),
        provider TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        detail TEXT,
        source TEXT NOT NULL
    );
    CREATE TABLE readings (
        id INTEGER PRIMARY KEY,
        provider TEXT NOT NULL,
        control TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        reason TEXT,
        detail TEXT,
        url TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX control_results_by_control ON control_results(provider, control, scan_id);
    CREATE INDEX readings_by_control ON readings(provider, control, at);
    """,
    # 3: the latest state of a control is one index seek (history grows by a scan a day and a
    #    reading per settings-page visit), and old readings are pruned by age without a table scan.
    """
    CREATE INDEX control_results_by_time ON control_results(provider, control, at);
    CREATE INDEX readings_by_age ON readings(at);
    CREATE INDEX readings_with_label ON readings(provider, control, at) WHERE label != '';
    CREATE INDEX readings_with_url ON readings(provider, control, at) WHERE url != '';
    CREATE INDEX provider_results_by_provider ON provider_results(provider, scan_id);
    CREATE INDEX control_results_by_scan ON control_results(scan_id, provider);
    """,
    # 4: no new column, but statuses grew `not_trained` and meanings grew human_review, ads and
    #    telemetry (JSON report schema 2). The number makes an older Untrain say "upgrade" instead
    #    of calling such a row damage. Rows written before keep loading as they are.
    """
    SELECT 1;
    """,
    # 5: the newest fix and link a control's scans recorded are one seek too, even when the
    #    newest scans recorded none (latest_controls falls back to them).
    """
    CREATE INDEX control_results_with_fix ON control_results(provider, control, at) WHERE fix_path != '';
    CREATE INDEX control_results_with_url ON control_results(provider, control, at) WHERE url != '';
    """,
    # 6: no new column, but a scan's changes are JSON objects with ids and states (report schema 3),
    #    which an older Untrain would print raw. Lists written before hold lines of text and keep
    #    loading as they are: the ids and states in them were never stored apart.
    """
    SELECT 1;
    """,
]
# What the extension's readings keep (scans are kept whole: one a day is a few KB a year). A person
# who opens a settings page often would otherwise grow the file, and every badge update, forever.
READINGS_KEPT_PER_CONTROL = 500  # the newest readings of each control
READINGS_KEPT_DAYS = 400  # and none older than this
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class ControlState:
    provider: str
    control: str
    label: str
    status: Status
    reason: Reason | None
    detail: str | None
    at: str  # ISO 8601 UTC
    source: str  # a Source value as stored; a row from a newer Untrain may hold one this one lacks
    # Beyond the shared contract: what the HTML report and alerts show next to the state.
    fix_path: str | None = None
    url: str | None = None
    scan_id: int | None = None
    # training | human_review | ads | telemetry ("informational" in rows from before report schema 2).
    # A reading from the extension stores none: None, and the catalogue or the last scan says.
    meaning: str | None = None


@dataclass
class ProviderState:
    """A provider's latest scanned outcome when it has no switch to read (not trained, no opt-out)."""

    provider: str
    name: str
    status: Status
    detail: str | None
    at: str


@dataclass
class ScanEntry:
    id: int
    at: str
    source: str
    exit_code: int | None
    changes: list[ControlChange | str]  # text: a change recorded before migration 6
    providers: dict[str, tuple[str, Status, Reason | None]] = field(default_factory=dict)  # id -> name, status, reason


def recovery_warning(moved: list[Path], history_path: Path) -> str:
    """Plain words for a history that had to be set aside (the corrupt file is kept, never deleted)."""
    kept = ", ".join(str(p) for p in moved)
    return (f"the history file {history_path} was corrupt. It was kept as {kept} and a new history "
            "was started.")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _reads(method):
    """A read that meets damage past the header (a bad page, a value this Untrain does not know)
    becomes a DataError naming the file. The file is left exactly as it is: it still holds the
    person's past scans, and only they should decide to set it aside."""

    @functools.wraps(method)
    def wrapper(self: "History", *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _is_locked(exc):
                raise DataError(f"{self.path}: the history database is locked by another program "
                                f"(another untrain?); try again in a moment") from None
            raise self._damaged(str(exc)) from None
        except _BadRow as exc:
            raise self._damaged(str(exc)) from None

    return wrapper


class _BadRow(ValueError):
    """A row whose values this Untrain cannot read (NULL where text must be, an unknown status)."""


class History:
    def __init__(self, path: Path | None = None, *, busy_timeout: float = 5.0):
        self.path = path or data_paths.user_data_dir() / FILE_NAME
        self.busy_timeout = busy_timeout  # seconds to wait for another writer before saying "locked"
        self.recovered: Path | None = None  # where a corrupt file was moved, if it was
        self._conn = self._open()

    # -- opening, migrating, recovering

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect_and_migrate()
        except sqlite3.DatabaseError as exc:
            if _is_locked(exc):
                raise DataError(f"{self.path}: the history database is locked by another program "
                                f"(another untrain?); try again in a moment") from None
            if not _is_corrupt(exc):
                raise DataError(f"{self.path}: cannot open the history database: {exc}") from None
        # Corrupt: keep the evidence, start over, and let the caller tell the person.
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            aside, n = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}"), n + 1
        os.replace(self.path, aside)
        for suffix in ("-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.recovered = aside
        self._leave_notice(aside)
        try:
            return self._connect_and_migrate()
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path}: cannot create a new history database: {exc}") from None

    def _leave_notice(self, aside: Path) -> None:
        """The process that moves a file aside may have no one to tell (the extension's host): a
        note beside the history lets the next `history`, `scan` or `report` say so, once."""
        try:
            fd = os.open(self._notice_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as notice:
                notice.write(f"{aside}\n")
        except OSError:
            pass  # the caller still sees `recovered`; the note is a courtesy to later commands

    @property
    def _notice_path(self) -> Path:
        return self.path.with_name(self.path.name + ".moved-aside")

    def take_recovery_notices(self) -> list[Path]:
        """Every corrupt file moved aside since the person was last told, by this process or an
        earlier one; told once, so the note is removed."""
        try:
            lines = self._notice_path.read_text(encoding="utf-8").splitlines()
            self._notice_path.unlink()
        except OSError:
            lines = []
        moved = [Path(line) for line in lines if line.strip()]
        if self.recovered and self.recovered not in moved:
            moved.append(self.recovered)
        return moved

    def _connect_and_migrate(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # default: already private
        if not self.path.exists():
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        if stat.S_IMODE(self.path.stat().st_mode) != 0o600:
            os.chmod(self.path, 0o600)  # only when needed: a read-only home can still be read
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            if self._version(conn) != SCHEMA_VERSION:
                self._migrate(conn)
            return conn
        except BaseException:
            conn.close()
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date in one transaction, deciding what to run only once this
        process holds the write lock. Two processes opening a new history at once (the extension's
        host started twice, or a scan beside it) both read version 0 before, and the second failed
        on "duplicate column". A crash mid-way leaves the version it started from intact."""
        conn.execute("BEGIN IMMEDIATE")  # waits up to busy_timeout for another migrator to finish
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = self._version(conn)
            if version > SCHEMA_VERSION:
                raise DataError(f"{self.path}: the history was written by a newer Untrain "
                                f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade untrain")
            for number in range(version + 1, SCHEMA_VERSION + 1):
                # Statement by statement: executescript would commit our transaction first.
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (number,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        try:
            return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return 0  # a new file
            raise

    @property
    def schema_version(self) -> int:
        return self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing

    def record_scan(self, report: ScanReport) -> int:
        at = _utc(report.generated_at)
        conn = self._conn
        try:
            conn.execute("BEGIN")
            scan_id = conn.execute(
                "INSERT INTO scans (at, source, untrain_version, exit_code, changes) VALUES (?, ?, ?, ?, ?)",
                (at, _scan_source(report), report.untrain_version, report.exit_code, _changes_json(report.changes)),
            ).lastrowid
            for p in report.providers:
                conn.execute(
                    "INSERT INTO provider_results (scan_id, provider, name, status, reason, detail, source)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (scan_id, p.id, p.name, p.status.value, _value(p.reason), p.detail, p.source))
                for c in p.controls:
                    url = next((e.url for e in c.evidence if e.url), None) or c.deep_link
                    conn.execute(
                        "INSERT INTO control_results (scan_id, provider, control, label, status, reason, detail,"
                        " at, source, meaning, fix_path, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (scan_id, p.id, c.id, c.label, c.status.value, _value(c.reason), c.detail, at,
                         p.source, c.meaning, c.fix_path, url))
            conn.execute("COMMIT")
            return int(scan_id)
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            raise self._write_error(exc) from None

    def record_reading(self, provider: str, control: str, status: Status, reason: Reason | None = None,
                       *, label: str = "", url: str = "", detail: str | None = None,
                       source: Source = Source.extension) -> int:
        status, reason = Status(status), Reason(reason) if reason else None
        conn = self._conn
        try:
            conn.execute("BEGIN")  # the reading and its pruning: one commit, so one wait for the disk
            cursor = conn.execute(
                "INSERT INTO readings (provider, control, label, status, reason, detail, url, source, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (provider, control, label, status.value, _value(reason), detail, url, source, now()))
            self._prune_readings(provider, control)
            conn.execute("COMMIT")
            return int(cursor.lastrowid)
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            raise self._write_error(exc) from None

    def _prune_readings(self, provider: str, control: str) -> None:
        """The retention rule (README, "What stays private"): READINGS_KEPT_PER_CONTROL newest
        readings per control, none older than READINGS_KEPT_DAYS."""
        cutoff = (datetime.fromisoformat(now()) - timedelta(days=READINGS_KEPT_DAYS)).isoformat(timespec="seconds")
        self._conn.execute("DELETE FROM readings WHERE at < ?", (cutoff,))
        self._conn.execute(
            """DELETE FROM readings WHERE provider = ? AND control = ? AND id NOT IN (
                 SELECT id FROM readings WHERE provider = ? AND control = ?
                 ORDER BY at DESC, id DESC LIMIT ?)""",
            (provider, control, provider, control, READINGS_KEPT_PER_CONTROL))

    def _write_error(self, exc: sqlite3.DatabaseError) -> DataError:
        if _is_locked(exc):
            return DataError(f"{self.path}: the history database is locked by another program; "
                             "this result was not saved, try again in a moment")
        if _is_corrupt(exc):
            return self._damaged(f"{exc}; this result was not saved")
        return DataError(f"{self.path}: could not save to the history database: {exc}")

    def _damaged(self, what: str) -> DataError:
        return DataError(f"{self.path}: the history database is damaged ({what}). It was left as it is. "
                         f"`sqlite3 {self.path} .recover` can often rescue its rows; to start a new "
                         "history, move the file elsewhere")

    # -- reading

    @_reads
    def _states(self, where: str = "", params: tuple = ()) -> list[ControlState]:
        """Every control state, scans and readings together, oldest first."""
        rows = self._conn.execute(
            f"""SELECT * FROM (
                  SELECT provider, control, label, status, reason, detail, at, source, fix_path, url,
                         scan_id, meaning, 0 AS kind, id FROM control_results
                  UNION ALL
                  SELECT provider, control, label, status, reason, detail, at, source, NULL, url,
                         NULL, NULL, 1 AS kind, id FROM readings)
                {where} ORDER BY at, kind, id""", params).fetchall()
        return [_control_state(r) for r in rows]

    @_reads
    def latest_controls(self) -> list[ControlState]:
        """The newest state of every control, scans and readings together. A state without a label,
        fix or URL keeps the newest one known before it; scan rows of a control its provider's
        newest scan no longer has are ignored (the catalogue renamed or dropped it).

        Index seeks per control, never a walk over every row: the extension's host asks this on
        every message, and a long-used history holds many thousands of readings."""
        current = self._current_scan_controls()
        states = []
        for provider, control in sorted(self._pairs("control_results") | self._pairs("readings")):
            scans_count = control in current.get(provider, {control})
            tables = (("control_results", 0),) * scans_count + (("readings", 1),)
            rows = [row for row in (self._newest(t, kind, provider, control) for t, kind in tables) if row]
            if not rows:
                continue  # only scan rows of a control the newest scan no longer has
            state = _control_state(max(rows, key=_order))
            for field in ("label", "fix_path", "url", "meaning"):
                if not getattr(state, field):
                    known = [row for row in (self._newest(t, kind, provider, control, field) for t, kind in tables)
                             if row]
                    if known:
                        setattr(state, field, max(known, key=_order)[field] or None)
            state.label = state.label or ""
            states.append(state)
        return states

    def _pairs(self, table: str) -> set[tuple[str, str]]:
        """Every (provider, control) in `table`, by skipping along its index: one seek per pair."""
        # Two levels, because SQLite seeks a row value `(provider, control) > (?, ?)` on its first
        # column only and then walks every row of that provider; `provider = ? AND control > ?` seeks.
        pairs: set[tuple[str, str]] = set()
        provider = self._conn.execute(f"SELECT MIN(provider) FROM {table}").fetchone()[0]
        while provider is not None:
            control = self._conn.execute(f"SELECT MIN(control) FROM {table} WHERE provider = ?",
                                         (provider,)).fetchone()[0]
            while control is not None:
                pairs.add((provider, control))
                control = self._conn.execute(f"SELECT MIN(control) FROM {table} WHERE provider = ? AND control > ?",
                                             (provider, control)).fetchone()[0]
            provider = self._conn.execute(f"SELECT MIN(provider) FROM {table} WHERE provider > ?",
                                          (provider,)).fetchone()[0]
        return pairs

    def _newest(self, table: str, kind: int, provider: str, control: str, having: str | None = None):
        """The newest row of one control in `table` (with `having`: whose column is not empty)."""
        columns = ("provider, control, label, status, reason, detail, at, source, fix_path, url, scan_id, meaning"
                   if table == "control_results" else
                   "provider, control, label, status, reason, detail, at, source, NULL AS fix_path, url,"
                   " NULL AS scan_id, NULL AS meaning")
        if having in ("fix_path", "meaning") and table == "readings":
            return None  # readings carry no fix and no meaning
        condition = f" AND {having} != ''" if having else ""  # also false for NULL; matches the partial indexes
        return self._conn.execute(
            f"SELECT {columns}, {kind} AS kind, id FROM {table} WHERE provider = ? AND control = ?{condition}"
            " ORDER BY at DESC, id DESC LIMIT 1", (provider, control)).fetchone()

    @_reads
    def _current_scan_controls(self) -> dict[str, set[str]]:
        """For each provider, the controls its newest scan read. A scan reads every control the
        catalogue lists for a provider, so one missing there was renamed or removed since, and its
        last state (perhaps "on") would otherwise be reported as current forever."""
        current: dict[str, set[str]] = {}
        provider = self._conn.execute("SELECT MIN(provider) FROM provider_results").fetchone()[0]
        while provider is not None:  # one seek per provider, as in _pairs
            newest = self._conn.execute("SELECT MAX(scan_id) FROM provider_results WHERE provider = ?",
                                        (provider,)).fetchone()[0]
            current[provider] = {row["control"] for row in self._conn.execute(
                "SELECT control FROM control_results WHERE scan_id = ? AND provider = ?", (newest, provider))}
            provider = self._conn.execute("SELECT MIN(provider) FROM provider_results WHERE provider > ?",
                                          (provider,)).fetchone()[0]
        return current

    @_reads
    def latest_pageless(self) -> list[ProviderState]:
        """Providers whose newest scan had no switch to read (not trained, no opt-out): the HTML
        report says so plainly, since they have no control rows to show."""
        rows = self._conn.execute(
            """SELECT p.provider, p.name, p.status, p.detail, s.at FROM provider_results p
               JOIN scans s ON s.id = p.scan_id
               WHERE p.scan_id = (SELECT MAX(scan_id) FROM provider_results WHERE provider = p.provider)
                 AND NOT EXISTS (SELECT 1 FROM control_results c
                                 WHERE c.scan_id = p.scan_id AND c.provider = p.provider)
               ORDER BY p.provider""").fetchall()
        out = []
        for r in rows:
            _need_text(r, "provider", "name", "at")
            status = _status(r["status"])
            if status in (Status.not_trained, Status.no_opt_out):
                out.append(ProviderState(r["provider"], r["name"], status, r["detail"], r["at"]))
        return out

    def readings(self, provider: str | None = None, limit: int | None = None) -> list[ControlState]:
        """The extension's in-page readings, newest first."""
        where, params = ("WHERE provider = ?", (provider,)) if provider else ("", ())
        rows = self._conn.execute(
            "SELECT provider, control, label, status, reason, detail, at, source, NULL AS fix_path, url,"
            f" NULL AS scan_id FROM readings {where} ORDER BY at DESC, id DESC"
            + (f" LIMIT {int(limit)}" if limit else ""), params).fetchall()
        return [_control_state(r) for r in rows]

    def timeline(self, provider: str, control: str) -> list[ControlState]:
        return self._states("WHERE provider = ? AND control = ?", (provider, control))

    @_reads
    def scan_statuses(self, provider: str, control: str, limit: int) -> list[ControlState]:
        """The newest `limit` scan results of one control, newest first (alerts count streaks)."""
        rows = self._conn.execute(
            "SELECT * FROM control_results WHERE provider = ? AND control = ? ORDER BY at DESC, id DESC LIMIT ?",
            (provider, control, limit)).fetchall()
        return [_control_state(r) for r in rows]

    @_reads
    def provider_names(self) -> dict[str, str]:
        rows = self._conn.execute("SELECT provider, name FROM provider_results ORDER BY id").fetchall()
        return {r["provider"]: r["name"] for r in rows}

    @_reads
    def scans(self, provider: str | None = None, limit: int | None = None) -> list[ScanEntry]:
        """Scans, newest first, each with its providers' statuses and its recorded changes."""
        query = "SELECT * FROM scans"
        params: tuple = ()
        if provider:
            query += " WHERE id IN (SELECT scan_id FROM provider_results WHERE provider = ?)" \
                     " OR id IN (SELECT scan_id FROM control_results WHERE provider = ?)"
            params = (provider, provider)
        query += " ORDER BY at DESC, id DESC"
        if limit:
            query += f" LIMIT {int(limit)}"
        entries = []
        for row in self._conn.execute(query, params).fetchall():
            _need_text(row, "at", "source", "changes")
            entry = ScanEntry(row["id"], row["at"], row["source"], row["exit_code"], _changes(row["changes"]))
            for p in self._conn.execute("SELECT * FROM provider_results WHERE scan_id = ? ORDER BY id", (row["id"],)):
                _need_text(p, "provider", "name")
                entry.providers[p["provider"]] = (p["name"], _status(p["status"]), _reason(p["reason"]))
            if provider:
                entry.providers = {k: v for k, v in entry.providers.items() if k == provider}
                name = entry.providers.get(provider, (provider,))[0]
                entry.changes = [c for c in entry.changes
                                 if (c.startswith(f"{name} · ") if isinstance(c, str) else c.provider == provider)]
            entries.append(entry)
        return entries

    def diff(self, report: ScanReport) -> list[ControlChange]:
        """Each control of `report` whose state differs from its last known one, scans and readings
        together. A control never seen before has no change."""
        previous = {(s.provider, s.control): s for s in self.latest_controls()}
        changes = []
        for p in report.providers:
            for c in p.controls:
                before = previous.get((p.id, c.id))
                if before and (before.status, before.reason) != (c.status, c.reason):
                    changes.append(ControlChange(provider=p.id, provider_name=p.name, control=c.id, label=c.label,
                                                 before=before.status, before_reason=before.reason,
                                                 after=c.status, after_reason=c.reason))
        return changes


def _order(row: sqlite3.Row) -> tuple:
    """Which of two states is newer: time, then a reading after a scan of the same second, then id."""
    return row["at"], row["kind"], row["id"]


def _control_state(r: sqlite3.Row) -> ControlState:
    _need_text(r, "provider", "control", "label", "at", "source")
    return ControlState(
        provider=r["provider"], control=r["control"], label=r["label"], status=_status(r["status"]),
        reason=_reason(r["reason"]), detail=r["detail"], at=r["at"], source=r["source"],
        fix_path=r["fix_path"], url=r["url"] or None, scan_id=r["scan_id"],
        meaning=r["meaning"] if "meaning" in r.keys() else None)


def _need_text(row: sqlite3.Row, *columns: str) -> None:
    for column in columns:
        if not isinstance(row[column], str):
            raise _BadRow(f"{column} is {row[column]!r}, not text")


def _status(value) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise _BadRow(f"unknown status {value!r}") from None


def _reason(value) -> Reason | None:
    try:
        return Reason(value) if value else None
    except ValueError:
        raise _BadRow(f"unknown reason {value!r}") from None


def _changes_json(changes: list[ControlChange | str]) -> str:
    return json.dumps([c if isinstance(c, str) else c.model_dump(mode="json") for c in changes], ensure_ascii=False)


def _changes(text: str) -> list[ControlChange | str]:
    try:
        changes = json.loads(text)
    except ValueError:
        raise _BadRow("a scan's list of changes is not JSON") from None
    if not isinstance(changes, list):
        raise _BadRow("a scan's list of changes is not a list")
    try:
        return [c if isinstance(c, str) else ControlChange.model_validate(c) for c in changes]
    except ValidationError as exc:
        raise _BadRow(f"a scan's change is not one this Untrain knows ({exc.errors()[0]['msg']})") from None


def _value(reason: Reason | None) -> str | None:
    return reason.value if reason else None


def _scan_source(report: ScanReport) -> Source:
    sources = {p.source for p in report.providers}
    return sources.pop() if len(sources) == 1 else (Source.demo if report.demo else Source.scan)


def _utc(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone(timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        return now()


def _statements(script: str) -> list[str]:
    """A migration script as single statements, split where SQLite says one is complete."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())  # incomplete: let SQLite say what is wrong with it
    return statements


def _is_locked(exc: sqlite3.DatabaseError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc)
    return "not a database" in text or "malformed" in text or "corrupt" in text
