"""Password hashes (argon2id, `argon2-cffi`) and token digests: the only module that hashes.

A password is chosen by a person, so it is hashed slowly with a salt (argon2id, the library's
defaults). A token is 256 random bits, which no one can guess, so a fast SHA-256 digest is
enough and every API request can afford to check it.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()


@cache
def unknown_user_hash() -> str:
    """Checked when the name is unknown, so a wrong name costs as long as a wrong password.
    Made on first use: hashing is slow by design, and listing users should not pay for it."""
    return HASHER.hash("a password no user has")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def digest_matches(digest: str, token: str) -> bool:
    return hmac.compare_digest(digest, token_digest(token))
