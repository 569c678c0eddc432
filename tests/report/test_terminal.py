"""The terminal report prints page text as it is: brackets in labels or CSS are not markup."""

from rich.console import Console

from checker.report import terminal
from checker.results import ControlResult, Drift, ProviderResult, Reason, ScanReport, Status


def _render(report: ScanReport, width: int = 200, verbose: bool = False) -> str:
    console = Console(record=True, width=width, color_system=None)
    terminal.render(report, console, verbose=verbose)
    return console.export_text()


def test_brackets_in_page_text_survive():
    drift = Drift(locator="tab", candidate_rank=2, expected_label="Data controls", found_label="[beta] Data",
                  message="tab: expected 'Data controls', found '[beta] Data' by candidate 3 of 3 (css=\"[role=tab]\")")
    control = ControlResult(id="c", label="Use my data [beta]", status=Status.unknown, reason=Reason.error,
                            detail="unexpected aria-checked value '[mixed]'", drift=[drift])
    provider = ProviderResult(id="p", name="Provider", status=Status.unknown, reason=Reason.error,
                              controls=[control], drift=[drift], notes=["passed a wall with [Reject all]"])
    text = _render(ScanReport.build([provider]), verbose=True)
    for fragment in ("Use my data [beta]", "'[beta] Data'", "'[mixed]'", 'css="[role=tab]"', "[Reject all]"):
        assert fragment in text, fragment


def test_on_row_says_how_to_turn_it_off():
    control = ControlResult(id="c", label="Improve the model", status=Status.on, fix_path="Settings → Data → Off",
                            deep_link="https://example.test/settings")
    text = _render(ScanReport.build([ProviderResult(id="p", name="P", status=Status.on, controls=[control])]))
    assert "Turn it off: Settings → Data → Off" in text and "https://example.test/settings" in text
    assert "1 on · 0 off · 0 unknown" in text


def test_evidence_urls_keep_routes_but_never_tokens():
    from checker.redact import redact_url

    assert redact_url("https://chatgpt.com/#settings/DataControls") == "https://chatgpt.com/#settings/DataControls"
    assert redact_url("https://grok.com/?_s=data") == "https://grok.com/"
    assert redact_url("https://app.test/#preferences/privacy") == "https://app.test/#preferences/privacy"  # any route
    assert redact_url("https://x.test/cb#access_token=abc.def&state=1") == "https://x.test/cb"
    assert redact_url("https://x.test/app#/c/6f1e9a2b-77d1") == "https://x.test/app"
    assert redact_url("https://claude.ai/settings/data-privacy-controls?session=s3cr3t") == \
        "https://claude.ai/settings/data-privacy-controls"


def test_drift_with_the_same_words_says_the_page_changed_not_the_name():
    # A fallback candidate (here one by the words beside the control) found what the first could
    # not, under the very label the catalogue expects: "now called X, was X" would be nonsense.
    same = Drift(locator="model_training_control", candidate_rank=2,
                 expected_label="Allow GitHub to use my data for AI model training",
                 found_label="Allow  GitHub to use my data for AI model training ",
                 message="model_training_control: expected … by candidate 3 of 4 (titled='Allow GitHub…')")
    control = ControlResult(id="c", label="Allow GitHub…", status=Status.off, drift=[same])
    provider = ProviderResult(id="p", name="P", status=Status.off, controls=[control])
    text = " ".join(_render(ScanReport.build([provider]), width=200).split())
    assert "now called" not in text
    assert "'Allow GitHub to use my data for AI model training' is still there under that name, but the page " \
           "is built differently" in text


def test_drift_reads_in_plain_words_and_the_locator_only_with_verbose():
    drift = Drift(locator="chat_nav_link", candidate_rank=1, expected_label="Vibe", found_label="Le Chat",
                  message="chat_nav_link: expected 'Vibe', found 'Le Chat' by candidate 2 of 3 (role=link name='Le Chat')")
    switch = Drift(locator="training_switch", candidate_rank=1, expected_label="Improve the model",
                   found_label="Chat history", message="training_switch: expected … by candidate 2 of 3")
    control = ControlResult(id="c", label="Improve the model", status=Status.off, drift=[switch])
    provider = ProviderResult(id="p", name="P", status=Status.off, controls=[control], drift=[drift])
    for width in (200, 80):
        text = " ".join(_render(ScanReport.build([provider]), width=width).split())
        assert "the menu item is now called 'Le Chat', was 'Vibe'" in text
        assert "the switch is now called 'Chat history', was 'Improve the model'" in text
        assert "candidate" not in text and "chat_nav_link" not in text and "role=" not in text
        verbose = " ".join(_render(ScanReport.build([provider]), width=width, verbose=True).split())
        assert "by candidate 2 of 3 (role=link name='Le Chat')" in verbose
