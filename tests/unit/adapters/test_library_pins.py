"""The sealed recorders override or re-implement private eventsourcing code; pin that code.

A patch release of the library may change a private method without notice. The recorders
would then still run, but could insert outside the seal, lose the error translation or the
table lock. So the source of every library method they depend on is pinned here by hash: when
one changes, this test names it, and the override must be re-read against the new code (and
the library's own suites in tests/integration/test_recorder_conformance.py re-run) before the
pin is updated.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

import pytest
from eventsourcing import persistence, postgres, sqlite

PINS: list[tuple[Any, str, str]] = [
    (sqlite.SQLiteAggregateRecorder.insert_events, "32f60619a2ca6e6a",
     "SealedSQLiteRecorder.insert_events re-implements it with BEGIN IMMEDIATE"),
    (sqlite.SQLiteApplicationRecorder._insert_events, "413cdf219c7bae63",
     "SealedSQLiteRecorder._insert_events seals, then calls it"),
    (sqlite.SQLiteApplicationRecorder.select_notifications, "7769734dcf32b811",
     "Sealing.select_notifications and log_rows answer as it does, from their own query"),
    (postgres.PostgresApplicationRecorder.select_notifications, "4469ac7a30c9650e",
     "Sealing.select_notifications and log_rows answer as it does, from their own query"),
    (persistence.Mapper.to_domain_event, "6ec02f2a3b6e233a",
     "AtRestMapper.in_clear does what it does, with its look-ups made once per topic"),
    (persistence.Mapper.to_stored_event, "ff9e72e538d73a3a",
     "AtRestMapper.to_stored_event does what it does, its look-ups made once per class"),
    (persistence.JSONTranscoder.encode, "876597a47898bfd8",
     "AtRestMapper.encoded answers as it does, from one C encoder with its encoder's settings"),
    (persistence.JSONTranscoder.__init__, "fd17b3c098d3687c",
     "AtRestMapper.decoded scans with the json.JSONDecoder (and object hook) it builds"),
    (persistence.JSONTranscoder.decode, "d500105a1637cd89",
     "AtRestMapper.decoded answers as it does for a state that is one JSON value"),
    (sqlite.SQLiteTransaction, "55ef1f016728be34",
     "_Immediate subclasses it and relies on its __exit__ to translate errors"),
    (sqlite.SQLiteRecorder.create_table, "b743852309de6731",
     "SealedSQLiteRecorder.create_table opens an existing store without writing"),
    (postgres.PostgresApplicationRecorder.insert_events, "f1a98da0239e3ea7",
     "SealedPostgresRecorder.insert_events replaces it: one bounded transaction, sealed"),
    (postgres.PostgresApplicationRecorder._lock_table, "42bc9c135b4a93c1",
     "the preamble runs its lock_table_statements; the log's head is read under that lock"),
    (postgres.PostgresApplicationRecorder._notify_channel, "9e5bab72ecfbcf2e",
     "the preamble sends the same NOTIFY"),
    (postgres.PostgresAggregateRecorder.__init__, "78adbde8e22843ca",
     "it builds the table, the stored-event type and the lock statements the recorder uses"),
    (postgres.PostgresApplicationRecorder.__init__, "db36fb3de49a5292",
     "it adds RETURNING notification_id and names the channel and the lock statements"),
    (postgres.PostgresDatastore.get_connection, "8837a84cf3a8492e",
     "its except clauses translate every psycopg error of a sealed write"),
    (postgres.PostgresRecorder.create_table, "112d77b968e2da3c",
     "SealedPostgresRecorder.create_table opens an existing store without writing"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "pinned", "why"), PINS, ids=[code.__qualname__ for code, _, _ in PINS]
)
def test_the_library_code_the_sealed_recorders_override_is_the_code_they_were_written_against(
    code: Any, pinned: str, why: str
) -> None:
    found = hashlib.sha256(inspect.getsource(code).encode()).hexdigest()[:16]
    assert found == pinned, f"eventsourcing changed {code.__qualname__} ({why}): re-read it"
