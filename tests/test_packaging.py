"""Issue 14, item 1: an installed lawgraph answers from any directory.

A wheel is built from this checkout (without the optional C reader, to keep it quick,
and without build isolation, so nothing is downloaded), installed into a fresh virtual
environment, and asked the README's scenario from a directory outside the checkout that
holds a decoy ``./data`` folder. Its answer must be the checkout's answer, and the decoy
must not be read. The new environment borrows the test environment's dependencies
through a path file, so no package index is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from lawgraph.settings import DATA_ENV, LEGISLATION_ENV
from tests.conftest import require_corpus

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenario-school-to-csc.yaml"


def _run(args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300, check=False, **kwargs
    )  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh environment with the built wheel installed."""
    work = tmp_path_factory.mktemp("packaging")
    env = {**os.environ, "LAWGRAPH_BUILD_PURE": "1"}
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            work / "dist",
            ROOT,
        ],
        env=env,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("lawgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "lawgraph/data/holders.yaml" in names
    assert any(n.startswith("lawgraph/data/gateways/") for n in names)

    target = work / "venv"
    venv.create(target, with_pip=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(target), "platbase": str(target)}))
    # borrow this environment's dependencies (lxml, pydantic, ...) without an index
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = _run(
        [target / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel]
    )
    assert pip.returncode == 0, pip.stderr
    return target / "bin"


def _elsewhere(tmp_path: Path) -> Path:
    """A working directory outside the checkout, with a decoy ``./data`` that is broken."""
    cwd = tmp_path / "elsewhere"
    (cwd / "data" / "gateways").mkdir(parents=True)
    (cwd / "data" / "holders.yaml").write_text("this: [is not, the real data\n")
    return cwd


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGRAPH_")}
    env[LEGISLATION_ENV] = str(require_corpus())  # the same statute quotes on both sides
    return env


def test_the_installed_package_is_the_wheel(installed: Path, tmp_path: Path) -> None:
    code = "import lawgraph, lawgraph.settings as s; print(lawgraph.__file__); print(s.data_dir())"
    done = _run([installed / "python", "-c", code], cwd=_elsewhere(tmp_path), env=_clean_env())
    assert done.returncode == 0, done.stderr
    module, data = done.stdout.split()
    assert str(installed.parent) in module
    assert Path(data) == Path(module).parent / "data"


def test_the_wheel_prints_its_version(installed: Path) -> None:
    done = _run([installed / "lawgraph", "--version"], env=_clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "lawgraph 0.1.0"


def test_the_wheel_answers_as_the_checkout_does_from_another_directory(
    installed: Path, tmp_path: Path
) -> None:
    args = ["ask", "--file", SCENARIO, "--json"]
    wheel = _run([installed / "lawgraph", *args], cwd=_elsewhere(tmp_path), env=_clean_env())
    assert wheel.returncode == 0, wheel.stderr
    checkout = _run(
        [sys.executable, "-c", "from lawgraph.cli import main; main()", *args],
        cwd=ROOT,
        env={**_clean_env(), DATA_ENV: str(ROOT / "data")},
    )
    assert checkout.returncode == 0, checkout.stderr
    answer = json.loads(wheel.stdout)
    assert answer == json.loads(checkout.stdout)
    assert answer["steps"], "an answer with no cited steps"


def test_lawgraph_data_overrides_the_shipped_copy(installed: Path, tmp_path: Path) -> None:
    cwd = _elsewhere(tmp_path)
    done = _run(
        [installed / "lawgraph", "ask", "--file", SCENARIO],
        cwd=cwd,
        env={**_clean_env(), DATA_ENV: str(cwd / "data")},
    )
    assert done.returncode == 2
    assert "holders.yaml" in done.stderr
