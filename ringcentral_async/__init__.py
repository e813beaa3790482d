"""ringcentral_async: an asyncio SDK for the RingCentral REST API."""

from ._config import PRODUCTION_URL, SANDBOX_URL
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DecodeError,
    ErrorEntry,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    RingCentralError,
    ServerError,
    TransportError,
)
from ._groups import usage_plan_group
from ._version import __version__

__all__ = [
    "PRODUCTION_URL",
    "SANDBOX_URL",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "DecodeError",
    "ErrorEntry",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RingCentralError",
    "ServerError",
    "TransportError",
    "__version__",
    "usage_plan_group",
]
