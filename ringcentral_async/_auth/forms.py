"""The app's OAuth form requests: client authentication and their secrets (layer 3).

Every token, revoke or other OAuth form request of a client goes through one
:class:`FormSender`: it adds the client's authentication (a Basic header for a confidential
app, ``client_id`` in the form otherwise), keeps the secrets of the requests in flight so that
their own log lines never show them, and redacts every known secret from an error answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._errors import ApiError
from .grants import SendTokenRequest, TokenRetry, client_auth, secret_values

__all__ = ["FormSender"]


class FormSender:
    """Sends a client's OAuth forms through the injected ``send_token_request``."""

    def __init__(self, client_id: str, client_secret: str | None, send: SendTokenRequest) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._send = send
        self._sending: list[str] = []  # secrets of the requests in flight

    def __repr__(self) -> str:
        return f"FormSender(client_id={self._client_id!r})"

    def client_secrets(self) -> list[str]:
        """The client secret and its Basic credentials."""
        found = secret_values({}, client_auth(self._client_id, self._client_secret, {}), None)
        return [s for s in (*found, self._client_secret) if s]

    def in_flight(self) -> list[str]:
        """The secrets of the requests in flight (form values, credentials)."""
        return list(self._sending)

    async def post(
        self,
        path: str,
        form: dict[str, str],
        retry: TokenRetry,
        known_secrets: Callable[[], list[str]],
    ) -> Any:
        """POST ``form`` with the client's authentication; an ApiError has every secret that
        ``known_secrets()`` names redacted (OAuth error bodies may echo the input)."""
        headers = client_auth(self._client_id, self._client_secret, form)
        sending = secret_values(form, headers, self._client_secret)
        self._sending += sending
        try:
            return await self._send(path, form, headers, retry)
        except ApiError as exc:
            exc._redact(known_secrets())
            raise
        finally:
            for secret in sending:
                self._sending.remove(secret)
