"""The generation plan: every operation's Python shape, and which module each model lives in.

Shared by the model, resource and reference emitters, so they agree on every name.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict, deque
from dataclasses import dataclass

from . import naming
from .overrides import handwritten, method_names, namespace_names
from .spec import ROOT, SpecOp, operations
from .types import TypeBuilder, _names_in

JSON_TYPES = ("application/json", "application/scim+json")
#: The module of the models more than one API area uses.
COMMON = "common"
#: The module of the models of schemas no operation names (event payloads, delivery-mode and
#: error variants, OAuth request forms): nothing else imports it.
UNATTACHED = "unattached"


@dataclass(frozen=True)
class Paging:
    """How a paged operation walks: its style, page-size parameter and items key."""

    style: str  # page | pageToken | recordCount | pageId
    page_size_param: str | None
    per_page_max: int | None
    items_key: str
    item: str  # annotation of one item


@dataclass(frozen=True)
class OpPlan:
    """One operation as the generated code exposes it."""

    spec: SpecOp
    namespace: str
    method_name: str
    python_name: str  # namespace.method, or the hand-written name
    handwritten: bool
    body_kind: str | None  # json | form | multipart | None
    body: str | None  # annotation of a JSON body
    result_kind: str  # json | binary | none
    result: str | None  # annotation of a JSON result
    paging: Paging | None
    bulk_id: str | None = None  # the path parameter a bulk read takes many ids in


def namespace_of(tag: str) -> str:
    """The client attribute of a spec tag's namespace (``rc.call_log``)."""
    return namespace_names().get(tag) or naming.snake(tag)


def module_of_group(tag_group: str) -> str:
    """The models module of a tag group (``SMS and Fax`` -> ``sms_and_fax``)."""
    return naming.snake(tag_group)


def _paging_table() -> dict[str, tuple[str, str, str]]:
    """operationId -> (paging style, perPage max, bulk yes/no) from the packaged spec table."""
    path = ROOT / "ringcentral_async" / "_spec" / "operations.tsv"
    rows = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    out: dict[str, tuple[str, str, str]] = {}
    for r in csv.DictReader(rows, delimiter="\t"):
        out[r["operation_id"]] = (r["paging_style"], r["per_page_max"], r["bulk"])
    return out


_STYLE_PARAM = {"page": "perPage", "pageToken": "perPage", "recordCount": "recordCount"}


def paging_style(op: SpecOp) -> str | None:
    """``page``, ``pageToken``, ``recordCount`` or ``pageId``, read off the query parameters."""
    query = {p.name for p in op.parameters if p.location == "query"}
    if "page" in query and "perPage" in query:
        return "page"
    if "pageToken" in query and "perPage" in query:
        return "pageToken"
    if "pageToken" in query and "recordCount" in query:
        return "recordCount"
    if "pageId" in query:
        return "pageId"
    return None


class Plan:
    """Every operation's plan, the models and enums, and each class's module."""

    def __init__(self) -> None:
        self.types = TypeBuilder()
        self.ops: list[OpPlan] = []
        hand = handwritten()
        names = method_names()
        paging = _paging_table()
        for op in operations():
            stem = naming.pascal(op.operation_id)
            namespace = namespace_of(op.tag)
            method = names.get(op.operation_id) or naming.snake(op.operation_id)
            body_kind, body = self._body(op, stem)
            result_kind, result = self._result(op, stem)
            self.ops.append(
                OpPlan(
                    spec=op,
                    namespace=namespace,
                    method_name=method,
                    python_name=hand.get(op.operation_id, f"{namespace}.{method}"),
                    handwritten=op.operation_id in hand,
                    body_kind=body_kind,
                    body=body,
                    result_kind=result_kind,
                    result=result,
                    paging=self._paging(op, result, paging.get(op.operation_id)),
                    bulk_id=self._bulk_id(op, result, paging.get(op.operation_id)),
                )
            )
        for name in sorted(self.types.components):  # the schemas no operation names too
            self.types.component(name)
        self.module_of = self._assign_modules()

    def _body(self, op: SpecOp, stem: str) -> tuple[str | None, str | None]:
        body = op.body
        if body is None:
            return None, None
        if body.content_type in JSON_TYPES:
            return "json", self.types.annotation(body.schema, owner=stem, prop="Request")
        if body.content_type == "application/x-www-form-urlencoded":
            return "form", None
        return "multipart", None

    def _result(self, op: SpecOp, stem: str) -> tuple[str, str | None]:
        resp = op.response
        if resp.content_type is None or resp.schema is None:
            return ("none", None) if resp.content_type is None else ("binary", None)
        if resp.content_type in JSON_TYPES:
            return "json", self.types.annotation(resp.schema, owner=stem, prop="Response")
        return "binary", None

    def _paging(
        self, op: SpecOp, result: str | None, row: tuple[str, str, str] | None
    ) -> Paging | None:
        style = paging_style(op)
        if style is None or result is None or result not in self.types.models:
            return None
        fields = self.types.all_fields(result)
        lists = [f for f in fields if f.annotation.startswith("list[")]
        chosen = next((f for f in lists if f.wire == "records"), lists[0] if lists else None)
        key = chosen.wire if chosen is not None else ""
        if chosen is None:  # the analytics reports: ``data.records``
            for outer in fields:
                if outer.annotation in self.types.models:
                    inner = [
                        f for f in self.types.all_fields(outer.annotation) if f.wire == "records"
                    ]
                    if inner and inner[0].annotation.startswith("list["):
                        chosen, key = inner[0], f"{outer.wire}.records"
                        break
        if chosen is None:
            return None
        number = (row[1] if row else "").replace("'", "").split("|")[0]
        return Paging(
            style=style,
            page_size_param=_STYLE_PARAM.get(style),
            per_page_max=int(number) if number else None,
            items_key=key,
            item=chosen.annotation[len("list[") : -1],
        )

    def _bulk_id(
        self, op: SpecOp, result: str | None, row: tuple[str, str, str] | None
    ) -> str | None:
        """The id parameter of a GET the spec marks bulk (comma-separated ids), if any."""
        last = op.path.rstrip("/").rsplit("/", 1)[-1]
        if op.method != "GET" or row is None or row[2] != "yes" or not last.startswith("{"):
            return None
        return last[1:-1] if result in self.types.models else None

    def _assign_modules(self) -> dict[str, str]:
        """Each class's module: its tag's; its tag group's shared one when several tags of
        one group use it; ``common`` when several groups do. Imports only go that way up.
        """
        deps: dict[str, set[str]] = {n: m.deps for n, m in self.types.models.items()}
        users: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for plan in self.ops:
            roots: set[str] = set()
            for annotation in (plan.body, plan.result):
                if annotation:
                    roots.update(_names_in(annotation))
            user = (plan.spec.tag_group, plan.namespace)
            queue = deque(roots)
            seen: set[str] = set()
            while queue:
                name = queue.popleft()
                if name in seen:
                    continue
                seen.add(name)
                users[name].add(user)
                queue.extend(deps.get(name, ()))
        out: dict[str, str] = {}
        for name in [*self.types.models, *self.types.enums]:
            found = users.get(name, set())
            groups = {g for g, _ in found}
            if not found:
                out[name] = UNATTACHED
            elif len(found) == 1:
                out[name] = next(iter(found))[1]
            elif len(groups) == 1:
                out[name] = f"{module_of_group(next(iter(groups)))}_shared"
            else:
                out[name] = COMMON
        return out


@functools.cache
def plan() -> Plan:
    """The plan (built once per run)."""
    return Plan()


__all__ = ["COMMON", "UNATTACHED", "OpPlan", "Paging", "Plan", "namespace_of", "plan"]
