"""`untrain scan --demo`: the bundled replicas, in a mix of states so a newcomer sees every kind
of row (on, off, unknown with its reason) without signing in anywhere."""

from __future__ import annotations

from .replicas.site import ReplicaWorld, available_providers

# provider id -> replica state shown in the demo
DEMO_STATES = {
    # on: what the scan exists to find
    "chatgpt": "on",
    "grok-x": "on",
    "deepseek": "on",  # on by default, reached by clicking name menu → Settings → Data
    "linkedin": "on",  # on by default (US since 2024-09), read from the native checkbox
    "gemini": "consent_wall",  # on, after passing Google's consent wall with "Reject all" (noted)
    "copilot": "voice_on",  # one switch off, the voice one still on
    # off, including one reached through a drifted label
    "claude": "off",
    "grok": "off",
    "instagram": "off",  # off, reached by Profile → Menu → Sharing and reuse
    "google-web-activity": "off",  # off, on the myactivity host it shares with gemini's replica
    "mistral": "drifted",  # off, reached through the old "Le Chat" nav name (drift reported)
    # the other outcomes
    "perplexity": "signed_out",  # unknown: signed_out, with the `untrain login` hint
    "github-copilot": "business",  # not_applicable: a Business seat hides the setting
    # meta-ai needs no replica: it is always no_opt_out.
}


def demo_world(provider_ids: list[str]) -> ReplicaWorld:
    replicas = set(available_providers())
    return ReplicaWorld.build({p: DEMO_STATES.get(p) for p in provider_ids if p in replicas})
