"""JSON schemas of the reasoner's input and output."""

from __future__ import annotations

import json
from pathlib import Path

from lawgraph.reasoning.determination import Determination
from lawgraph.reasoning.scenario import Scenario

__all__ = ["write_schemas"]


def write_schemas(directory: Path | str) -> list[Path]:
    """Write ``scenario.schema.json`` and ``determination.schema.json`` into `directory`."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for name, model in (("scenario", Scenario), ("determination", Determination)):
        path = root / f"{name}.schema.json"
        schema = model.model_json_schema()
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out.append(path)
    return out
