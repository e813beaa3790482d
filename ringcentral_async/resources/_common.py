"""Shared pieces of the settings and calls namespaces: path prefixes, closed query enums."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._errors import ConfigurationError
from .params import (  # re-exported: the closed enums live in the public params module
    AnsweringRuleView,
    ConferenceTypeFilter,
    GrantExtensionType,
    RecordingGreetingTypeFilter,
    RuleTypeFilter,
)

__all__ = [
    "ACCOUNT",
    "EXTENSION",
    "AnsweringRuleView",
    "ConferenceTypeFilter",
    "GrantExtensionType",
    "RecordingGreetingTypeFilter",
    "RuleTypeFilter",
    "account_path",
    "extension_path",
    "require_fields",
]

ACCOUNT = "/restapi/v1.0/account/{accountId}"
EXTENSION = ACCOUNT + "/extension/{extensionId}"


def account_path(account_id: str | int) -> dict[str, str | int]:
    """Path parameters of an account-level operation."""
    return {"accountId": account_id}


def extension_path(account_id: str | int, extension_id: str | int) -> dict[str, str | int]:
    """Path parameters of an extension-level operation."""
    return {"accountId": account_id, "extensionId": extension_id}


def require_fields(name: str, body: Any, fields: Mapping[str, str]) -> None:
    """Raise before sending when a body lacks a required field.

    ``fields`` maps the attribute name of the model to its wire name (for plain dicts).
    """
    if isinstance(body, Mapping):
        missing = [wire for wire in fields.values() if body.get(wire) is None]
    elif attrs.has(type(body)):
        missing = [wire for attr, wire in fields.items() if getattr(body, attr, None) is None]
    else:
        raise ConfigurationError(f"{name}: the body must be a model instance or a plain dict")
    if missing:
        raise ConfigurationError(f"{name}: the body needs {', '.join(missing)}")
