"""The legislation layer: legislation.gov.uk CLML XML in, typed immutable models out.

It knows nothing of gateways or duty holders. Modules, in pipeline order:

- `reader`: bytes to an lxml tree, safely (no DTDs, no entities, no network).
- `parser`: tree to `Document` / `Provision` models (pure).
- `identifiers`: legislation.gov.uk identifiers as value objects.
- `corpus`: a folder of documents, looked up by identifier and version.
- `pointintime`: what a provision said, and whether it was in force, on a date.
- `reference_text`: verbatim Markdown copies of provisions not held as XML, parsed to
  subsections and paragraphs (not authoritative; each copy says what text it is).
"""
