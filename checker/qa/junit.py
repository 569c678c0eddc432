"""JUnit XML for a paths run: one <testsuite> per provider, one <testcase> per documented step.

CI systems show a missing step as a failure, an unverified one (signed out, blocked) as an error,
drift as a passing case with a warning in system-out, and steps never reached as skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..store import data_paths
from .report import LinkOutcome, PathOutcome, PathsReport, PathsStatus


def build(report: PathsReport) -> ET.Element:
    suites = ET.Element("testsuites", name="untrain paths", target=report.target)
    for provider in report.providers:
        cases = provider.steps
        suite = ET.SubElement(suites, "testsuite", name=f"untrain.paths.{provider.id}",
                              tests=str(len(cases)),
                              failures=str(sum(s.outcome == PathOutcome.missing for s in cases)),
                              errors=str(sum(s.outcome == PathOutcome.unverified for s in cases)),
                              skipped=str(sum(s.outcome in (PathOutcome.not_reached, PathOutcome.skipped) for s in cases)),
                              time=f"{provider.duration_ms / 1000:.3f}")
        if provider.status == PathsStatus.skipped:
            case = ET.SubElement(suite, "testcase", classname=f"untrain.paths.{provider.id}", name="path")
            ET.SubElement(case, "skipped", message=provider.detail or "nothing to walk")
            suite.set("tests", "1")
            suite.set("skipped", "1")
            continue
        for step in cases:
            wording = f" — {step.path}" if step.path else ""
            case = ET.SubElement(suite, "testcase", classname=f"untrain.paths.{provider.id}",
                                 name=f"{step.index:02d} {step.kind} {step.target}{wording}")
            message = step.message()
            if step.outcome == PathOutcome.missing:
                flake = f" [{step.flake}: {step.consecutive_failures} consecutive]" if step.flake else ""
                failure = ET.SubElement(case, "failure", message=message + flake, type="missing")
                failure.text = "\n".join(f"{s['role']} {s['name']!r} {s['score']:.2f}" for s in step.suggestions)
            elif step.outcome == PathOutcome.unverified:
                ET.SubElement(case, "error", message=message, type=step.reason or "error")
            elif step.outcome in (PathOutcome.not_reached, PathOutcome.skipped):
                ET.SubElement(case, "skipped", message=message)
            elif step.outcome == PathOutcome.drift:
                ET.SubElement(case, "system-out").text = f"warning: {message}"
        for number, link in enumerate(provider.deep_links):
            _deep_link_case(suite, provider.id, link, first=number == 0)
        if provider.artifacts:
            ET.SubElement(suite, "system-out").text = "\n".join(f"artifact: {a}" for a in provider.artifacts)
    _make_xml_safe(suites)
    return suites


def _deep_link_case(suite: ET.Element, provider: str, link, first: bool = True) -> None:
    """A moved link is a failure (people are sent there); one that could not be opened, an error."""
    case = ET.SubElement(suite, "testcase", classname=f"untrain.paths.{provider}", name=f"deep link {link.url}")
    suite.set("tests", str(int(suite.get("tests")) + 1))
    if link.outcome == LinkOutcome.misses and not first:  # an alternative link: a warning, as in the terminal
        ET.SubElement(case, "system-out").text = link.message(first=False)
    elif link.outcome == LinkOutcome.misses:
        ET.SubElement(case, "failure", message=link.message(), type="deep_link_moved")
        suite.set("failures", str(int(suite.get("failures")) + 1))
    elif link.outcome == LinkOutcome.unverified:
        ET.SubElement(case, "error", message=link.message(), type=link.reason or "error")
        suite.set("errors", str(int(suite.get("errors")) + 1))


# XML 1.0 cannot hold most C0 controls, not even escaped; ElementTree writes them raw and the file
# no longer parses. A browser error's ANSI colour codes (ESC) are enough to lose the whole report.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _visible(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _make_xml_safe(root: ET.Element) -> None:
    for element in root.iter():
        element.attrib = {key: _visible(value) for key, value in element.attrib.items()}
        if element.text:
            element.text = _visible(element.text)


def write(report: PathsReport, path: Path) -> None:
    """Private (0600) like every report: with --live, a failure quotes labels from the person's page."""
    tree = ET.ElementTree(build(report))
    ET.indent(tree)
    text = ET.tostring(tree.getroot(), encoding="unicode")
    data_paths.write_private(path, "<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n")
