"""A wheel built from a checkout ships the rules, workflows, sample HR exports and sample talent
plan the demo needs.

`src/succession_flow/data/*` are symlinks to the top-level folders; a non-editable install
(`pip install .`, the README's quick start) must still get real files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.sqlite"
)


@pytest.mark.slow
def test_the_wheel_ships_every_shipped_file(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, symlinks=True, ignore=IGNORED)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), "."],
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("succession_flow-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"succession_flow/data/{folder}/{path.relative_to(ROOT / folder)}"
        for folder in ("rules", "workflows", "samples", "plans")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
    }
    assert expected
    assert expected <= names, sorted(expected - names)
    assert "succession_flow/data/plans/talent-plan.yaml" in names
