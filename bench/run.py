"""Benchmark: how long scans take, and what the engine costs over a bare Playwright script.

Prints, in one run (medians of N repeats, default 5):
  1. a full demo scan: every demo provider, in parallel in one browser, in-process through
     checker.engine.runner.scan against the demo replicas (the same thing `untrain scan --demo` runs);
  2. each demo provider scanned alone, their sum, and the slowest one;
  3. one provider (ChatGPT, `off` replica) through the engine, against a minimal hand-written
     Playwright script that reads the same toggle on the same replica (goto the deep link, click the
     row, read aria-checked), and the ratio of the two, with the browser already running ("warm":
     both sides pay for the same context, routing and page, so the ratio shows the engine's cost);
  4. the same comparison as two one-off commands, what a person actually runs: `untrain scan --demo
     --provider chatgpt` against bench/minimal_chatgpt.py, each a fresh process (Python start-up,
     imports, Playwright driver, browser launch included);
  5. the full demo scan and each demo provider alone as one-off commands (`untrain scan --demo`,
     `untrain scan --demo --provider P`), what a person runs, and the ratio of the full scan to the
     slowest single one: the full-scan target as a person meets it, start-up included;
  6. one round trip to the extension's native host, a fresh process per message as the browser
     starts it: what the popup waits for before it shows statuses;
  7. the local tools (Claude Code, Gemini CLI settings files, read from the demo's scratch home):
     the time to read them in-process with no browser session at all, and `untrain scan --demo
     claude-code gemini-cli` as a one-off command with UNTRAIN_BROWSER pointing nowhere, which
     still answers because no browser is launched: they add no browser time;
  8. start-up: `untrain --help` and `untrain --version` against a bare `python -c pass`, each a fresh
     process, interleaved, and each one's ratio to the bare start-up (target: within 3x).
     `--startup` runs this section alone (it needs no browser).

With --latency MS, every replica response in sections 1 and 2 waits MS milliseconds, as over a real
connection: without it the replicas answer at once and a full scan is bound by CPU, not by waiting.

Not a test: pytest does not collect bench/. Run it with the venv's Python:
    .venv/bin/python bench/run.py [-n 5] [--concurrency 4] [--latency 100] [--startup]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.async_api import async_playwright  # noqa: E402

from checker.engine.browser import Session, find_browser, launch
from checker.catalogue.catalog import load_catalog
from checker.replicas.demo import DEMO_STATES, demo_host, demo_world
from checker.catalogue.models import Kind
from checker.replicas import routing  # noqa: E402
from checker.replicas.site import ReplicaWorld  # noqa: E402
from checker.engine.settle import HOLD_SECONDS
from checker.engine.runner import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, ScanOptions, scan

CHATGPT_DEEP_LINK = "https://chatgpt.com/#settings/DataControls"
# The targets the team set (issue 12, "Acceptance" 7), both for one-off commands as a person runs them.
ONE_PROVIDER_TARGET = 1.1  # `untrain scan --demo --provider chatgpt` against the minimal script
FULL_SCAN_TARGET = 1.5  # `untrain scan --demo` against the slowest single-provider command


def _prepare(world: ReplicaWorld, latency: float = 0.0):
    async def prepare(context):
        await routing.install(context, world)
        if latency:
            # Registered after the routing, so asked first: wait like a network round trip, then serve.
            async def delay(route):
                await asyncio.sleep(latency)
                await route.fallback()

            await context.route("**/*", delay)

    return prepare


async def _timed(coro) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process tree or NaN, result).

    CPU time is the load-proof twin of wall time: on a busy machine wall time grows with everyone
    else's work, CPU time mostly does not."""
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    result = await coro
    wall = time.perf_counter() - started
    cpu_after = cpu_seconds()
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else float("nan")
    return wall, cpu, result


async def engine_scan(browser, entries, states: dict[str, str | None], options: ScanOptions, latency: float = 0.0):
    """The engine, as `untrain scan --demo` drives it. A fresh replica world each run; with
    `latency`, every replica response waits that long first, like a real connection."""
    world = ReplicaWorld.build(states) if states else demo_world([e.scenario.id for e in entries])
    results = await scan(entries, Session(browser=browser, prepare=_prepare(world, latency)), options)
    if world.mutations:
        raise SystemExit(f"a scan changed a replica: {world.mutations}")
    return results


async def minimal_script(browser) -> str:
    """What a person would write by hand to read the ChatGPT toggle: no walls, no drift, no settling."""
    world = ReplicaWorld.build({"chatgpt": "off"})
    context = await browser.new_context(service_workers="block")
    try:
        await routing.install(context, world)
        page = await context.new_page()
        await page.goto(CHATGPT_DEEP_LINK, wait_until="domcontentloaded")
        await page.get_by_role("button", name="Improve the model for everyone").click()
        return await page.get_by_role("switch", name="Improve the model for everyone").get_attribute("aria-checked")
    finally:
        await context.close()


async def step_breakdown(browser, catalog, options: ScanOptions, repeats: int) -> list[tuple[str, float]]:
    """Median time of each step of the ChatGPT scan, to show where the engine spends its time.

    Wraps the step handlers for these runs only (they are not part of the timed medians above)."""
    from checker.engine import steps

    original = dict(steps.HANDLERS)
    times: dict[int, list[float]] = {}
    names: dict[int, str] = {}

    def wrap(handler):
        async def timed(walk, step, index):
            started = time.perf_counter()
            try:
                return await handler(walk, step, index)
            finally:
                times.setdefault(index, []).append(time.perf_counter() - started)
                kind = type(step).__name__.removesuffix('Step').lower()
                # A click step first looks for its own target and every later one: it may skip ahead.
                if kind == "click":
                    kind = "look, then click or skip ahead"
                names[index] = f"{kind} {next(iter(step.model_dump().values()))}"
        return timed

    steps.HANDLERS.update({kind: wrap(handler) for kind, handler in original.items()})
    outside = []
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            await engine_scan(browser, [catalog["chatgpt"]], {"chatgpt": "off"}, options)
            outside.append(time.perf_counter() - started - sum(t[-1] for t in times.values()))
    finally:
        steps.HANDLERS.update(original)
    return [(names[i], statistics.median(times[i])) for i in sorted(times)] + [
        ("context, routing, page open and close", statistics.median(outside))]


async def protocol_calls(coro) -> int | None:
    """How many messages Python sends the Playwright driver while `coro` runs: the round trips, a
    count no other load on the machine can change. Uses a private hook; None if it has moved."""
    try:
        from playwright._impl.connection import Connection
    except ImportError:
        return None
    original = getattr(Connection, "send_message_to_server", None)
    if original is None:
        return None
    count = 0

    def counting(self, obj, method, *rest, **kwargs):
        nonlocal count
        if method != "__waitInfo__":  # bookkeeping for waits, not a round trip
            count += 1
        return original(self, obj, method, *rest, **kwargs)

    Connection.send_message_to_server = counting
    try:
        await coro
    finally:
        Connection.send_message_to_server = original
    return count


def interleaved_commands(commands: dict[str, list[str]], repeats: int, env: dict[str, str],
                         check) -> dict[str, list[float]]:
    """Wall times of each command, each run as a fresh process, in turns, so a burst of load on the
    machine hits all of them alike. The first round warms the disk cache and is dropped.
    `check(name, completed_process)` returns an error text, or None when the run did its job."""
    cwd = Path(__file__).resolve().parent.parent
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
            times[name].append(time.perf_counter() - started)
            error = check(name, done)
            if error:
                raise SystemExit(f"{' '.join(command)} failed ({done.returncode}, {error}):\n{done.stdout}{done.stderr}")
    return {name: runs[1:] for name, runs in times.items()}


def _untrain_scan(*flags: str) -> list[str]:
    return [sys.executable, "-m", "checker", "scan", "--demo", *flags]


def _scan_env(executable: str | None, home: str) -> dict[str, str]:
    # A private home: the runs must not write to the person's own history or cache.
    env = {**os.environ, "UNTRAIN_HOME": home, "UNTRAIN_CONFIG_HOME": home}
    return {**env, "UNTRAIN_BROWSER": executable} if executable else env


def _scan_exit_ok(name: str, done: subprocess.CompletedProcess) -> str | None:
    # A scan's own answers: 0 all off, 1 something on, 2 something unread (the demo has each).
    # Anything else (64 usage, 65 bad data, a crash) means the run did not scan.
    return None if done.returncode in (0, 1, 2) else "not a scan result"


def one_off_commands(executable: str | None, repeats: int, home: str) -> tuple[list[float], list[float]]:
    """Wall times of `untrain scan --demo --provider chatgpt` and of bench/minimal_chatgpt.py, each
    run as a fresh process, interleaved. Both read ChatGPT's switch on the same bundled replica."""
    minimal = [sys.executable, str(Path(__file__).resolve().parent / "minimal_chatgpt.py"),
               *([executable] if executable else [])]

    def check(name, done):
        if name == "minimal":
            return None if done.returncode == 0 and done.stdout.strip() == "true" else "did not read true"
        return _scan_exit_ok(name, done)

    times = interleaved_commands({"untrain": _untrain_scan("--provider", "chatgpt"), "minimal": minimal},
                                 repeats, _scan_env(executable, home), check)
    return times["untrain"], times["minimal"]


def full_scan_commands(executable: str | None, repeats: int, home: str,
                       provider_ids: list[str]) -> dict[str | None, list[float]]:
    """Wall times of `untrain scan --demo` (key None) and of `untrain scan --demo --provider P` for
    each P, every one a fresh process: the full scan against each provider alone, as a person
    runs them. Start-up (Python, Playwright's driver, the browser) is paid by every command alike."""
    commands: dict[str | None, list[str]] = {None: _untrain_scan()}
    commands.update({pid: _untrain_scan("--provider", pid) for pid in provider_ids})
    return interleaved_commands(commands, repeats, _scan_env(executable, home), _scan_exit_ok)


def native_host_round_trips(repeats: int) -> list[float]:
    """Wall time of one status message to `untrain native-host`, started afresh each time as the
    browser does, against an empty private UNTRAIN_HOME (so no real history is read)."""
    import json
    import struct

    from checker.extension_host.extension_build import ORIGIN

    message = json.dumps({"type": "status"}).encode()
    times = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNTRAIN_HOME": home, "UNTRAIN_CONFIG_HOME": home}
        for _ in range(repeats + 1):  # the first creates the history file and is dropped
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "checker", "native-host", ORIGIN], env=env,
                                  input=struct.pack("=I", len(message)) + message, capture_output=True,
                                  cwd=Path(__file__).resolve().parent.parent)
            times.append(time.perf_counter() - started)
            size = struct.unpack("=I", done.stdout[:4])[0] if len(done.stdout) >= 4 else 0
            if done.returncode != 0 or json.loads(done.stdout[4:4 + size] or b"{}").get("type") != "status":
                raise SystemExit(f"the native host failed ({done.returncode}):\n{done.stderr.decode()}")
    return times[1:]


async def local_tools(catalog, repeats: int, home: str) -> None:
    """Section 7: local tools are files on disk. Read in-process with no browser session (None), and
    as a command that would fail if it tried to launch a browser."""
    local = [e for e in catalog.entries.values() if e.scenario.kind == Kind.local]
    with demo_host() as host:
        options = ScanOptions(source="demo", host=host)
        reads = []
        for _ in range(repeats):
            started = time.perf_counter()
            results = await scan(local, None, options)
            reads.append(time.perf_counter() - started)
    statuses = ", ".join(f"{c.id}={c.status.value}" for r in results for c in r.controls)
    print(f"\nlocal tools ({', '.join(e.scenario.id for e in local)}), read from the demo's scratch home")
    print(f"  in-process, no browser session (median of {repeats})  {statistics.median(reads) * 1000:6.2f} ms   ({statuses})")
    env = {**_scan_env(None, home), "UNTRAIN_BROWSER": str(Path(home) / "no-such-browser")}
    ids = [e.scenario.id for e in local]
    runs = interleaved_commands({"local": _untrain_scan(*ids)}, repeats, env, _scan_exit_ok)["local"]
    print(f"  untrain scan --demo {' '.join(ids):24} {statistics.median(runs):6.3f} s   (fresh process; "
          "UNTRAIN_BROWSER points nowhere, so any launch would have failed: browser time 0)")


def startup_commands(repeats: int) -> dict[str, list[float]]:
    """Wall times of a bare Python start-up and of `untrain --help` / `--version` as a person runs
    them (the console script next to this interpreter), fresh processes, interleaved."""
    script = Path(sys.executable).with_name("untrain")
    untrain = [str(script)] if script.is_file() else [sys.executable, "-m", "checker"]
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "untrain --help": [*untrain, "--help"],
                "untrain --version": [*untrain, "--version"]}

    def check(name, done):
        return None if done.returncode == 0 else "exit status"

    return interleaved_commands(commands, repeats, dict(os.environ), check)


def print_startup(repeats: int) -> None:
    times = startup_commands(repeats)
    bare = statistics.median(times["python -c pass"])
    print(f"\nstart-up, fresh process each ({repeats} repeats, interleaved, median wall)")
    for name, runs in times.items():
        seconds = statistics.median(runs)
        ratio = "" if name == "python -c pass" else (
            f"   {seconds / bare:5.2f}x bare Python   target within 3x: {'met' if seconds / bare <= 3 else 'MISSED'}")
        print(f"  {name:22} {seconds:6.3f} s   (min {min(runs):.3f}, max {max(runs):.3f}){ratio}")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "playwright": version("playwright"), "os": f"{platform.system()} {platform.release()}"}


def cpu_seconds() -> float | None:
    """CPU time used so far by this process and all its descendants (the driver, Chromium and its
    renderers), from /proc. Shows whether a scan waits or computes. None where /proc is missing."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        parent, used = {}, {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended while we looked
            parent[int(entry.name)] = int(fields[1])
            # utime + stime, plus cutime + cstime: the time of children already reaped (a closed
            # context's renderer), which would otherwise vanish from the tree with its process.
            used[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    except (OSError, ValueError, AttributeError):
        return None
    me, total = os.getpid(), 0.0
    for pid in used:
        walker = pid
        while walker > 1 and walker != me:
            walker = parent.get(walker, 0)
        if walker == me:
            total += used[pid]
    return total


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


async def main(args) -> None:
    # Local entries read the demo's sample files, as `untrain scan --demo` does, never this machine's.
    with demo_host() as host:
        await _main(args, host)


async def _main(args, host) -> None:
    catalog = load_catalog()
    every = list(catalog.entries.values())  # what `untrain scan --demo` is given
    # What it actually scans: advice entries have no page; no_opt_out entries take no browser time.
    pages = [e for e in every if e.scenario.kind == Kind.page]
    options = ScanOptions(timeout=args.timeout, concurrency=args.concurrency, source="demo", host=host)
    latency = args.latency / 1000
    info = machine()
    print(f"machine: {info['cpus']} CPUs, {info['cpu']}; {info['os']}; Python {info['python']}; "
          f"Playwright {info['playwright']}; load average at start {load()}")

    cold_start = time.perf_counter()
    async with async_playwright() as pw:
        executable = find_browser(pw, headless=True)  # what launch() picks
        browser = await launch(pw)
        cold_launch = time.perf_counter() - cold_start
        print(f"browser: {browser.version} (driver start + launch {cold_launch:.2f} s)")
        shown = ", ".join(f"{e.scenario.id} ({DEMO_STATES.get(e.scenario.id) or 'default'})" for e in pages)
        print(f"demo providers with a page: {shown} "
              f"(concurrency {args.concurrency}, timeout {args.timeout:g} s, {args.repeats} repeats)")
        print(f"replica latency for sections 1 and 2: {args.latency:g} ms per response"
              f"{' (none: the scans are bound by CPU, not by waiting)' if not latency else ' (like a real connection)'}\n")
        try:
            # One untimed warm-up of everything, so the first timed run does not pay for caches.
            await engine_scan(browser, every, {}, options)
            await minimal_script(browser)

            # Each list holds (wall, cpu) pairs.
            full, single, engine_one, minimal = [], {e.scenario.id: [] for e in pages}, [], []
            statuses: dict[str, str] = {}
            for _ in range(args.repeats):
                # Interleaved, so a burst of load on the machine hits every measure alike.
                wall, cpu, results = await _timed(engine_scan(browser, every, {}, options, latency))
                full.append((wall, cpu))
                for entry in pages:
                    wall, cpu, results = await _timed(engine_scan(browser, [entry], {}, options, latency))
                    single[entry.scenario.id].append((wall, cpu))
                    r = results[0]
                    statuses[r.id] = r.status.value + (f" ({r.reason.value})" if r.reason else "")
                wall, cpu, results = await _timed(engine_scan(browser, [catalog["chatgpt"]], {"chatgpt": "off"}, options))
                assert results[0].status.value == "off", results[0]
                engine_one.append((wall, cpu))
                wall, cpu, value = await _timed(minimal_script(browser))
                assert value == "false", value
                minimal.append((wall, cpu))
            breakdown = await step_breakdown(browser, catalog, options, args.repeats)
            calls_engine = await protocol_calls(
                engine_scan(browser, [catalog["chatgpt"]], {"chatgpt": "off"}, options))
            calls_minimal = await protocol_calls(minimal_script(browser))
        finally:
            await browser.close()

    def med(pairs, i=0):
        return statistics.median(p[i] for p in pairs)

    singles = {pid: (med(times), med(times, 1)) for pid, times in single.items()}
    slowest = max(singles, key=lambda pid: singles[pid][0])
    print("single-provider scans (median)   wall       CPU")
    for pid, (wall, cpu) in sorted(singles.items(), key=lambda kv: -kv[1][0]):
        print(f"  {pid:28} {wall:6.2f} s  {cpu:6.2f} s   {statuses[pid]}")
    total = sum(w for w, _ in singles.values())
    total_cpu = sum(c for _, c in singles.values())
    print(f"\nfull demo scan (median)          {med(full):6.2f} s  {med(full, 1):6.2f} s   "
          f"(wall min {min(w for w, _ in full):.2f}, max {max(w for w, _ in full):.2f})")
    print(f"sum of single-provider times     {total:6.2f} s  {total_cpu:6.2f} s   "
          f"-> parallel speed-up {total / med(full):.1f}x")
    print(f"slowest single provider          {singles[slowest][0]:6.2f} s  {singles[slowest][1]:6.2f} s   ({slowest})")
    ratio_full = med(full) / singles[slowest][0]
    print(f"full scan / slowest single       {ratio_full:6.2f}x            (in a running browser: "
          f"{'under' if ratio_full < FULL_SCAN_TARGET else 'over'} {FULL_SCAN_TARGET:g}x; the target is for commands, below)")
    floor = med(full, 1) / (os.cpu_count() or 1)
    print(f"  CPU floor of the full scan     {floor:6.2f} s             (its CPU time / {os.cpu_count()} CPUs: "
          "no scheduling beats this)")

    ratio = med(engine_one) / med(minimal)
    print("\none provider, ChatGPT off replica (warm browser, median)   wall       CPU")
    print(f"  untrain engine (checker.engine.runner.scan)               {med(engine_one):6.3f} s {med(engine_one, 1):6.3f} s")
    print(f"  minimal Playwright script                          {med(minimal):6.3f} s {med(minimal, 1):6.3f} s")
    print(f"  ratio                                              {ratio:6.2f}x   {med(engine_one, 1) / med(minimal, 1):6.2f}x"
          "   (diagnostic: the target is for commands, below)")
    # The engine settles on purpose: its data arrived, and the control held one state, watched.
    print(f"  engine's settle rule: the control held still for   {HOLD_SECONDS:6.3f} s"
          "   (settle.HOLD_SECONDS, after its data arrived)")
    if calls_engine is not None:
        print(f"  messages to the Playwright driver                 {calls_engine:6d}   {calls_minimal:6d}"
              "     (engine, minimal: each is a round trip)")
    print("  where the engine's time goes (median per step, wall; the first look waits for the page to render):")
    for name, seconds in breakdown:
        print(f"    {name:40} {seconds:6.3f} s")
    with tempfile.TemporaryDirectory() as home:
        print(f"\none provider as one-off commands (fresh process each, {args.repeats} repeats, median wall)")
        commands_untrain, commands_minimal = one_off_commands(executable, args.repeats, home)
        one_off = statistics.median(commands_untrain) / statistics.median(commands_minimal)
        print(f"  untrain scan --demo --provider chatgpt             {statistics.median(commands_untrain):6.3f} s")
        print(f"  python bench/minimal_chatgpt.py                    {statistics.median(commands_minimal):6.3f} s")
        print(f"  ratio                                              {one_off:6.2f}x             "
              f"target < {ONE_PROVIDER_TARGET:g}x: {'met' if one_off < ONE_PROVIDER_TARGET else 'MISSED'}")

        print(f"\nfull scan and each provider alone as one-off commands (fresh process each, {args.repeats} "
              "repeats, median wall;\nreplicas answer at once; start-up is paid by every command alike)")
        commands = full_scan_commands(executable, args.repeats, home, [e.scenario.id for e in pages])
        full_command = statistics.median(commands.pop(None))
        alone = {pid: statistics.median(runs) for pid, runs in commands.items()}
        for pid, seconds in sorted(alone.items(), key=lambda kv: -kv[1]):
            print(f"  untrain scan --demo --provider {pid:20} {seconds:6.3f} s")
        slowest_command = max(alone, key=alone.get)
        print(f"  untrain scan --demo (every provider)               {full_command:6.3f} s")
        ratio_command = full_command / alone[slowest_command]
        print(f"  full scan / slowest single ({slowest_command:14})      {ratio_command:6.2f}x             "
              f"target < {FULL_SCAN_TARGET:g}x: {'met' if ratio_command < FULL_SCAN_TARGET else 'MISSED'}")
        print(f"  (sum of the single commands {sum(alone.values()):.2f} s: what scanning them one by one costs)")

        await local_tools(catalog, args.repeats, home)

    host = native_host_round_trips(args.repeats)
    print(f"\nextension's native host, one status message (fresh process each, {args.repeats} repeats)")
    print(f"  median wall                                        {statistics.median(host):6.3f} s"
          f"   (min {min(host):.3f}, max {max(host):.3f}; the popup waits this long for statuses)")
    print_startup(args.repeats)
    print(f"\nload average at end {load()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--repeats", type=int, default=5, help="repeats per measure (default 5)")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                        help=f"providers scanned at once (default {DEFAULT_CONCURRENCY}, as `untrain scan`)")
    parser.add_argument("--latency", type=float, default=0, metavar="MS",
                        help="make every replica response wait MS milliseconds in the full and single-provider "
                             "scans, as a real connection does (the engine-vs-script comparison stays at 0)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds per element (default {DEFAULT_TIMEOUT:g}, as `untrain scan`)")
    parser.add_argument("--startup", action="store_true",
                        help="only the start-up section: `untrain --help` and `--version` against bare Python")
    arguments = parser.parse_args()
    if arguments.startup:
        info = machine()
        print(f"machine: {info['cpus']} CPUs, {info['cpu']}; {info['os']}; Python {info['python']}; "
              f"load average at start {load()}")
        print_startup(arguments.repeats)
        print(f"\nload average at end {load()}")
    else:
        asyncio.run(main(arguments))
