"""The hidden `--replica PROVIDER=STATE` option of `untrain login` and `untrain scan`.

It serves the bundled replicas at the real URLs inside the person's (or a test's) persistent
profile, so sign-in then scan can be exercised end to end with no network and no account.
"""

from __future__ import annotations

from ..errors import UsageError
from .site import ReplicaWorld, available_providers


def parse(specs: list[str] | None) -> ReplicaWorld | None:
    if not specs:
        return None
    states: dict[str, str | None] = {}
    known = available_providers()
    for spec in specs:
        provider, _, state = spec.partition("=")
        if provider not in known:
            raise UsageError(f"--replica {spec}: no bundled replica for {provider!r} (have: {', '.join(known)})")
        states[provider] = state or None
    try:
        return ReplicaWorld.build(states)
    except ValueError as exc:
        raise UsageError(f"--replica: {exc}") from None
