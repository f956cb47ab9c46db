"""Debian's Chromium for the browser tests: a missing browser fails the run in CI, skips
elsewhere (no browser is ever downloaded)."""

from __future__ import annotations

import os
import shutil

import pytest


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    return found
