"""Build hook for the optional C reader, ``lawgraph.legislation._cparser``.

Everything else about the package is in ``pyproject.toml``. The extension is optional:
where it cannot be compiled, installation goes on and the parser runs in Python alone
(``lawgraph.legislation.parser.accelerated()`` says which).
"""

from __future__ import annotations

from setuptools import Extension, setup


def _extensions() -> list[Extension]:
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


setup(ext_modules=_extensions())
