"""Build hooks: the optional C reader, and the knowledge data shipped inside the package.

Everything else about the package is in ``pyproject.toml``.

- The C reader (``lawgraph.legislation._cparser``) is optional: where it cannot be
  compiled, installation goes on and the parser runs in Python alone
  (``lawgraph.legislation.parser.accelerated()`` says which). ``LAWGRAPH_BUILD_PURE=1``
  skips it on purpose (the packaging test uses this to build a wheel quickly).
- The curated ``data/`` folder lives at the top of the checkout, where curators edit it;
  a built wheel carries a copy as ``lawgraph/data`` so that an installed lawgraph can
  answer from any directory. An editable install reads the checkout's folder instead,
  so no copy is made for it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

_HERE = Path(__file__).resolve().parent


class _BuildWithData(build_py):
    """``build_py`` that also copies the knowledge data into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "lawgraph" / "data"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(
            _HERE / "data",
            target,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
        )


def _extensions() -> list[Extension]:
    if os.environ.get("LAWGRAPH_BUILD_PURE") == "1":
        return []
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    extension = Extension(
        "lawgraph.legislation._cparser",
        ["src/lawgraph/legislation/_cparser.pyx"],
        include_dirs=lxml.get_include(),
        optional=True,
    )
    return list(cythonize([extension], language_level=3, quiet=True))


setup(ext_modules=_extensions(), cmdclass={"build_py": _BuildWithData})
