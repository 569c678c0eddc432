"""QA opens each deep link on its own: the documented walk never uses them, people are sent there."""

from checker.qa.report import PathsReport
from checker.results import ExitCode

from .helpers import walk_replica

CHATGPT_LINKS = ["https://chatgpt.com/#settings/DataControls", "https://chatgpt.com/settings/data-controls"]


def test_links_that_open_the_setting_land(engine):
    result = walk_replica(engine, "chatgpt", "on")
    assert [(link.url, link.outcome) for link in result.deep_links] == [(u, "lands") for u in CHATGPT_LINKS]
    assert PathsReport(target="replica:on", providers=[result]).exit_code == ExitCode.OK


def test_a_moved_link_is_reported_even_though_the_clicks_still_work(engine):
    # Settings lost its URL: the documented path is fine, so only the link check can see it.
    result = walk_replica(engine, "chatgpt", "routes_moved")
    assert result.status == "ok"
    assert [(link.url, link.outcome, link.landmark) for link in result.deep_links] == [
        (u, "misses", "improve_model_row") for u in CHATGPT_LINKS]
    assert "`untrain open` and the extension send people here and land elsewhere" in result.deep_links[0].message()
    assert result.verdict == "link moved"  # never "ok" above a link that misses
    assert PathsReport(target="replica:routes_moved", providers=[result]).exit_code == ExitCode.UNVERIFIED


def test_links_are_not_judged_when_the_page_cannot_be_read(engine):
    # Signed out: every link would miss its landmark; that says nothing about the links.
    result = walk_replica(engine, "chatgpt", "signed_out")
    assert [(link.outcome, link.reason) for link in result.deep_links] == [("unverified", "not_checked")] * 2
    assert "the documented path is unverified" in result.deep_links[0].detail


def test_a_scenario_that_starts_without_a_deep_link_has_none_to_check(engine):
    assert walk_replica(engine, "perplexity", "on").deep_links == []
