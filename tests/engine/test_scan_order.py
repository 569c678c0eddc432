"""Which walks a scan starts first. Most of a walk is waiting (for the page's data, for a control to
hold still), so a long walk left to the end of the queue finishes alone while the other slots sit
empty: the scan starts the walks with the most steps first, and still reports in catalogue order."""

from checker.engine.browser import Session
from checker.engine.runner import ScanOptions, scan
from checker.replicas import routing
from checker.replicas.site import ReplicaWorld

from ..harness import catalog

# alexa and gemini have 3 steps, character-ai 7, chatgpt 10: in catalogue (alphabetical) order the
# longest walk would start third.
IDS = ["alexa", "character-ai", "chatgpt", "gemini"]


def test_the_longest_walks_start_first_and_the_report_keeps_catalogue_order(engine):
    world = ReplicaWorld.build({})  # no replica: every page is refused at once, so no walk waits
    entries = catalog().select(IDS)
    steps = {e.scenario.id: len(e.scenario.steps) for e in entries}
    assert steps["chatgpt"] > steps["character-ai"] > steps["alexa"] == steps["gemini"]
    started = []

    async def prepare(context):
        await routing.install(context, world)

    def progress(provider: str, event: str) -> None:
        if event == "start":
            started.append(provider)

    results = engine.run(scan(entries, Session(browser=engine.browser, prepare=prepare),
                              ScanOptions(timeout=1, concurrency=1), progress))
    assert world.mutations == []
    assert started == ["chatgpt", "character-ai", "alexa", "gemini"]  # equal lengths keep their order
    assert [r.id for r in results] == IDS
