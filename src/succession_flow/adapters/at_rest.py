"""How event state is read back when encryption at rest may be on, off, or switched on later.

With a secret, new events are encrypted by eventsourcing's AESCipher (CIPHER_TOPIC/CIPHER_KEY);
events stored in clear before the secret was configured still read. Without the secret, an
encrypted event is refused with a one-line error saying what to configure, not a traceback, and
so is an event encrypted with another secret. Every read decodes through this mapper, so this is
the one place a missing or wrong secret becomes `PermissionDenied`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from succession_flow.domain.errors import PermissionDenied

NEEDS_SECRET = "events are encrypted: set $SUCCESSION_FLOW_SECRET or --secret-file to read them"
WRONG_SECRET = (
    "events cannot be decrypted with the configured secret: check $SUCCESSION_FLOW_SECRET or "
    "--secret-file (if the secret is right, run `audit verify`: a record may have been changed)"
)


class AtRestMapper(Mapper[UUID]):
    _clear: Mapper[UUID] | None = None

    def clear(self) -> Mapper[UUID]:
        if self._clear is None:
            self._clear = Mapper(self.transcoder, self.compressor)
        return self._clear

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        in_clear = bytes(stored_event.state[:1]) == b"{"
        if self.cipher is None:
            if not in_clear:
                raise PermissionDenied(NEEDS_SECRET)
            try:
                return super().to_domain_event(stored_event)
            except ValueError:
                raise PermissionDenied(NEEDS_SECRET) from None
        if in_clear:
            try:
                return self.clear().to_domain_event(stored_event)
            except ValueError:
                pass  # ciphertext that happens to begin with "{"
        try:
            return super().to_domain_event(stored_event)
        except ValueError:  # the MAC check failed: another secret, or a changed ciphertext
            raise PermissionDenied(WRONG_SECRET) from None
