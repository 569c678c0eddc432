"""`untrain scan --demo`: the bundled replicas, in a mix of states so a newcomer sees every kind
of row (on, off, unknown with its reason) without signing in anywhere; local tools read sample
settings files in a scratch folder, never the person's own.

A demo is not the person's own state, so its exit code does not say "a control is on". It says
whether the demo worked: 0 when every provider read as the demo declares it (its `on` and
`unknown` rows included), 2 when one did not (a replica that could not be read as declared: a
browser problem, a broken reader). Its results go to a separate demo history, never the person's.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..engine.local_tools import Host
from .site import ReplicaWorld, available_providers

# provider id -> replica state shown in the demo
DEMO_STATES = {
    # on: what the scan exists to find
    "chatgpt": "on",
    "grok-x": "on",
    "alexa": "on",  # a native checkbox in a label
    "deepseek": "on",  # on by default, reached by clicking name menu → Settings → Data
    "linkedin": "on",  # on by default (US since 2024-09), read from the native checkbox
    "gemini": "consent_wall",  # on, after passing Google's consent wall with "Reject all" (noted)
    "copilot": "voice_on",  # one switch off, the voice one still on
    # off, including one reached through a drifted label
    "claude": "off",
    "grok": "off",
    "grammarly": "off",  # a role=switch button read by aria-checked
    "instagram": "off",  # off, reached by Profile → Menu → Sharing and reuse
    "google-web-activity": "off",  # off, on the myactivity host it shares with gemini's replica
    "mistral": "drifted",  # off, reached through the old "Le Chat" nav name (drift reported)
    # the other outcomes
    "perplexity": "signed_out",  # unknown: signed_out, with the `untrain login` hint
    "github-copilot": "business",  # not_applicable: a Business seat hides the setting
    "character-ai": "outside_eea",  # not_applicable: the switch exists only in the EEA and UK
    # Entries with no switch need no replica: meta-ai, kimi and reddit are always no_opt_out;
    # zoom, notion-ai, duck-ai and apple-intelligence are always not_trained.
}

# provider id -> what the demo must read for it: "status" or "status/reason". A provider not named
# here (a new catalogue entry with its replica's default state) must read verified: not unknown.
DEMO_EXPECTED = {
    "chatgpt": "on",
    "grok-x": "on",
    "gemini": "on",
    "copilot": "on",
    "claude": "off",
    "grok": "off",
    "mistral": "off",
    "perplexity": "unknown/signed_out",
    "github-copilot": "not_applicable",
    "meta-ai": "no_opt_out",
    # pages in their replica's default state
    "alexa": "on",
    "character-ai": "not_applicable",
    "deepseek": "on",
    "google-web-activity": "off",
    "grammarly": "off",
    "instagram": "off",
    "linkedin": "on",
    # local tools, from DEMO_LOCAL_FILES
    "claude-code": "on",
    "gemini-cli": "on",
}


def demo_world(provider_ids: list[str]) -> ReplicaWorld:
    replicas = set(available_providers())
    return ReplicaWorld.build({p: DEMO_STATES.get(p) for p in provider_ids if p in replicas})


def outcome(provider) -> str:
    status = getattr(provider.status, "value", provider.status)
    reason = getattr(provider.reason, "value", provider.reason)
    return f"{status}/{reason}" if reason else status


def misread(providers) -> list[str]:
    """One line per provider that did not read as the demo declares: what was expected, what came."""
    wrong = []
    for provider in providers:
        got = outcome(provider)
        expected = DEMO_EXPECTED.get(provider.id)
        if expected is None:
            bad = got.startswith("unknown")
            expected = "a verified state"
        else:
            bad = got != expected
        if bad:
            detail = f": {provider.detail}" if provider.detail else ""
            wrong.append(f"{provider.name}: expected {expected}, read {got}{detail}")
    return wrong


# Local tools in the demo read these files from a scratch home, never the person's own: a demo shows
# what a row looks like, and your real settings belong to a real scan. Telemetry off, error reporting
# set to the contested "0" (unknown), /bug on; Gemini CLI's usage statistics on.
DEMO_LOCAL_FILES = {
    "home/.claude/settings.json": {"env": {"DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "0"}},
    "home/.gemini/settings.json": {"privacy": {"usageStatisticsEnabled": True}},
}


@contextmanager
def demo_host() -> Iterator[Host]:
    """A throwaway machine for the demo's local tools: its own home, project, system folders and an
    empty environment, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="untrain-demo-") as tmp:
        root = Path(tmp)
        for rel, content in DEMO_LOCAL_FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
        (root / "project").mkdir()
        yield Host(platform=Host.current().platform, home=root / "home", cwd=root / "project", environ={},
                   system_root=root / "system")
