"""Authentication: the single-flight authenticator, OAuth grants, tokens and token stores (layer 3).

- ``authenticator``: ``Authenticator`` (login, refresh at most once at a time, leases, logout);
- ``flight``: ``SingleFlight`` (at most one token request in flight; callers join it);
- ``leases``: ``Leases`` (requests in flight with the token; a refresh waits for them);
- ``grants``: the OAuth forms and rules (client authentication, what keeps a refresh token);
- ``token``: ``Token`` and the ``TokenStore`` protocol with the memory and file stores.
"""

from __future__ import annotations

from .authenticator import Authenticator, SendTokenRequest, TokenRetry
from .token import (
    FileTokenStore,
    LockingTokenStore,
    MemoryTokenStore,
    Token,
    TokenStore,
    TokenStoreConflict,
    utcnow,
)

__all__ = [
    "Authenticator",
    "FileTokenStore",
    "LockingTokenStore",
    "MemoryTokenStore",
    "SendTokenRequest",
    "Token",
    "TokenRetry",
    "TokenStore",
    "TokenStoreConflict",
    "utcnow",
]
