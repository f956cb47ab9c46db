"""The mapper's fast JSON paths, both ways, answer exactly as the library's transcoder and mapper,
for every state."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)
from eventsourcing.utils import Environment
from hypothesis import given
from hypothesis import strategies as st

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


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.uuids(),
    st.datetimes(timezones=st.just(UTC)),
    st.decimals(allow_nan=False, allow_infinity=False),
)
STATES = st.dictionaries(
    st.text(),
    st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    ),
    max_size=8,
)


@given(STATES)
def test_a_state_encodes_to_the_bytes_the_transcoder_gives(state: dict[str, object]) -> None:
    m = mapper()
    assert m.encoded(state) == m.transcoder.encode(state)


def test_a_value_the_transcoder_cannot_encode_is_refused_as_the_transcoder_refuses_it() -> None:
    m = mapper()
    with pytest.raises(TypeError, match="not serializable"):
        m.encoded({"x": object()})


class Rated(Aggregate):
    class Rated(Aggregate.Event):
        rating: str
        at: datetime


@pytest.mark.parametrize("wrapped", ["plain", "compressed and encrypted"])
def test_an_event_is_stored_as_the_librarys_mapper_stores_it(wrapped: str) -> None:
    transcoder = mapper().transcoder
    compressor, cipher = None, None
    if wrapped != "plain":
        compressor = ZlibCompressor()
        cipher = AESCipher(Environment(env={"CIPHER_KEY": AESCipher.create_key(16)}))
    ours = AtRestMapper(transcoder, compressor, cipher)
    theirs: Mapper[UUID] = Mapper(transcoder, compressor, cipher)
    aggregate = Rated()
    aggregate.trigger_event(Rated.Rated, rating="meets", at=datetime(2026, 1, 2, tzinfo=UTC))
    for event in aggregate.collect_events():
        mine, library = ours.to_stored_event(event), theirs.to_stored_event(event)
        assert (mine.originator_id, mine.originator_version, mine.topic) == (
            library.originator_id, library.originator_version, library.topic,
        )  # fmt: skip
        assert theirs.to_domain_event(mine) == theirs.to_domain_event(library) == event
        if wrapped == "plain":
            assert mine.state == library.state


def test_another_transcoder_encodes_through_itself() -> None:
    class Other(JSONTranscoder):
        def encode(self, obj: object) -> bytes:
            return b"other"

    assert AtRestMapper(Other()).encoded({"a": 1}) == b"other"
