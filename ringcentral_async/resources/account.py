"""rc.account: the account of the logged-in user."""

from __future__ import annotations

from ..models import Account
from ._base import Resource, operation

__all__ = ["AccountResource"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"

READ_ACCOUNT_INFO = operation("readAccountInfo", "GET", ACCOUNT, "account.get")


class AccountResource(Resource):
    """Account information."""

    async def get(self, *, account_id: str | int = "~") -> Account:
        """``GET /account/{accountId}`` (Light)."""
        return await self._call(READ_ACCOUNT_INFO, {"accountId": account_id}, Account)
