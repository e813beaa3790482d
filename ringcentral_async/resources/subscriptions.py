"""rc.subscriptions: webhook subscriptions (create, list, get, update, renew, delete).

WebSocket subscriptions are made with ``rc.subscribe(...)`` (they live on their socket).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from .._config import check_url_parts
from .._errors import ConfigurationError
from .._events import check_event_filters
from ..models.subscriptions import SubscriptionInfo, SubscriptionList
from ._base import Resource, operation

__all__ = ["SubscriptionsResource"]

SUBSCRIPTIONS = "/restapi/v1.0/subscription"
ONE = SUBSCRIPTIONS + "/{subscriptionId}"

LIST = operation("listSubscriptions", "GET", SUBSCRIPTIONS, "subscriptions.list")
CREATE = operation("createSubscription", "POST", SUBSCRIPTIONS, "subscriptions.create")
READ = operation("readSubscription", "GET", ONE, "subscriptions.get")
UPDATE = operation("updateSubscription", "PUT", ONE, "subscriptions.update")
DELETE = operation("deleteSubscription", "DELETE", ONE, "subscriptions.delete")
RENEW = operation("renewSubscription", "POST", ONE + "/renew", "subscriptions.renew")

#: Webhook lifetimes the platform accepts (seconds): up to 10 years.
MAX_EXPIRES_IN = 315_360_000


def check_address(address: Any) -> str:
    """A webhook address: ``https://`` with a host (``http://`` only on loopback hosts)."""
    if not isinstance(address, str) or not address:
        raise ConfigurationError("address must be the webhook's https:// URL")
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise ConfigurationError(f"address {address!r} is not a valid URL") from None
    check_url_parts(parts, "the webhook address")
    return address


def _expires_in(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_EXPIRES_IN:
        raise ConfigurationError(f"expires_in must be 1..{MAX_EXPIRES_IN} seconds, got {value!r}")
    return value


class SubscriptionsResource(Resource):
    """Webhook subscriptions of the app and user."""

    async def create(
        self,
        event_filters: Sequence[str],
        *,
        address: str,
        verification_token: str | None = None,
        expires_in: int | None = None,
    ) -> SubscriptionInfo:
        """``POST /restapi/v1.0/subscription`` (Medium): a webhook subscription.

        The platform first POSTs a ``Validation-Token`` to ``address`` (answer it with
        :func:`ringcentral_async.webhooks.webhook_handler`); ``verification_token`` is then
        sent with every delivery. ``address`` must be ``https://`` (``http://`` only on a
        loopback host, for local development): ConfigurationError before sending otherwise.
        """
        filters = check_event_filters(event_filters)
        mode: dict[str, Any] = {"transportType": "WebHook", "address": check_address(address)}
        if verification_token is not None:
            if not isinstance(verification_token, str) or not verification_token:
                raise ConfigurationError("verification_token must be a non-empty string")
            mode["verificationToken"] = verification_token
        body: dict[str, Any] = {"eventFilters": list(filters), "deliveryMode": mode}
        lifetime = _expires_in(expires_in)
        if lifetime is not None:
            body["expiresIn"] = lifetime
        return await self._call(CREATE, {}, SubscriptionInfo, json=body)

    async def list(self) -> list[SubscriptionInfo]:
        """``GET /restapi/v1.0/subscription`` (Light): every subscription (one page)."""
        page = await self._call(LIST, {}, SubscriptionList)
        return list(page.records or [])

    async def get(self, subscription_id: str) -> SubscriptionInfo:
        """``GET /restapi/v1.0/subscription/{subscriptionId}`` (Light)."""
        return await self._call(READ, {"subscriptionId": subscription_id}, SubscriptionInfo)

    async def update(
        self,
        subscription_id: str,
        event_filters: Sequence[str],
        *,
        expires_in: int | None = None,
    ) -> SubscriptionInfo:
        """``PUT /restapi/v1.0/subscription/{subscriptionId}`` (Medium): new filters.

        Only webhook subscriptions: a WebSocket one is updated over its socket
        (``sub.update(...)``).
        """
        body: dict[str, Any] = {"eventFilters": list(check_event_filters(event_filters))}
        lifetime = _expires_in(expires_in)
        if lifetime is not None:
            body["expiresIn"] = lifetime
        return await self._call(
            UPDATE, {"subscriptionId": subscription_id}, SubscriptionInfo, json=body
        )

    async def renew(self, subscription_id: str) -> SubscriptionInfo:
        """``POST /restapi/v1.0/subscription/{subscriptionId}/renew`` (Light)."""
        return await self._call(RENEW, {"subscriptionId": subscription_id}, SubscriptionInfo)

    async def delete(self, subscription_id: str) -> None:
        """``DELETE /restapi/v1.0/subscription/{subscriptionId}`` (Medium)."""
        await self._call(DELETE, {"subscriptionId": subscription_id})
