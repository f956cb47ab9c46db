"""The harness itself: a test on `store_url` runs once per backend, a `backends` mark narrows
it, and with CI=true an unreachable PostgreSQL fails the run instead of skipping."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CONFTEST = """
from tests.conftest import *  # noqa: F403
from tests.conftest import pytest_generate_tests  # noqa: F401


def pytest_configure(config):
    for mark in ("postgres", "backends(*names)"):
        config.addinivalue_line("markers", mark)
"""
PROBE = """
import pytest

def test_any_store(store_url):
    assert store_url.startswith(("sqlite:///", "postgresql://"))

@pytest.mark.backends("sqlite")
def test_sqlite_only(store_url):
    assert store_url.startswith("sqlite:///")
"""


def run_probe(tmp_path: Path, ci: str, server: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {
        **os.environ,
        "CI": ci,
        "SUCCESSION_FLOW_TEST_PG": server,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:cov",
         "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


UNREACHABLE = "postgresql://postgres@127.0.0.1:1/nowhere"


def test_collection_gives_each_test_one_run_per_backend_unless_marked(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-p", "no:cov", "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    ids = sorted(line.split("::")[1] for line in listed.stdout.splitlines() if "::" in line)
    assert ids == ["test_any_store[postgres]", "test_any_store[sqlite]", "test_sqlite_only[sqlite]"]


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", "2 passed, 1 error"), ("false", "2 passed, 1 skipped")],
    ids=["ci-fails", "elsewhere-skips"],
)
def test_an_unreachable_postgres_fails_in_ci_and_skips_elsewhere(
    tmp_path: Path, ci: str, outcome: str
) -> None:
    result = run_probe(tmp_path, ci, UNREACHABLE)
    assert outcome in result.stdout.splitlines()[-1], result.stdout
    assert ("PostgreSQL is required in CI" in result.stdout) is (ci == "true")
