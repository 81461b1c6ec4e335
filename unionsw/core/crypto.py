"""Field encryption at rest (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

The master key comes from settings.FIELD_ENCRYPTION_KEY; separate sub-keys for encryption and
for the blind index are derived with HKDF so that the index reveals nothing about the ciphertext key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_VERSION = "v1"


@lru_cache(maxsize=4)
def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def _keys() -> tuple[bytes, bytes]:
    master = settings.FIELD_ENCRYPTION_KEY
    return _derive(master, b"unionsw-field-encryption"), _derive(master, b"unionsw-blind-index")


def encrypt(plain: str) -> str:
    if plain == "":
        return ""
    enc_key, _ = _keys()
    nonce = os.urandom(12)
    sealed = AESGCM(enc_key).encrypt(nonce, plain.encode(), None)
    return f"{_VERSION}:" + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    version, _, payload = token.partition(":")
    if version != _VERSION:
        raise ValueError("unknown ciphertext version")
    raw = base64.b64decode(payload)
    enc_key, _ = _keys()
    return AESGCM(enc_key).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """Deterministic keyed digest for exact lookup and uniqueness of an encrypted value."""
    if not value:
        return ""
    _, idx_key = _keys()
    return hmac.new(idx_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
