"""JSON schemas of the reasoner's input and output.

Each schema carries an ``$id``: the address it is published at on the documentation site
(``site_url`` in ``mkdocs.yml`` plus ``schemas/NAME.schema.json``), so a tool that
validates a scenario or a determination can name the schema it used.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from lawgraph.reasoning.determination import Determination
from lawgraph.reasoning.partnership import PartnershipFile
from lawgraph.reasoning.scenario import Scenario

__all__ = ["SCHEMA_BASE_URL", "schema_documents", "write_schemas"]

#: Where the schemas are published: the docs site's ``site_url`` plus ``schemas/``.
#: A test keeps it equal to ``mkdocs.yml``.
SCHEMA_BASE_URL = "https://lawgraph.readthedocs.io/schemas/"

#: The JSON Schema dialect pydantic generates.
_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_MODELS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("scenario", Scenario),
    ("determination", Determination),
    ("partnership", PartnershipFile),
)


def schema_documents() -> dict[str, str]:
    """Each schema file's name (``scenario.schema.json``, ...) and its text, as published."""
    documents: dict[str, str] = {}
    for name, model in _MODELS:
        filename = f"{name}.schema.json"
        schema = {
            "$schema": _DIALECT,
            "$id": SCHEMA_BASE_URL + filename,
            **model.model_json_schema(),
        }
        documents[filename] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return documents


def write_schemas(directory: Path | str) -> list[Path]:
    """Write ``scenario.schema.json``, ``determination.schema.json`` and
    ``partnership.schema.json`` into `directory`."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for filename, text in schema_documents().items():
        path = root / filename
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
