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
    from pathlib import Path

    from playwright.async_api import async_playwright

    from ..engine.browser import launch, persistent_context
    from ..store.data_paths import write_private
    from ..replicas.site import ReplicaWorld

    raw_dir = Path(tempfile.mkdtemp(prefix="untrain-har-"))  # mkdtemp makes it 0700
    raw = raw_dir / "raw.har"
    har_options = {"record_har_path": str(raw), "record_har_content": "embed"}
    world = (ReplicaWorld.build({entry.scenario.id: replica_state}, account=replica_account)
             if replica_state is not None else None)
    try:
        if world is not None and browser is not None:
            result = await _record_replica(browser, world, entry, timeout, har_options)
        else:
            async with async_playwright() as pw:
                if world is not None:
                    own = await launch(pw, headed=headed, configured=configured_browser)
                    try:
                        result = await _record_replica(own, world, entry, timeout, har_options)
                    finally:
                        await own.close()
                else:
                    context = await persistent_context(pw, profile, headed=headed, configured=configured_browser,
                                                       **har_options)
                    result = await _walk_and_close(context, entry, timeout)
        data = json.loads(raw.read_text(encoding="utf-8"))
        data, removed = sanitise(data, redact, hosts=[*entry.scenario.hosts, *(hosts or [])])
        write_private(Path(out), json.dumps(data, ensure_ascii=False, indent=1))
        return Recording(result, len(data["log"]["entries"]), removed, list(world.mutations) if world else [])
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)


async def _record_replica(browser, world, entry, timeout: float, har_options: dict):
    from ..replicas import routing

    context = await browser.new_context(service_workers="block", **har_options)
    await routing.install(context, world)
    return await _walk_and_close(context, entry, timeout)


async def _walk_and_close(context, entry, timeout: float):
    """The scan's own read-only walk, so the HAR holds every request a replay will make."""
    from ..engine.browser import Session
    from ..engine.runner import ScanOptions, scan_provider
    from ..results import Source

    try:
        options = ScanOptions(timeout=timeout, source=Source.record)
        result, _ = await scan_provider(entry, Session(context=context), options)
        return result
    finally:
        await context.close()  # writes the HAR


