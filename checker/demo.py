"""`untrain scan --demo`: the bundled replicas, in a mix of states so a newcomer sees every kind
of row (on, off, unknown with its reason) without signing in anywhere."""

from __future__ import annotations

from .replicas.site import ReplicaWorld, available_providers

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
    # Entries with no switch need no replica: meta-ai, kimi and reddit are always no_opt_out;
    # zoom, notion-ai, duck-ai and apple-intelligence are always not_trained.
}


def demo_world(provider_ids: list[str]) -> ReplicaWorld:
    replicas = set(available_providers())
    return ReplicaWorld.build({p: DEMO_STATES.get(p) for p in provider_ids if p in replicas})
