"""The installed lawgraph's version, read once from the package metadata."""

from __future__ import annotations

import importlib.metadata

__all__ = ["__version__"]


def _installed_version() -> str:
    try:
        return importlib.metadata.version("lawgraph")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        return "0+unknown"


#: The version in the installed package's metadata (``"0+unknown"`` if not installed).
__version__ = _installed_version()
