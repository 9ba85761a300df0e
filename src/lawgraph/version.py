"""lawgraph's version: written here, and only here (``pyproject.toml`` reads it at build
time), so reading it costs nothing; looking it up in the installed package's metadata
(`importlib.metadata`) took longer than the rest of ``import lawgraph``."""

from __future__ import annotations

__all__ = ["__version__"]

#: The version of this lawgraph, as the installed package's metadata also gives it.
__version__ = "0.1.0"
