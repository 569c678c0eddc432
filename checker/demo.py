"""`untrain scan --demo`: the bundled replicas, in a mix of states so a newcomer sees every kind
of row (on, off, unknown with its reason) without signing in anywhere.

A demo is not the person's own state, so its exit code does not say "a control is on". It says
whether the demo worked: 0 when every provider read as the demo declares it (its `on` and
`unknown` rows included), 2 when one did not (a replica that could not be read as declared: a
browser problem, a broken reader). Its results go to a separate demo history, never the person's.
"""

from __future__ import annotations

from .replicas.site import ReplicaWorld, available_providers
from .results import ExitCode

# provider id -> replica state shown in the demo
DEMO_STATES = {
    # on: what the scan exists to find
    "chatgpt": "on",
    "grok-x": "on",
    "gemini": "consent_wall",  # on, after passing Google's consent wall with "Reject all" (noted)
    "copilot": "voice_on",  # one switch off, the voice one still on
    # off, including one reached through a drifted label
    "claude": "off",
    "grok": "off",
    "mistral": "drifted",  # off, reached through the old "Le Chat" nav name (drift reported)
    # the other outcomes
    "perplexity": "signed_out",  # unknown: signed_out, with the `untrain login` hint
    "github-copilot": "business",  # not_applicable: a Business seat hides the setting
    # meta-ai needs no replica: it is always no_opt_out.
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


def exit_code(providers) -> int:
    return ExitCode.UNVERIFIED if misread(providers) else ExitCode.OK
