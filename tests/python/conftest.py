"""Shared pytest fixtures of the Python module's tests (run by CTest, see tests/python/CMakeLists.txt).

The environment comes from CTest: PYTHONPATH=<build>/python, IONGLASS_TEST_DATA=<repo>/tests/data,
IONGLASS_BINARY_DIR=<build>, IONGLASS_SOURCE_DIR=<repo>. Tests never read ../shared.
"""
import os
from pathlib import Path

import pytest


def _environment_path(name: str) -> Path:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the Python tests through ctest (see README.md)")
    return Path(value)


@pytest.fixture(scope="session")
def test_data() -> Path:
    """The repository's tests/data folder."""
    return _environment_path("IONGLASS_TEST_DATA")


@pytest.fixture(scope="session")
def source_dir() -> Path:
    """The repository root (for bundled potentials/)."""
    return _environment_path("IONGLASS_SOURCE_DIR")


@pytest.fixture(scope="session")
def cli() -> Path:
    """The built ionglass command-line program."""
    binary = _environment_path("IONGLASS_BINARY_DIR") / "bin" / "ionglass"
    if not binary.exists():
        pytest.fail(f"{binary} does not exist: build the target ionglass_cli")
    return binary
