"""The Markdown report: every row in its table cell, every drift with what was expected and found."""

from checker.report import markdown
from checker.results import ControlResult, Drift, ProviderResult, Reason, ScanReport, Status

RENAMED = Drift(locator="improve_model_switch", candidate_rank=1, expected_label="Improve the model for everyone",
                found_label="Chat history & training",
                message="improve_model_switch: expected 'Improve the model for everyone', found 'Chat history "
                        "& training' by candidate 2 of 3 (role=switch name=/Chat history/)")


def table_rows(text: str) -> list[list[str]]:
    """Each table row's cells, split only at unescaped pipes (as a Markdown renderer does), without
    the header rows (each table's first line, the one above its |---| line)."""
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = i + 1 < len(lines) and lines[i + 1].startswith("|---")
        if line.startswith("| ") and not header:
            cells = line.replace("\\|", "\0").strip().strip("|").split("|")
            rows.append([c.strip().replace("\0", "|") for c in cells])
    return rows


def sections(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


def test_a_drifted_control_shows_expected_found_and_candidate():
    control = ControlResult(id="improve_model", label="Improve the model for everyone", status=Status.off,
                            drift=[RENAMED], fix_path="Settings → Data controls")
    report = ScanReport.build([ProviderResult(id="chatgpt", name="ChatGPT", status=Status.off, controls=[control])])
    text = markdown.render(report)
    assert "expected 'Improve the model for everyone', found 'Chat history & training' by candidate 2 of 3" in text


def test_pipes_in_any_cell_stay_in_their_cell():
    control = ControlResult(id="c", label="Use my data | for training", status=Status.unknown,
                            reason=Reason.path_missing, detail="'Data | privacy' not found")
    provider = ProviderResult(id="p", name="Acme | Chat", status=Status.unknown, reason=Reason.path_missing,
                              controls=[control])
    [row] = table_rows(markdown.render(ScanReport.build([provider])))
    assert row == ["Acme | Chat", "Use my data | for training", "? unknown (path missing)", "'Data | privacy' not found"]


def test_controls_are_grouped_by_meaning_and_an_ads_on_is_not_counted():
    ads = ControlResult(id="ad_personalization", label="Ad personalization", status=Status.on,
                        meaning="ads", fix_path="Settings → Ad controls")
    review = ControlResult(id="review", label="Let people review my chats", status=Status.off,
                           meaning="human_review", fix_path="Settings")
    provider = ProviderResult(id="chatgpt", name="ChatGPT", status=Status.off, controls=[
        ads, ControlResult(id="improve_model", label="Improve the model for everyone", status=Status.off,
                           fix_path="x"), review])
    text = markdown.render(ScanReport.build([provider]))
    assert sections(text) == ["Training (counted)", "Human review (counted)", "Ads (shown, never counted)"]
    assert [row[1] for row in table_rows(text)] == [
        "Improve the model for everyone", "Let people review my chats", "Ad personalization"]
    assert "**0 on · 2 off · 0 unknown**" in text
    assert "Ads and telemetry controls are shown, never counted." in text


def test_a_version_1_informational_control_still_renders_uncounted():
    info = ControlResult(id="public_code", label="Suggestions matching public code", status=Status.on,
                         meaning="informational", fix_path="Settings → Copilot")
    provider = ProviderResult(id="gh", name="GitHub Copilot", status=Status.off, controls=[
        ControlResult(id="train", label="Allow GitHub to use my data", status=Status.off, fix_path="x"), info])
    text = markdown.render(ScanReport.build([provider]))
    assert "For your information (shown, never counted)" in sections(text)
    assert "**0 on · 1 off · 0 unknown**" in text


def test_not_trained_is_said_plainly_and_not_counted():
    zoom = ProviderResult(id="zoom", name="Zoom", status=Status.not_trained,
                          detail="Zoom says it does not use your content to train AI models.")
    meta = ProviderResult(id="meta-ai", name="Meta AI", status=Status.no_opt_out, detail="Delete your chats.")
    text = markdown.render(ScanReport.build([zoom, meta]))
    assert sections(text) == ["No switch to read"]
    assert table_rows(text) == [
        ["Zoom", "✓ not trained (no switch)", "Zoom says it does not use your content to train AI models."],
        ["Meta AI", "✗ no opt-out", "Delete your chats."]]
    assert "**0 on · 0 off · 0 unknown** · 1 not trained (no switch) · 1 without an opt-out" in text
