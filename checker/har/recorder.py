"""`untrain record`: walk a provider's settings page as a scan does, record the visit as a HAR, and
write it only after the allowlist sanitiser (sanitiser.py) has kept what a replay needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .sanitiser import sanitise


@dataclass
class Recording:
    result: object  # the ProviderResult the scan read while recording
    entries: int
    removed: dict[str, int]
    mutations: list = field(default_factory=list)  # replica only: must stay empty


async def record(entry, out, *, replica_state: str | None = None, profile=None, headed: bool = False,
                 timeout: float = 10.0, redact: list[str] | None = None, browser=None,
                 configured_browser: str | None = None, replica_account=None,
                 hosts: list[str] | None = None) -> Recording:
    """Walk the provider's settings page (read-only, as a scan does) while recording a HAR, then
    write the sanitised HAR to `out`. The raw HAR only ever exists in a private temp folder.

    `browser`: an already running browser to record a replica in (tests share one).
    `configured_browser`: the config file's `browser`, as a scan uses it.
    `replica_account`: the account a replica shows (tests record one full of canaries).
    `hosts`: hosts to keep besides the provider's own (a CDN serving its scripts)."""
    import shutil
    import tempfile
    from contextlib import nullcontext
    from pathlib import Path

    from playwright.async_api import async_playwright

    # Here, not at the top: the engine imports checker.har (sources.py replays HAR files).
    from ..engine.runner import ScanOptions, scan_provider
    from ..engine.sources import PageSource, open_session
    from ..replicas.site import ReplicaWorld
    from ..results import Source
    from ..store.data_paths import write_private

    raw_dir = Path(tempfile.mkdtemp(prefix="untrain-har-"))  # mkdtemp makes it 0700
    raw = raw_dir / "raw.har"
    world = (ReplicaWorld.build({entry.scenario.id: replica_state}, account=replica_account)
             if replica_state is not None else None)
    source = PageSource(world=world) if world is not None else PageSource(profile=profile)
    try:
        async with (nullcontext() if browser is not None else async_playwright()) as pw:
            # reading=False: the HAR keeps what the page loads, as a replay will ask for it. The
            # context closes before the file is read: that is when Playwright writes the HAR.
            async with open_session(pw, source, headed=headed, configured=configured_browser, browser=browser,
                                    reading=False, context_options={"record_har_path": str(raw),
                                                                    "record_har_content": "embed"}) as session:
                # The scan's own read-only walk, so the HAR holds every request a replay will make.
                result, _ = await scan_provider(entry, session, ScanOptions(timeout=timeout, source=Source.record))
        data = json.loads(raw.read_text(encoding="utf-8"))
        data, removed = sanitise(data, redact, hosts=[*entry.scenario.hosts, *(hosts or [])])
        write_private(Path(out), json.dumps(data, ensure_ascii=False, indent=1))
        return Recording(result, len(data["log"]["entries"]), removed, list(world.mutations) if world else [])
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)
