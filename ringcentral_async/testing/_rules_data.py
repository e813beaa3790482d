"""Answering rules of the fake: which fields a rule has, its list views, body checks."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from ._http import invalid

if TYPE_CHECKING:
    from ._settings_data import Settings

__all__ = ["RULE_TYPES", "rule_fields", "rule_view", "validate_rule"]

RULE_TYPES = frozenset({"BusinessHours", "AfterHours", "Custom"})
_USER_ACTIONS = frozenset(
    {"ForwardCalls", "UnconditionalForwarding", "AgentQueue", "TransferToExtension"}
    | {"TakeMessagesOnly", "PlayAnnouncementOnly", "SharedLines"}
)
_COMPANY_ACTIONS = frozenset({"Operator", "Disconnect", "Bypass"})
#: What a rule body may set (the spec's request schemas); other keys are ignored, as the
#: platform does (``showInactiveNumbers`` of an update is a flag, not a field of the rule).
_COMPANY_FIELDS = frozenset({"type", "name", "enabled", "callers", "calledNumbers", "schedule"})
_COMPANY_FIELDS |= {"callHandlingAction", "extension", "greetings"}
_USER_FIELDS = (_COMPANY_FIELDS - {"extension"}) | {"forwarding", "unconditionalForwarding"}
_USER_FIELDS |= {"queue", "transfer", "voicemail", "missedCall", "screening"}
_SIMPLE = ("id", "uri", "type", "name", "enabled")
_SUMMARY = (*_SIMPLE, "calledNumbers", "extension")


def rule_fields(body: dict[str, Any], *, company: bool) -> dict[str, Any]:
    """A copy of the fields of a rule body that a rule has (the others are ignored)."""
    fields = _COMPANY_FIELDS if company else _USER_FIELDS
    return {k: copy.deepcopy(v) for k, v in body.items() if k in fields}


def rule_view(rule: dict[str, Any], view: str) -> dict[str, Any]:
    """A rule as listed: Simple (a few fields), Summary (company list) or Detailed."""
    if view == "Detailed":
        return rule
    keys = _SUMMARY if view == "Summary" else _SIMPLE
    return {k: rule[k] for k in keys if k in rule}


def validate_rule(
    store: Settings, body: dict[str, Any], *, company: bool, current: dict[str, Any] | None
) -> None:
    """400 CMN-101 naming the first invalid field of a rule body."""
    kind = body.get("type", "Custom" if current is None else current["type"])
    if kind not in RULE_TYPES or (current is None and kind != "Custom"):
        invalid("type")
    if current is not None and kind != current["type"]:
        invalid("type")
    name = body.get("name", None if current is None else current.get("name"))
    if not isinstance(name, str) or not 0 < len(name) <= 64:
        invalid("name")
    if "enabled" in body and not isinstance(body["enabled"], bool):
        invalid("enabled")
    action = body.get("callHandlingAction")
    if action is not None and action not in (_COMPANY_ACTIONS if company else _USER_ACTIONS):
        invalid("callHandlingAction")
    for key in ("callers", "calledNumbers", "greetings"):
        if key in body and not (
            isinstance(body[key], list) and all(isinstance(i, dict) for i in body[key])
        ):
            invalid(key)
    if "schedule" in body and not isinstance(body["schedule"], dict):
        invalid("schedule")
    extension = body.get("extension")
    if company and extension is not None:
        ext_id = str(extension.get("id", "")) if isinstance(extension, dict) else ""
        if not ext_id.isdigit() or int(ext_id) not in store.directory.extensions:
            invalid("extension")
