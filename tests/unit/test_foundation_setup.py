"""The package set-up as it behaves: py.typed ships, ``backoff`` comes from python-backoff,
warnings fail tests, the public names resolve. (The console script is run by tests/cli;
the README's test line is what .ci/run runs.)"""

from __future__ import annotations

import warnings
from importlib import metadata
from pathlib import Path

import pytest

import ringcentral_async


def test_ships_py_typed() -> None:
    assert (Path(ringcentral_async.__file__).parent / "py.typed").is_file()


def test_backoff_is_imported_from_python_backoff() -> None:
    assert "python-backoff" in metadata.packages_distributions()["backoff"]


def test_a_warning_fails_the_test() -> None:
    """``filterwarnings = error``: a leaked session or a deprecation is a failure."""
    with pytest.raises(UserWarning, match="leak"):
        warnings.warn("leak", UserWarning, stacklevel=1)


@pytest.mark.parametrize("name", sorted(ringcentral_async.__all__))
def test_public_names_resolve(name: str) -> None:
    assert getattr(ringcentral_async, name) is not None


def test_dunder_all_is_sorted_and_public() -> None:
    names = ringcentral_async.__all__
    assert names == sorted(names)
    assert all(not n.startswith("_") or n == "__version__" for n in names)
