"""Store URLs: which file or server each one opens, and the one-line refusal of a bad one."""

from __future__ import annotations

import pytest

from succession_flow.adapters.store_url import parse_store_url, resolve_store_url
from succession_flow.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("url", "dbname", "where"),
    [
        ("sqlite:///store.sqlite", "store.sqlite", "SQLite file store.sqlite"),
        ("sqlite:///data/store.sqlite", "data/store.sqlite", "SQLite file data/store.sqlite"),
        ("sqlite:////tmp/store.sqlite", "/tmp/store.sqlite", "SQLite file /tmp/store.sqlite"),
        ("sqlite:///my%20store.sqlite", "my store.sqlite", "SQLite file my store.sqlite"),
        (
            "sqlite:////tmp/store.sqlite?mode=ro",
            "file:/tmp/store.sqlite?mode=ro",
            "SQLite file /tmp/store.sqlite (read-only)",
        ),
        (
            "sqlite:///my%20store.sqlite?mode=ro",
            "file:my%20store.sqlite?mode=ro",
            "SQLite file my store.sqlite (read-only)",
        ),
    ],
)
def test_a_sqlite_url_names_the_file_it_opens(url: str, dbname: str, where: str) -> None:
    config = parse_store_url(url)
    assert (config.env["SQLITE_DBNAME"], config.describe()) == (dbname, where)


@pytest.mark.parametrize(
    ("url", "settings", "where"),
    [
        (
            "postgresql://hr:s%40cret@db.example:5433/succession?schema=hr",
            ("db.example", "5433", "hr", "s@cret", "succession", "hr"),
            "PostgreSQL hr@db.example:5433/succession (schema hr)",
        ),
        (
            "postgres://hr@db/succession",
            ("db", "5432", "hr", "", "succession", ""),
            "PostgreSQL hr@db:5432/succession (schema public)",
        ),
    ],
)
def test_a_postgresql_url_gives_the_connection_settings_and_hides_the_password(
    url: str, settings: tuple[str, ...], where: str
) -> None:
    config = parse_store_url(url)
    keys = ("HOST", "PORT", "USER", "PASSWORD", "DBNAME", "SCHEMA")
    assert tuple(config.env[f"POSTGRES_{k}"] for k in keys) == settings
    assert config.describe() == where


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x/y", "use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"),
        ("sqlite:///", "no file name after sqlite:///"),
        (
            "sqlite://data/store.sqlite",
            "a SQLite path starts after three slashes: sqlite:///relative/path or "
            "sqlite:////absolute/path",
        ),
        ("sqlite:///s.sqlite?mode=rw", "the only SQLite option is ?mode=ro (read-only)"),
        ("sqlite:///s.sqlite?mode=", "the only SQLite option is ?mode=ro (read-only)"),
        ("sqlite:///s.sqlite?mode", "the only SQLite option is ?mode=ro (read-only)"),
        ("sqlite:///s.sqlite?cache=shared", "the only SQLite option is ?mode=ro (read-only)"),
        ("postgresql://hr@db:5432/", "no database name"),
        ("postgresql://hr@db:port/succession", "the port must be a number"),
    ],
)
def test_a_malformed_store_url_is_refused_naming_it(url: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_store_url(url)
    assert str(refused.value) == f"--store {url!r}: {message}"


@pytest.mark.parametrize(
    ("option", "variable", "chosen"),
    [
        ("sqlite:///a.sqlite", "sqlite:///b.sqlite", "sqlite:///a.sqlite"),
        (None, "sqlite:///b.sqlite", "sqlite:///b.sqlite"),
        (None, None, "sqlite:///succession-flow.sqlite"),
    ],
)
def test_the_option_beats_the_variable_which_beats_the_file_here(
    monkeypatch: pytest.MonkeyPatch, option: str | None, variable: str | None, chosen: str
) -> None:
    if variable is None:
        monkeypatch.delenv("SUCCESSION_FLOW_STORE", raising=False)
    else:
        monkeypatch.setenv("SUCCESSION_FLOW_STORE", variable)
    assert resolve_store_url(option) == chosen
