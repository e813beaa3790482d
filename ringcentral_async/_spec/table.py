"""The usage-plan group (and paging facts) of every platform operation (layer 1, pure).

The table is packaged data (``_spec/operations.tsv``), generated from the platform's OpenAPI
spec by ``scripts/gen_operations.py``; nothing here reads the network or the repo.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

__all__ = [
    "FALLBACK_GROUP",
    "GROUPS",
    "SpecOperation",
    "find_operation",
    "route",
    "spec_operations",
    "usage_plan_group",
]

#: The usage-plan groups the platform documents (NoThrottling is never limited).
GROUPS = ("Light", "Medium", "Heavy", "Auth")
NO_THROTTLING = "NoThrottling"


@dataclass(frozen=True, slots=True)
class SpecOperation:
    """One operation of the platform spec, as the SDK needs it."""

    method: str
    path: str
    operation_id: str
    group: str
    paging_style: str
    per_page_max: int | None
    per_page_allows_max: bool
    per_page_default: int | None
    bulk: bool
    media_api: bool
    deprecated: bool

    @property
    def segments(self) -> tuple[str, ...]:
        """The path template split on '/'."""
        return tuple(self.path.strip("/").split("/"))


def _parse_row(line: str) -> SpecOperation:
    method, path, op_id, group, style, pp_max, pp_default, bulk, media, deprecated = line.rstrip(
        "\n"
    ).split("\t")
    allows_max = "max" in pp_max
    number = pp_max.split("|")[0]
    return SpecOperation(
        method=method,
        path=path,
        operation_id=op_id,
        group=group,
        paging_style=style,
        per_page_max=int(number) if number else None,
        per_page_allows_max=allows_max,
        per_page_default=int(pp_default) if pp_default else None,
        bulk=bulk == "yes",
        media_api=media == "yes",
        deprecated=deprecated == "yes",
    )


@functools.cache
def spec_operations() -> tuple[SpecOperation, ...]:
    """Every operation in the packaged table."""
    text = resources.files("ringcentral_async").joinpath("_spec/operations.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return tuple(_parse_row(ln) for ln in lines[1:])


@functools.cache
def _index() -> dict[tuple[str, int], tuple[SpecOperation, ...]]:
    table: dict[tuple[str, int], list[SpecOperation]] = {}
    for op in spec_operations():
        table.setdefault((op.method, len(op.segments)), []).append(op)
    # Most literal segments first, so /extension/{id}/call-log beats a looser template.
    return {
        key: tuple(sorted(ops, key=lambda o: -sum(not s.startswith("{") for s in o.segments)))
        for key, ops in table.items()
    }


def _normalise_path(path: str) -> tuple[str, ...]:
    parts = urlsplit(path)
    raw = parts.path if (parts.scheme or path.startswith("/")) else "/" + path
    return tuple(raw.strip("/").split("/"))


@functools.lru_cache(maxsize=4096)
def find_operation(method: str, path: str) -> SpecOperation | None:
    """The spec operation for a concrete path (or template, or absolute URL), if any.

    Cached: a client sends the same few paths over and over (the lookup is on every request).
    """
    segments = _normalise_path(path)
    candidates = _index().get((method.upper(), len(segments)), ())
    for op in candidates:
        if all(
            t.startswith("{") or t == s or (t == "v1.0" and s == "v1")
            for t, s in zip(op.segments, segments, strict=True)
        ):
            return op
    return None


def usage_plan_group(method: str, path: str) -> str | None:
    """The usage-plan group of an operation, from the platform spec.

    ``path`` may be a concrete path (``/restapi/v1.0/account/~/call-log``), a template or an
    absolute URL. Returns None for paths the spec does not know (the caller decides the
    fallback; the client uses ``Heavy``, the strictest group, and lets ``group=`` override).
    """
    op = find_operation(method, path)
    return op.group if op is not None else None


#: The group of a request the spec does not know: the strictest one.
FALLBACK_GROUP = "Heavy"


def route(method: str, path: str, group: str | None) -> tuple[str, tuple[str, str]]:
    """(usage-plan group, throttle operation key) of a request, from one spec lookup.

    The group is ``group`` if given, else the spec's, else Heavy; the key is the method
    and spec template (or the bare path) the throttle learns a group for.
    """
    op = find_operation(method, path)
    if op is None:
        return group or FALLBACK_GROUP, (method, urlsplit(path).path)
    return group or op.group, (method, op.path)
