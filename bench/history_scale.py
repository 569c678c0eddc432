"""How the extension's native host answers as the history grows: the time to handle one `status`
and one `record_reading` message (in the host, after its start-up) against a history holding N
extension readings and a year of daily scans.

    python bench/history_scale.py            # 200,000 readings, 7 repeats
    python bench/history_scale.py -n 20 --readings 50000

The readings are written straight into the database, past the retention rule (which keeps at most
history.READINGS_KEPT_PER_CONTROL per control), so this is the worst case: a history from before
the rule, or one with very many controls. The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.store.history import History
from checker.extension_host.native_host import Host, catalog_snapshot
from checker.results import ControlResult, ProviderResult, ScanReport, Status  # noqa: E402


def build(path: Path, readings: int) -> list[tuple[str, str]]:
    catalog = catalog_snapshot()
    pairs = [(p["id"], c["id"]) for p in catalog["providers"] for c in p["controls"]]
    start = datetime(2025, 12, 1, tzinfo=timezone.utc)
    with History(path) as history:
        conn = history._conn
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO readings (provider, control, label, status, url, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((pid, cid, cid, "off" if i % 7 else "on", f"https://{pid}.example/settings", "extension",
              (start + timedelta(seconds=150 * i)).isoformat(timespec="seconds"))
             for i, (pid, cid) in ((i, pairs[i % len(pairs)]) for i in range(readings))))
        conn.execute("COMMIT")
        for day in range(365):  # a year of daily scans
            providers = {}
            for pid, cid in pairs:
                providers.setdefault(pid, []).append(ControlResult(  # as a real scan records it
                    id=cid, label=cid, status=Status.off, fix_path=f"Settings → {cid}",
                    deep_link=f"https://{pid}.example/settings"))
            history.record_scan(ScanReport.build(
                [ProviderResult(id=pid, name=pid, status=Status.off, controls=cs) for pid, cs in providers.items()],
                generated_at=(start + timedelta(days=day)).isoformat(timespec="seconds")))
    return pairs


def timed_messages(path: Path, message: dict, repeats: int) -> list[float]:
    snapshot = catalog_snapshot()
    host = Host(io.BytesIO(), io.BytesIO(), history=lambda: History(path), catalog=lambda: snapshot)
    raw = json.dumps(message).encode()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        reply = host.handle(raw)
        times.append(time.perf_counter() - started)
        assert reply.get("ok") is not False, reply
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--repeats", type=int, default=7)
    parser.add_argument("--readings", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        started = time.perf_counter()
        pairs = build(path, args.readings)
        print(f"history: {args.readings:,} readings over {len(pairs)} controls, 365 daily scans "
              f"({path.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s)")
        provider, control = pairs[0]
        for name, message in [("status", {"type": "status"}),
                              ("record_reading", {"type": "record_reading", "provider": provider,
                                                  "control": control, "status": "off"})]:
            times = timed_messages(path, message, args.repeats)
            print(f"  {name:15} median {statistics.median(times) * 1000:7.2f} ms"
                  f"   (min {min(times) * 1000:.2f}, max {max(times) * 1000:.2f}; target < 10 ms)")


if __name__ == "__main__":
    main()
