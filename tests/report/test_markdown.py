"""The Markdown report: every row in its table cell, every drift with what was expected and found."""

from checker.report import markdown
from checker.results import ControlResult, Drift, ProviderResult, Reason, ScanReport, Status

RENAMED = Drift(locator="improve_model_switch", candidate_rank=1, expected_label="Improve the model for everyone",
                found_label="Chat history & training",
                message="improve_model_switch: expected 'Improve the model for everyone', found 'Chat history "
                        "& training' by candidate 2 of 3 (role=switch name=/Chat history/)")


def table_rows(text: str) -> list[list[str]]:
    """Each table row's cells, split only at unescaped pipes (as a Markdown renderer does)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = line.replace("\\|", "\0").strip().strip("|").split("|")
            rows.append([c.strip().replace("\0", "|") for c in cells])
    return rows[1:]  # without the header


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


def test_an_informational_control_is_marked_so_its_on_is_not_read_as_training():
    info = ControlResult(id="public_code", label="Suggestions matching public code", status=Status.on,
                         meaning="informational", fix_path="Settings → Copilot")
    provider = ProviderResult(id="gh", name="GitHub Copilot", status=Status.off, controls=[
        ControlResult(id="train", label="Allow GitHub to use my data", status=Status.off, fix_path="x"), info])
    text = markdown.render(ScanReport.build([provider]))
    assert table_rows(text)[1][1] == "Suggestions matching public code (informational)"
    assert "**0 on · 1 off · 0 unknown**" in text
