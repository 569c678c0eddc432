"""One way to open a session (checker/engine/sources.py) serves scan, paths, record and login."""

from __future__ import annotations

import ast
import stat
from pathlib import Path

import pytest

import checker
from checker.engine.sources import PageSource, open_session
from checker.replicas.site import ReplicaWorld

# What opening a session is made of. Issue 12, point 9: scan, paths, record and login each did
# these themselves, so a fix to one (the heavy-resource block, the routing) missed the others.
# A browser launched elsewhere missed the HAR sandbox's arguments or the configured browser.
SESSION_PARTS = {"persistent_context", "block_heavy_resources", "routing.install", "launch"}


def test_only_the_source_module_opens_a_session():
    package = Path(checker.__file__).parent
    callers = set()
    for module in package.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                if ast.unparse(node.func) in SESSION_PARTS:
                    callers.add(module.relative_to(package).as_posix())
    assert callers == {"engine/sources.py"}


@pytest.mark.parametrize("source", [dict(), dict(har=Path("x.har"), profile=Path("p")),
                                    dict(har=Path("x.har"), world=object())])
def test_a_source_is_one_of_three(source):
    with pytest.raises(ValueError):
        PageSource(**source)


def test_a_profile_serving_replicas_reads_them_and_stays_private(engine, tmp_path):
    # The shape `scan --replica` and the sign-in tests use: the person's profile, the site a replica.
    world = ReplicaWorld.build({"chatgpt": "off"})
    profile = tmp_path / "profile"

    async def visit():
        async with open_session(engine.playwright, PageSource(profile=profile, world=world)) as session:
            async with session.page() as page:
                response = await page.goto("https://chatgpt.com/")  # no network here: only the replica answers
                return response.status, await page.title()

    status, title = engine.run(visit())
    assert status == 200 and "ChatGPT" in title
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
    assert world.mutations == []
