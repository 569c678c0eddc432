"""Walk a replica with `untrain paths`' walker on the shared test engine, read-only checked."""

from __future__ import annotations

from pathlib import Path

from checker.engine.browser import Session
from checker.catalogue.catalog import Catalog
from checker.qa.paths import PathsOptions, walk_provider
from checker.qa.report import ProviderPaths
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld, available_providers, load_manifest
from checker.catalogue.models import Kind

from ..harness import catalog

QA_TIMEOUT = 1.5  # seconds per element; replicas render at once, a missing step waits this long


def walk_replica(engine, provider: str, state: str, *, cat: Catalog | None = None,
                 artifacts: Path | None = None, timeout: float = QA_TIMEOUT) -> ProviderPaths:
    world = ReplicaWorld.build({provider: state})
    entry = (cat or catalog())[provider]

    async def prepare(context):
        await routing.install(context, world)

    result = engine.run(walk_provider(entry, Session(browser=engine.browser, prepare=prepare),
                                      PathsOptions(timeout=timeout, artifacts=artifacts)))
    assert world.mutations == [], f"the QA walk changed something: {world.mutations}"
    return result


def providers_with_state(state: str) -> list[str]:
    """Catalogue providers that have a bundled replica with this state (new providers join automatically)."""
    replicas = set(available_providers())
    return [pid for pid, entry in catalog().entries.items()
            if entry.scenario.kind == Kind.page and pid in replicas and state in load_manifest(pid).states]
