"""JSON Schemas generated from the catalogue models, committed to checker/schemas/ for editors."""

from __future__ import annotations

import json

from . import data_paths
from .models import Scenario, SelectorFile

SCHEMAS = {"scenario.schema.json": Scenario, "selectors.schema.json": SelectorFile}


def render(model) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_all() -> list[str]:
    written = []
    for name, model in SCHEMAS.items():
        path = data_paths.schemas_dir() / name
        path.write_text(render(model), encoding="utf-8")
        written.append(str(path))
    return written
