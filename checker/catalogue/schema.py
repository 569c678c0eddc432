"""JSON Schemas generated from the models, committed to checker/schemas/.

The catalogue's schemas describe what a YAML file may say (editors complete from them); the reports'
describe what `untrain scan --json` and `untrain paths --json` write, for whoever reads them; the
native messages' what the extension and `untrain native-host` say to each other.
"""

from __future__ import annotations

import json

from ..store import data_paths
from .models import Scenario, SelectorFile
from ..qa.report import PathsReport
from ..results import ScanReport
from ..extension_host.native_protocol import NativeMessages

# name: (model, mode). Catalogue files are input ("validation"); reports are output ("serialization",
# which includes computed fields such as the report's exit code).
SCHEMAS = {
    "scenario.schema.json": (Scenario, "validation"),
    "selectors.schema.json": (SelectorFile, "validation"),
    "scan-report.schema.json": (ScanReport, "serialization"),
    "paths-report.schema.json": (PathsReport, "serialization"),
    # The extension's messages to `untrain native-host` and its replies (the host validates both).
    "native-messages.schema.json": (NativeMessages, "serialization"),
}


def render(entry) -> str:
    model, mode = entry
    schema = model.model_json_schema(mode=mode)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_all() -> list[str]:
    written = []
    for name, entry in SCHEMAS.items():
        path = data_paths.schemas_dir() / name
        path.write_text(render(entry), encoding="utf-8")
        written.append(str(path))
    return written
