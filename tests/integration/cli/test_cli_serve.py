"""`serve` checks its store before it listens: a missing store exits 3 and nothing listens;
an existing one is served with notes when nobody can sign in or no role is granted. uvicorn's
`run` (which would listen until Ctrl-C) is the one part replaced: it records the app."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.e2e.cli_helpers import run


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: calls.append({"app": app, **options})
    )
    return calls


def test_a_missing_store_is_refused_before_anything_listens(
    store_url: str, served: list[dict[str, Any]]
) -> None:
    result = run(store_url, "serve")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("error: no store at ")
    assert served == []


def test_a_store_nobody_can_sign_in_to_is_served_with_notes_saying_so(
    store_url: str, served: list[dict[str, Any]]
) -> None:
    assert run(store_url, "init").exit_code == 0
    result = run("sqlite:///elsewhere.sqlite", "serve", "--store", store_url, "--port", "8123")
    assert result.exit_code == 0, result.stderr
    notes, serving = result.stderr.splitlines()[:2], result.stderr.splitlines()[-1]
    assert notes == [
        "note: no console users: nobody can sign in (add one with `user add`)",
        "note: no role granted: every signed-in user may do everything (`role grant`)",
    ]
    assert serving.startswith("serving ") and serving.endswith(
        " at http://127.0.0.1:8123/ (Ctrl-C stops)"
    )
    [call] = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert isinstance(call["app"], FastAPI)
    assert call["app"].state.config.store_url == store_url
