"""Scratch machines for local-tool tests: a home, a project and a system folder per platform, with
settings files written where the catalogue says the tool reads them. Nothing reads the real OS."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from checker.catalogue.catalog import load_catalog
from checker.engine.local_tools import Host, read_tool
from checker.catalogue.models import Platform, Scope
from checker.results import ProviderResult

PLATFORMS = [Platform.linux, Platform.darwin, Platform.windows]


@dataclass
class Machine:
    root: Path
    platform: Platform = Platform.linux
    environ: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> Host:
        return Host(platform=self.platform, home=self.root / "home", cwd=self.root / "project",
                    environ=self.environ, system_root=self.root / "system")

    def path(self, provider: str, scope: Scope) -> Path:
        source = next(s for s in _entry(provider).scenario.local.sources if s.scope == scope)
        return self.host.path(source.path_on(self.platform))

    def write(self, provider: str, scope: Scope, content) -> Path:
        """Write a settings file (a dict as JSON, a str as it is) where `scope` lives on this platform."""
        path = self.path(provider, scope)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2), encoding="utf-8")
        return path

    def install(self, provider: str) -> None:
        folder = _entry(provider).scenario.local.folders[0]
        self.host.path(folder).mkdir(parents=True, exist_ok=True)

    def scan(self, provider: str) -> ProviderResult:
        return read_tool(_entry(provider), self.host)

    def status(self, provider: str, control: str) -> str:
        return next(c for c in self.scan(provider).controls if c.id == control).status.value


_CATALOG = None


def _entry(provider: str):
    global _CATALOG
    _CATALOG = _CATALOG or load_catalog()
    return _CATALOG[provider]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove a scan left them as they were."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
