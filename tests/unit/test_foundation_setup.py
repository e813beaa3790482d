"""The package set-up: pyproject (dependencies, extras, pytest settings), py.typed, the
README quick start (two lines) and the CI entry point that runs its second line."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import ringcentral_async

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _requirements(items: list[str]) -> dict[str, Requirement]:
    return {Requirement(r).name: Requirement(r) for r in items}


def test_build_backend_is_hatchling_and_ships_py_typed() -> None:
    assert PYPROJECT["build-system"]["build-backend"] == "hatchling.build"
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["ringcentral_async"]
    assert (Path(ringcentral_async.__file__).parent / "py.typed").is_file()


def test_runtime_dependencies() -> None:
    deps = _requirements(PYPROJECT["project"]["dependencies"])
    assert set(deps) == {"aiohttp", "attrs", "cattrs", "orjson", "python-backoff"}
    orjson = deps["orjson"]  # CPython only: json.loads is the fallback elsewhere
    assert orjson.marker is not None
    assert orjson.marker.evaluate({"platform_python_implementation": "CPython"})
    assert not orjson.marker.evaluate({"platform_python_implementation": "PyPy"})
    aiohttp = deps["aiohttp"].specifier
    assert Version("3.14.0") in aiohttp  # never pinned below the 3.14 security release
    assert Version("3.13.9") not in aiohttp
    assert Version("3.99") in aiohttp  # and not capped
    assert "backoff" not in deps  # the original distribution is archived


def test_backoff_is_imported_from_python_backoff() -> None:
    assert "python-backoff" in metadata.packages_distributions()["backoff"]


def test_test_extra() -> None:
    extra = _requirements(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert {"pytest", "pytest-asyncio", "aioresponses"} <= set(extra)


def test_pytest_settings() -> None:
    ini = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert ini["asyncio_mode"] == "auto"
    assert ini["asyncio_default_fixture_loop_scope"] in ("function", "module", "session")
    assert ini["filterwarnings"][0] == "error"


def test_console_script() -> None:
    assert PYPROJECT["project"]["scripts"]["ringcentral-async"] == "ringcentral_async.cli:main"


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1]
    match = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert match, "no fenced block in the Quick start section"
    return match.group(1).splitlines()


def test_readme_quick_start_is_two_lines() -> None:
    line1, line2 = _quick_start()
    assert "pip install" in line1 and line1.endswith("ringcentral-async demo")
    assert 'pip install -q ".[test]"' in line2 and line2.endswith("-m pytest -q")
    for line in (line1, line2):
        assert line.startswith("python3 -m venv .venv && ")  # only Python and pip needed
        assert "-e " not in line  # plain installs: no editable-install requirements on pip


def test_ci_runs_the_readme_second_line() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "sed -n 2p" in ci and 'bash -c "$line2"' in ci
    assert "mypy --strict" in ci and "ruff check" in ci


@pytest.mark.parametrize("name", sorted(ringcentral_async.__all__))
def test_public_names_resolve(name: str) -> None:
    assert getattr(ringcentral_async, name) is not None


def test_dunder_all_is_sorted_and_public() -> None:
    names = ringcentral_async.__all__
    assert names == sorted(names)
    assert all(not n.startswith("_") or n == "__version__" for n in names)
