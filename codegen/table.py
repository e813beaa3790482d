"""Emit ``ringcentral_async/_spec/python_names.tsv``: every operation's Python name and facts.

The registry builds ``OPERATIONS`` from it (and ``operations.tsv``) without importing any
resource module.
"""

from __future__ import annotations

from .output import HEADER
from .plan import plan

PATH = "ringcentral_async/_spec/python_names.tsv"
COLUMNS = (
    "operation_id",
    "python_name",
    "tag",
    "app_permission",
    "user_permission",
    "paging_style",
    "summary",
)


def _cell(value: str | None) -> str:
    return " ".join((value or "").replace("\t", " ").split())


def emit() -> tuple[dict[str, str], tuple[str, ...]]:
    """The table, one row per spec operation, sorted by operationId."""
    rows = [HEADER.rstrip("\n")]
    rows.append("\t".join(COLUMNS))
    for op in sorted(plan().ops, key=lambda o: o.spec.operation_id):
        s = op.spec
        rows.append(
            "\t".join(
                _cell(v)
                for v in (
                    s.operation_id,
                    op.python_name,
                    s.tag,
                    s.app_permission,
                    s.user_permission,
                    op.paging.style if op.paging else "",
                    s.summary,
                )
            )
        )
    return {PATH: "\n".join(rows) + "\n"}, ()
