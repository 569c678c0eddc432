"""JUnit XML for a paths run: one <testsuite> per provider, one <testcase> per documented step.

CI systems show a missing step as a failure, an unverified one (signed out, blocked) as an error,
drift as a passing case with a warning in system-out, and steps never reached as skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .report import PathsReport


def build(report: PathsReport) -> ET.Element:
    suites = ET.Element("testsuites", name="untrain paths", target=report.target)
    for provider in report.providers:
        cases = provider.steps
        suite = ET.SubElement(suites, "testsuite", name=f"untrain.paths.{provider.id}",
                              tests=str(len(cases)),
                              failures=str(sum(s.outcome == "missing" for s in cases)),
                              errors=str(sum(s.outcome == "unverified" for s in cases)),
                              skipped=str(sum(s.outcome in ("not_reached", "skipped") for s in cases)),
                              time=f"{provider.duration_ms / 1000:.3f}")
        if provider.status == "skipped":
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
            if step.outcome == "missing":
                flake = f" [{step.flake}: {step.consecutive_failures} consecutive]" if step.flake else ""
                failure = ET.SubElement(case, "failure", message=message + flake, type="missing")
                failure.text = "\n".join(f"{s['role']} {s['name']!r} {s['score']:.2f}" for s in step.suggestions)
            elif step.outcome == "unverified":
                ET.SubElement(case, "error", message=message, type=step.reason or "error")
            elif step.outcome in ("not_reached", "skipped"):
                ET.SubElement(case, "skipped", message=message)
            elif step.outcome == "drift":
                ET.SubElement(case, "system-out").text = f"warning: {message}"
        if provider.artifacts:
            ET.SubElement(suite, "system-out").text = "\n".join(f"artifact: {a}" for a in provider.artifacts)
    return suites


def write(report: PathsReport, path: Path) -> None:
    tree = ET.ElementTree(build(report))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
