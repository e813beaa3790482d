"""Python names from spec names: snake_case attributes, PascalCase classes, enum members."""

from __future__ import annotations

import keyword
import re

# a word starts at a capital after a small letter, or after digits that follow a small letter
# (``e911Address``; but ``A2PSMS`` stays one acronym), and at the last capital of an acronym
_WORD_BOUNDARY = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[a-z][0-9])(?=[A-Z])|(?<=[a-z][0-9]{2})(?=[A-Z])"
    r"|(?<=[a-z][0-9]{3})(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
)
_NOT_IDENT = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL_PART = re.compile(r"_([a-z0-9])")
#: Attribute names the models and resources reserve for themselves.
RESERVED_ATTRIBUTES = frozenset({"extra", "self", "body", "per_page", "max_items", "prefetch"})


def snake(name: str) -> str:
    """``extensionNumber`` -> ``extension_number``, ``callerIDName`` -> ``caller_id_name``."""
    text = _WORD_BOUNDARY.sub("_", name)
    text = _NOT_IDENT.sub("_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text)
    if not text:
        text = "value"
    if text[0].isdigit():
        text = "n_" + text
    if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in {"self", "cls"}:
        text += "_"
    return text


def to_camel(name: str) -> str:
    """The converter's own rule (``ringcentral_async._serde.wire.to_camel``)."""
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name.rstrip("_"))


def pascal(name: str) -> str:
    """``call-log record`` -> ``CallLogRecord``; an identifier's own capitals are kept."""
    parts = [p for p in _NOT_IDENT.split(name) if p]
    text = "".join(p[0].upper() + p[1:] for p in parts) or "Value"
    if text[0].isdigit():
        text = "N" + text
    return text


def enum_member(value: str) -> str:
    """An UPPER_SNAKE member name for an enum value."""
    if value == "":
        return "EMPTY"
    text = snake(value).upper().rstrip("_")
    if not text or not text[0].isalpha():
        text = "V_" + text
    return text or "EMPTY"
