"""Benchmark: how long the HAR sanitiser takes.

Records every replica (`off`, signed in as a canary account, as tests/har/test_replica_canaries.py
does) with `untrain record`'s own code, then times `checker.har.sanitise` on:
  1. the largest of those recordings (what `untrain record` pays after its walk);
  2. the same recording with the 70 canaries of tests/har/test_canaries.py planted;
  3. that planted HAR with a 2 MB script added, as a real app's bundle is (the scrub runs over every
     kept text, so its cost grows with the text kept).
Medians of N runs (default 7), CPU time of this process (the sanitiser is pure Python, one thread). Not a test; pytest does not collect bench/.

    .venv/bin/python bench/har_sanitise.py [-n 7]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.catalogue.catalog import load_catalog
from checker.har import record, sanitise  # noqa: E402
from checker.replicas.site import available_providers, load_manifest  # noqa: E402
from tests.har.test_canaries import plant  # noqa: E402
from tests.har.test_replica_canaries import CANARY_ACCOUNT  # noqa: E402

BUNDLE_BYTES = 2_000_000


async def record_all(folder: Path) -> list[Path]:
    catalog, paths = load_catalog(), []
    for provider in available_providers():
        if "off" not in load_manifest(provider).states or provider not in catalog.ids:
            continue
        path = folder / f"{provider}.har"
        await record(catalog[provider], path, replica_state="off", timeout=4, replica_account=CANARY_ACCOUNT)
        paths.append(path)
    return paths


def median_seconds(har: dict, hosts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        data = copy.deepcopy(har)
        start = time.process_time()  # CPU time: the machine may be shared
        sanitise(data, hosts=hosts)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs per measure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = asyncio.run(record_all(Path(folder)))
        largest = max(paths, key=lambda p: p.stat().st_size)
        har = json.loads(largest.read_text())
        size = largest.stat().st_size
    hosts = load_catalog()[largest.stem].scenario.hosts
    planted = plant(har) if largest.stem == "chatgpt" else har
    bundle = copy.deepcopy(planted)
    script = next(e for e in bundle["log"]["entries"] if "javascript" in e["response"]["content"]["mimeType"])
    line = "function f(a){return a.map(x=>x*2).filter(Boolean)}; const label = 'Improve the model';\n"
    script["response"]["content"]["text"] += line * (BUNDLE_BYTES // len(line))
    print(f"largest replica recording: {largest.stem} ({size / 1000:.1f} kB, {len(har['log']['entries'])} entries)")
    for label, data in (("recorded", har), ("with 70 canaries", planted), ("plus a 2 MB script", bundle)):
        kilobytes = len(json.dumps(data)) / 1000
        seconds = median_seconds(data, hosts, args.n)
        print(f"  {label:<20} {kilobytes:>8.1f} kB  {seconds * 1000:8.1f} ms  ({kilobytes / 1000 / seconds:.2f} MB/s)")


if __name__ == "__main__":
    main()
