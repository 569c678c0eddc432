"""JUnit XML stays well-formed whatever text a step carries (CI drops an unparseable report whole)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.qa import junit
from checker.qa.report import PathsReport, ProviderPaths, StepReport


def test_control_characters_from_an_error_keep_the_xml_parseable(tmp_path):
    # A browser error's text can carry ANSI colour codes (ESC), which XML 1.0 cannot hold at all.
    step = StepReport(index=1, kind="click", target="profile_button", path="Open <Settings> & \"Data\"",
                      outcome="unverified", reason="error", detail="Error: \x1b[31mTarget closed\x1b[0m\x00")
    report = PathsReport(target="live", providers=[
        ProviderPaths(id="chatgpt", name="ChatGPT", status="unverified", steps=[step],
                      artifacts=["/tmp/a\x07.png"])])
    path = tmp_path / "paths.xml"
    junit.write(report, path)
    root = ET.parse(path).getroot()
    case = root.find("testsuite/testcase")
    assert case.get("name") == "01 click profile_button — Open <Settings> & \"Data\""
    error = case.find("error")
    assert error is not None and case.find("skipped") is None  # unverified is an error, never a pass
    assert "Target closed" in error.get("message") and "\\x1b" in error.get("message")
