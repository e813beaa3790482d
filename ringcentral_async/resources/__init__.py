"""API-area namespaces of the client (``rc.extensions``, ``rc.call_log`` ...).

Importing this package registers every typed operation in ``OPERATIONS``.
"""

from __future__ import annotations

from .account import AccountResource
from .call_log import CallLogResource
from .extensions import ExtensionsResource

__all__ = ["AccountResource", "CallLogResource", "ExtensionsResource"]
