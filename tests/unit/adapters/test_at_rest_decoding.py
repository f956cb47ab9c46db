"""The mapper's fast JSON path answers exactly as the library's transcoder, for every state."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from succession_flow.adapters.at_rest import AtRestMapper


def mapper() -> AtRestMapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DecimalAsStr()):
        transcoder.register(transcoding)
    return AtRestMapper(transcoder)


STATE = {
    "id": uuid4(),
    "timestamp": datetime(2026, 3, 1, 10, tzinfo=UTC),
    "score": Decimal("4.5"),
    "nested": {"list": [1, "two", {"at": datetime(2025, 1, 1, tzinfo=UTC)}]},
    "text": "Ana Lima \u00e9",
}


def test_a_stored_state_decodes_to_what_the_transcoder_gives() -> None:
    m = mapper()
    data = m.transcoder.encode(STATE)
    assert m.decoded(data) == m.transcoder.decode(data) == STATE


@pytest.mark.parametrize(
    "data",
    [b'{"a": 1}  ', b'{"a": 1}\n', b'{"a": 1} {"b": 2}', b'{"a": ', b"", b"\xff{}", b"[1, 2]"],
    ids=["trailing spaces", "trailing newline", "extra data", "cut short", "empty", "not utf8",
         "a list"],
)  # fmt: skip
def test_any_other_text_gets_the_transcoders_own_answer_or_error(data: bytes) -> None:
    m = mapper()
    try:
        expected: object = m.transcoder.decode(data)
    except Exception as error:
        with pytest.raises(type(error)):
            m.decoded(data)
    else:
        assert m.decoded(data) == expected
