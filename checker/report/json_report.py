"""The JSON report (schema_version 1): the stable machine interface."""

from __future__ import annotations

import json

from ..results import ScanReport


def dumps(report: ScanReport) -> str:
    data = report.model_dump(mode="json")
    data["exit_code"] = report.exit_code
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
