"""The console reads an encrypted store with the secret `serve` was given, and without it
answers 403 in one line, as every CLI reader exits 7."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.config import Config
from succession_flow.web.app import create_app
from tests.e2e.web_identity import token_headers
from tests.integration.builders import ACTOR, position_spec

SECRET = b"an HR secret nobody guesses"


def encrypted_store(store_url: str) -> None:
    services = bootstrap(store_url, secret=SECRET)
    try:
        staffing.define_position(services, position_spec("VP-SALES"), ACTOR)
    finally:
        services.close()


def test_an_encrypted_store_reads_with_the_secret_and_is_refused_403_without(
    store_url: str,
) -> None:
    encrypted_store(store_url)
    headers = token_headers(store_url, "reviewer", SECRET)
    without = TestClient(create_app(Config.resolve(store_url)), headers=headers)
    keyed = TestClient(
        create_app(replace(Config.resolve(store_url), secret=SECRET)), headers=headers
    )
    refused = without.get("/api/v1/positions/VP-SALES")
    assert refused.status_code == 403
    assert refused.json()["error"]["category"] == "permission-denied"
    assert refused.json()["error"]["message"].startswith("events are encrypted")
    assert keyed.get("/api/v1/positions/VP-SALES").json()["title"] == "Vice President Sales"
