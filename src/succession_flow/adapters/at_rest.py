"""How event state is read back when encryption at rest may be on, off, or switched on later.

With a secret, new events are encrypted by eventsourcing's AESCipher (CIPHER_TOPIC/CIPHER_KEY);
events stored in clear before the secret was configured still read. Without the secret, an
encrypted event is refused with a one-line error saying what to configure, not a traceback, and
so is an event encrypted with another secret. Every read decodes through this mapper, so this is
the one place a missing or wrong secret becomes `PermissionDenied`.
"""

from __future__ import annotations

import json.encoder as json_encoder
from collections.abc import Callable, Hashable
from json import JSONDecoder, JSONEncoder
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from succession_flow.domain.errors import PermissionDenied

NEEDS_SECRET = "events are encrypted: set $SUCCESSION_FLOW_SECRET or --secret-file to read them"
WRONG_SECRET = (
    "events cannot be decrypted with the configured secret: check $SUCCESSION_FLOW_SECRET or "
    "--secret-file (if the secret is right, run `audit verify`: a record may have been changed)"
)
Kind = tuple[type[Any], Callable[[Any], Any], int]
"""An event class, how its stored originator id becomes the event's, and its class version."""


class AtRestMapper(Mapper[UUID]):
    _clear: Mapper[UUID] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kinds: dict[tuple[str, type[Any]], Kind] = {}
        decoder = getattr(self.transcoder, "decoder", None)
        self._scan: Callable[[str, int], tuple[Any, int]] | None = (
            getattr(decoder, "scan_once", None)
            if isinstance(self.transcoder, JSONTranscoder) and isinstance(decoder, JSONDecoder)
            else None
        )
        self._encode = one_shot_encoder(self.transcoder)

    def clear(self) -> Mapper[UUID]:
        if self._clear is None:
            self._clear = Mapper(self.transcoder, self.compressor)
        return self._clear

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """`Mapper.to_stored_event`, the state encoded by `encoded`: every event and snapshot
        saved goes through here. The library's method is pinned
        (tests/unit/adapters/test_library_pins.py)."""
        cls = type(domain_event)
        topic, class_version = get_topic(cls), getattr(cls, "class_version", 1)
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        if class_version > 1:
            state["class_version"] = class_version
        data = self.encoded(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(originator_id, originator_version, topic, data)

    def encoded(self, state: Any) -> bytes:
        """What the transcoder's `encode` returns, from one C encoder built once with its
        encoder's settings, where `JSONEncoder.encode` builds one for every event (3.8 against
        6.1 us for a rating's state: bench/README "The write path's fixed costs"). The one
        difference is unreachable here: a state that contains itself exhausts the recursion
        limit instead of raising "Circular reference" (every state is made of plain values and
        decoded JSON)."""
        if self._encode is None:
            return self.transcoder.encode(state)
        return "".join(self._encode(state, 0)).encode("utf8")

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._read(stored_event, self.in_clear, super().to_domain_event)

    def check_readable(self, stored_event: StoredEvent) -> None:
        """Refuse (PermissionDenied) a stored event this mapper's secret cannot read, as
        `to_domain_event` would, without making the event: its aggregate's module is not
        imported (`list` and `status` load no aggregate they do not read)."""
        self._read(stored_event, self._state_in_clear, self._state_under_secret)

    def _read(
        self,
        stored_event: StoredEvent,
        in_clear: Callable[[StoredEvent], Any],
        under_secret: Callable[[StoredEvent], Any],
    ) -> Any:
        """The one decision of how a stored state is read: in clear (a JSON object) or through
        the cipher, and which refusal a secret that does not fit it gets."""
        state = stored_event.state
        if self.cipher is None:
            if state[:1] != b"{":  # bytes or memoryview alike
                raise PermissionDenied(NEEDS_SECRET)
            try:
                return in_clear(stored_event)
            except ValueError:
                raise PermissionDenied(NEEDS_SECRET) from None
        if state[:1] == b"{":
            try:
                return in_clear(stored_event)
            except ValueError:
                pass  # ciphertext that happens to begin with "{"
        try:
            return under_secret(stored_event)
        except ValueError:  # the MAC check failed: another secret, or a changed ciphertext
            raise PermissionDenied(WRONG_SECRET) from None

    def _state_in_clear(self, stored_event: StoredEvent) -> Any:
        return self._plain_state(bytes(stored_event.state))

    def _state_under_secret(self, stored_event: StoredEvent) -> Any:
        assert self.cipher is not None  # _read goes here only with a cipher
        return self._plain_state(self.cipher.decrypt(bytes(stored_event.state)))

    def _plain_state(self, data: bytes) -> Any:
        """A state after its decryption, as the library's mapper reads it: decompressed, then
        transcoded (a wrong secret or damaged bytes raise ValueError, as there)."""
        if self.compressor is not None:
            data = self.compressor.decompress(data)
        return self.transcoder.decode(data)

    def in_clear(self, stored_event: StoredEvent) -> Any:
        """`Mapper.to_domain_event` of a state stored in clear, with what the library looks up
        for every event (the class, the id's conversion, the class version) looked up once per
        topic: a replay decodes every event of the log through here. The library's method is
        pinned (tests/unit/adapters/test_library_pins.py), so a change to it is re-read here."""
        if self.compressor is not None:
            return self.clear().to_domain_event(stored_event)
        oid = stored_event.originator_id
        kind = self._kinds.get((stored_event.topic, type(oid)))
        cls, convert, class_version = kind or self._kind(stored_event)
        try:
            state: dict[str, Any] = self.decoded(stored_event.state)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', "
                f"originator_id '{oid}' and "
                f"originator_version {stored_event.originator_version}: {error}"
            ) from error
        state["originator_id"] = convert(oid)
        state["originator_version"] = stored_event.originator_version
        if "class_version" in state or class_version > 1:
            upcast(cls, state, class_version)
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event

    def decoded(self, data: bytes) -> Any:
        """What the transcoder's `decode` returns, from its own decoder's scanner (the same
        object hook) when the text is one JSON value and nothing else, as every stored state
        is: `JSONDecoder.decode` adds two whitespace scans and two Python calls an event.
        Anything else goes to the transcoder itself, for its exact answer or error."""
        scan = self._scan
        if scan is not None:
            text = data.decode("utf8")
            try:
                value, end = scan(text, 0)
            except StopIteration:
                pass
            else:
                if end == len(text):
                    return value
        return self.transcoder.decode(data)

    def _kind(self, stored_event: StoredEvent) -> Kind:
        id_type = type(stored_event.originator_id)
        cls = resolve_topic(stored_event.topic)
        convert = find_id_convertor(cls, cast(Hashable, id_type))
        kind = (cls, convert, getattr(cls, "class_version", 1))
        self._kinds[(stored_event.topic, id_type)] = kind
        return kind


def one_shot_encoder(transcoder: Any) -> Callable[[Any, int], Any] | None:
    """The C encoder the library's JSON transcoder would build for each state, built once
    (None when the transcoder is another, or the C accelerator is missing: `encoded` then asks
    the transcoder itself). Its settings are read off the transcoder's own encoder."""
    encoder = getattr(transcoder, "encoder", None)
    c_make_encoder = getattr(json_encoder, "c_make_encoder", None)
    if (
        c_make_encoder is None
        or type(transcoder) is not JSONTranscoder
        or type(encoder) is not JSONEncoder
        or encoder.indent is not None
    ):
        return None
    return cast(
        Callable[[Any, int], Any],
        c_make_encoder(
            None,  # no circular check: see `encoded`
            encoder.default,
            json_encoder.encode_basestring_ascii
            if encoder.ensure_ascii
            else json_encoder.encode_basestring,
            None,
            encoder.key_separator,
            encoder.item_separator,
            encoder.sort_keys,
            encoder.skipkeys,
            encoder.allow_nan,
        ),
    )


def upcast(cls: type[Any], state: dict[str, Any], class_version: int) -> None:
    """The library's upcasting of an older event's state, step by step to the class's version."""
    from_version = state.pop("class_version", 1)
    while from_version < class_version:
        getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
        from_version += 1
