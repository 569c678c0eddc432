"""Replicas of providers' settings pages, served at the real URLs (demo, tests, benchmarks).

The pages themselves are data in tests/replicas/<provider>/ (see its README); site.py answers
requests for them and keeps the mutation log; routing.py plugs that into a Playwright context.
"""

from .site import Mutation, ReplicaSite, ReplicaWorld, Response, load_manifest

__all__ = ["Mutation", "ReplicaSite", "ReplicaWorld", "Response", "load_manifest"]
