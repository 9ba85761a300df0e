"""Where lawgraph looks for legislation XML and curated data.

Two folders of legislation are read, both optional:

- the *statutes* folder: what ``lawgraph fetch`` downloads (default ``statutes/`` in the
  current directory; ``LAWGRAPH_STATUTES`` overrides);
- a *reference corpus*: a read-only folder laid out like legislation.gov.uk paths, such
  as ``../shared/legislation`` for this project's tests (``LAWGRAPH_LEGISLATION``).

Citations into statutes not held as XML can be proved against *reference text*: verbatim
Markdown copies of single provisions (``../shared/statute-text`` beside the checkout;
``LAWGRAPH_REFERENCE`` overrides), read by `lawgraph.legislation.reference_text`.

The curated knowledge comes from `data_dir`.

Titles ``lawgraph fetch`` has looked up on legislation.gov.uk are remembered in a file of
the user's own (`learnt_titles_file`), never in the checkout or the package.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_ENV",
    "LEARNT_TITLES_ENV",
    "LEGISLATION_ENV",
    "REFERENCE_ENV",
    "STATUTES_ENV",
    "data_dir",
    "learnt_titles_file",
    "legislation_dirs",
    "reference_corpus_dir",
    "reference_text_dir",
    "statutes_dir",
]

STATUTES_ENV = "LAWGRAPH_STATUTES"
LEGISLATION_ENV = "LAWGRAPH_LEGISLATION"
DATA_ENV = "LAWGRAPH_DATA"
REFERENCE_ENV = "LAWGRAPH_REFERENCE"
LEARNT_TITLES_ENV = "LAWGRAPH_LEARNT_TITLES"

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def statutes_dir() -> Path:
    """The folder ``lawgraph fetch`` writes to and the library reads first."""
    env = os.environ.get(STATUTES_ENV)
    if env:
        return Path(env)
    local = Path.cwd() / "statutes"
    if local.is_dir():
        return local
    return _PACKAGE_ROOT / "statutes"


def reference_corpus_dir() -> Path | None:
    """A read-only legislation folder to read as well, if one is configured or beside us."""
    env = os.environ.get(LEGISLATION_ENV)
    if env:
        return Path(env)
    beside = _PACKAGE_ROOT.parent / "shared" / "legislation"
    return beside if beside.is_dir() else None


def reference_text_dir() -> Path | None:
    """The folder of verbatim statute text (Markdown copies), if configured or beside us.

    ``LAWGRAPH_REFERENCE`` names it; otherwise ``../shared/statute-text`` beside the
    checkout is used when it exists, the way the reference corpus is found.
    """
    env = os.environ.get(REFERENCE_ENV)
    if env:
        return Path(env)
    beside = _PACKAGE_ROOT.parent / "shared" / "statute-text"
    return beside if beside.is_dir() else None


def legislation_dirs() -> list[Path]:
    """Every folder legislation is loaded from, in priority order."""
    dirs = [statutes_dir()]
    ref = reference_corpus_dir()
    if ref is not None:
        dirs.append(ref)
    return [d for d in dirs if d.is_dir()]


def data_dir() -> Path:
    """The curated knowledge files, from the first of these that exists.

    1. ``$LAWGRAPH_DATA``, when set (commands also take ``--data``);
    2. the copy shipped inside the installed package (``lawgraph/data``), which a
       wheel, ``pip install .`` or ``pipx`` carries;
    3. the ``data/`` folder of the source checkout, for an editable install.

    The current directory is never consulted: a stray ``./data`` must not silently
    change the law an answer rests on.
    """
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    shipped = Path(__file__).resolve().parent / "data"
    if (shipped / "gateways").is_dir():
        return shipped
    return _PACKAGE_ROOT / "data"


def learnt_titles_file() -> Path:
    """The user's file of titles learnt from legislation.gov.uk's search.

    ``$LAWGRAPH_LEARNT_TITLES`` when set; otherwise ``lawgraph/learnt-titles.json`` in
    ``$XDG_DATA_HOME`` (default ``~/.local/share``). It belongs to the user, like a
    cache: the knowledge files and the checkout are never written to.
    """
    env = os.environ.get(LEARNT_TITLES_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "lawgraph" / "learnt-titles.json"
