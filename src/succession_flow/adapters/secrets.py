"""The store's secret: where it comes from, and the persistence settings it switches on.

One secret (``$SUCCESSION_FLOW_SECRET`` or ``--secret-file``) yields independent keys: one keys
the hash chains (HMAC), one encrypts event state at rest (eventsourcing's AESCipher), one signs
digests. Without a secret, events are stored in clear and chained with a public key.
"""

from __future__ import annotations

import os
from base64 import b64encode
from pathlib import Path

from succession_flow.adapters.chain import derive
from succession_flow.domain.errors import InvalidInput

SECRET_VARIABLE = "SUCCESSION_FLOW_SECRET"
MAPPER = "succession_flow.adapters.at_rest:AtRestMapper"
RECORDER_TOPICS = {
    "sqlite": "succession_flow.adapters.sealed_recorders:SealedSQLiteRecorder",
    "postgresql": "succession_flow.adapters.sealed_postgres:SealedPostgresRecorder",
}


def read_secret(secret_file: str | None = None) -> bytes | None:
    """The --secret-file's content wins over $SUCCESSION_FLOW_SECRET; None when neither is set."""
    if secret_file:
        try:
            secret = Path(secret_file).read_bytes().strip()
        except OSError as error:
            raise InvalidInput(f"--secret-file {secret_file}: {error.strerror}") from None
        if not secret:
            raise InvalidInput(f"--secret-file {secret_file}: the file is empty")
        return secret
    text = os.environ.get(SECRET_VARIABLE, "").strip()
    return text.encode() if text else None


def persistence_env(store_kind: str, secret: bytes | None) -> dict[str, str]:
    """Sealing recorders always; encryption at rest when there is a secret."""
    env = {"APPLICATION_RECORDER_TOPIC": RECORDER_TOPICS[store_kind], "MAPPER_TOPIC": MAPPER}
    if secret:
        env["CIPHER_TOPIC"] = "eventsourcing.cipher:AESCipher"
        env["CIPHER_KEY"] = b64encode(derive(secret, "cipher")).decode()
    return env
