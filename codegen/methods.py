"""One operation as Python source: its typed method's signature, checks, call and docstring.

Path, query and header parameters become typed keyword arguments (the spec's kind of each
checked at run time by ``resources/_args``), the body a model or a mapping; the call goes to
``Resource._call``, ``_list`` (paged), ``_download``, ``bulk_get`` or ``_oauth_form``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import naming
from .plan import OpPlan, plan
from .spec import Parameter, SpecOp, resolve
from .text import docstring

__all__ = ["bulk_method", "method"]

#: Keyword arguments the generated methods add themselves.
_OWN = {"self", "body", "per_page", "max_items", "prefetch", "dest", "chunk_size", "range"}
_PAGE_PARAMS = {"page", "perPage", "pageToken", "recordCount", "pageId"}


def _kind(schema: Mapping[str, Any]) -> tuple[str, str]:
    """(runtime kind, annotation) of a query parameter's schema."""
    schema = resolve(schema)
    if "type" not in schema and "enum" not in schema:
        # ``allOf: [{$ref: SyncTypeEnum}, {default: FSync}]``: the type of the part with one
        typed = [p for p in map(resolve, schema.get("allOf") or ()) if "type" in p or "enum" in p]
        if len(typed) == 1:
            return _kind(typed[0])
        # ``oneOf: [string enum, array of string]`` (message-store ``owner``): a list kind,
        # which takes one value or several
        alternatives = [_kind(alt) for alt in schema.get("oneOf") or schema.get("anyOf") or ()]
        lists = [a for a in alternatives if a[0].startswith("list[")]
        if len(lists) == 1 and all(
            k == lists[0][0][len("list[") : -1] for k, _ in alternatives if k[:5] != "list["
        ):
            return lists[0]
    kind = schema.get("type", "string" if "enum" in schema else None)
    if kind == "array":
        inner, annotation = _kind(schema.get("items") or {})
        return f"list[{inner}]", f"{annotation} | Sequence[{annotation}]"
    if kind == "string" and schema.get("format") == "date-time":
        return "datetime", "datetime | str"
    if kind == "integer":
        return "int", "int"
    if kind == "number":
        return "float", "float"
    if kind == "boolean":
        return "bool", "bool"
    if kind == "string":
        return "str", "str"
    return "any", "Any"


def _query_kind(par: Parameter) -> tuple[str, str]:
    """(runtime kind, annotation) of a query parameter: an array the spec does not explode
    is sent as one comma-separated value (kind ``csv[...]``), others repeat the key."""
    kind, annotation = _kind(par.schema)
    if kind.startswith("list[") and not par.explode:
        kind = "csv[" + kind[len("list[") :]
    return kind, annotation


class _Names:
    def __init__(self) -> None:
        self.used = set(_OWN)

    def take(self, wire: str) -> str:
        name = naming.snake(wire)
        while name in self.used:
            name += "_"
        self.used.add(name)
        return name


def method(op: OpPlan) -> list[str]:
    """The source lines of the typed method of one operation."""
    s = op.spec
    names = _Names()
    constant = f"_{op.method_name.upper()}"
    args: list[str] = ["self"]
    kw: list[str] = []
    if op.body_kind == "json":
        body_type = f"{op.body} | Mapping[str, Any]" if op.body in plan().types.models else "Any"
        required = bool(s.body and s.body.required)
        args.append(f"body: {body_type}" + ("" if required else " = None"))
        if not required and body_type != "Any":
            args[-1] = f"body: {body_type} | None = None"
    elif op.body_kind == "multipart":
        args.append("body: MultipartBody")
    elif op.body_kind == "form":
        args.append("body: Mapping[str, str]")
    if op.result_kind == "binary":
        args.append("dest: _download.Destination")
    path_items: list[str] = []
    for par in s.parameters:
        if par.location != "path":
            continue
        name = names.take(par.name)
        default = resolve(par.schema).get("default")
        suffix = f" = {default!r}" if isinstance(default, str) else ""
        kw.append(f"{name}: str | int{suffix}")
        path_items.append(f"{par.name!r}: {name}")
    query_rows: list[str] = []
    required_query: list[str] = []
    headers: list[str] = []
    for par in s.parameters:
        if par.location not in ("query", "header") or op.body_kind == "form":
            continue  # an OAuth form carries its parameters in the form
        if op.paging is not None and par.location == "query" and par.name in _PAGE_PARAMS:
            continue
        name = names.take(par.name)
        kind, annotation = _query_kind(par)
        if par.location == "header":
            kw.append(f"{name}: str | None = None")
            headers.append(f"{par.name!r}: {name}")
            continue
        if par.required:
            kw.append(f"{name}: {annotation}")
            required_query.append(name)
        else:
            kw.append(f"{name}: {annotation} | None = None")
        query_rows.append(f"({name!r}, {par.name!r}, {name}, {kind!r})")
    # required keyword arguments first (readability; all are keyword-only anyway)
    kw.sort(key=lambda a: "=" in a)
    if op.paging is not None:
        kw += ["per_page: int | None = None", "max_items: int | None = None", "prefetch: int = 0"]
    if op.result_kind == "binary":
        kw += [
            "chunk_size: int = _download.DEFAULT_CHUNK_SIZE",
            "range: str | tuple[int, int | None] | None = None",
        ]
    returns = _returns(op)
    is_async = op.paging is None
    head = f"    {'async ' if is_async else ''}def {op.method_name}("
    sig = [head + ", ".join(args) + (", *, " + ", ".join(kw) if kw else "") + f") -> {returns}:"]
    lines = sig + _doc(op)
    needed = f", required={tuple(required_query)!r}" if required_query else ""
    params = f"query_params([{', '.join(query_rows)}]{needed})" if query_rows else "None"
    path = "{" + ", ".join(path_items) + "}"
    hdrs = (
        "{k: v for k, v in {" + ", ".join(headers) + "}.items() if v is not None}"
        if headers
        else "None"
    )
    if op.paging is not None:
        pg = op.paging
        body_line = []
        if op.body_kind == "json":
            required = bool(s.body and s.body.required)
            body_line = [
                f"            json=json_body('body', body, required={required}{_body_model(op)}),"
            ]
        lines += [
            "        return self._list(",
            f"            {constant}, {path}, {pg.item}, params={params}, per_page=per_page,",
            "            max_items=max_items, prefetch=prefetch,",
            f"            page_size_param={pg.page_size_param or 'perPage'!r},",
            f"            items_key={pg.items_key!r},",
            *body_line,
            *([f"            headers={hdrs},"] if headers else []),
            "        )",
        ]
        return lines
    if headers and (op.result_kind == "binary" or op.body_kind == "form"):
        # never accept an argument the call would not send
        raise ValueError(f"{s.operation_id}: header parameters on a download or a form")
    if op.result_kind == "binary":
        if s.deprecated:
            lines.append(f"        self._warn_deprecated({constant})")
        lines += [
            "        return await _download.download(",
            f"            self._pipeline, self._path({constant}, {path}), dest,",
            f"            group={constant}.group, chunk_size=chunk_size, params={params},",
            "            range=range,",
            "        )",
        ]
        return lines
    if op.body_kind == "form":
        model = op.result if op.result_kind == "json" and op.result else "None"
        call = f"await self._oauth_form({constant}, body, {model})"
        lines.append(f"        return {call}" if model != "None" else f"        {call}")
        return lines
    body_arg = ""
    if op.body_kind == "json":
        required = bool(s.body and s.body.required)
        body_arg = f", json=json_body('body', body, required={required}{_body_model(op)})"
    elif op.body_kind == "multipart":
        body_arg = ", data=multipart_body('body', body)"
    if hdrs != "None":
        body_arg += f", headers={hdrs}"
    model = "None"
    if op.result_kind == "json" and op.result:
        model = op.result if op.result != "Any" else "None"
    call = f"await self._call({constant}, {path}, {model}, params={params}{body_arg})"
    lines.append(f"        return {call}" if model != "None" else f"        {call}")
    return lines


def _body_model(op: OpPlan) -> str:
    """``, model=X`` for json_body when the body is one generated model."""
    return f", model={op.body}" if op.body in plan().types.models else ""


def bulk_method(op: OpPlan) -> list[str]:
    """``<method>_many(ids, ...)``: the bulk read of a GET the spec marks bulk."""
    s = op.spec
    names = _Names()
    ids = names.take(f"{op.bulk_id}s")
    kw: list[str] = []
    path_items: list[str] = []
    for par in s.parameters:
        if par.location != "path" or par.name == op.bulk_id:
            continue
        name = names.take(par.name)
        default = resolve(par.schema).get("default")
        kw.append(f"{name}: str | int" + (f" = {default!r}" if isinstance(default, str) else ""))
        path_items.append(f"{par.name!r}: {name}")
    rows: list[str] = []
    for par in s.parameters:
        if par.location != "query":
            continue
        name = names.take(par.name)
        kind, annotation = _query_kind(par)
        kw.append(f"{name}: {annotation} | None = None")
        rows.append(f"({name!r}, {par.name!r}, {name}, {kind!r})")
    kw.sort(key=lambda a: "=" in a)
    params = f"query_params([{', '.join(rows)}])" if rows else "None"
    sig = (
        f"    async def {op.method_name}_many(self, {ids}: Sequence[str | int]"
        + (", *, " + ", ".join(kw) if kw else "")
        + f") -> BulkItems[{op.result}]:"
    )
    doc = [
        f'        """{op.method_name} for many ids at once (a bulk read).',
        "",
        *_inner(
            f"``{s.method} {s.path}`` with comma-separated ids, chunks sent concurrently "
            f"(each one {s.group} request); one BulkItem per id asked for, in the same order "
            "(a repeated id is fetched once), with a per-id error instead of a value where the "
            "platform gives one."
        ),
        '        """',
    ]
    warn = [f"        self._warn_deprecated(_{op.method_name.upper()})"] if s.deprecated else []
    call = [
        *warn,
        "        return await bulk_get(",
        f"            self._pipeline, _{op.method_name.upper()}, {{{', '.join(path_items)}}},",
        f"            {op.bulk_id!r}, {ids}, {op.result}, params={params},",
        "        )",
    ]
    return [sig, *doc, *call]


def _returns(op: OpPlan) -> str:
    if op.paging is not None:
        return f"AsyncPaginator[{op.paging.item}]"
    if op.result_kind == "binary":
        return "int"
    if op.result_kind == "json" and op.result:
        return op.result
    return "None"


def _doc(op: OpPlan) -> list[str]:
    s = op.spec
    facts = [f"``{s.method} {s.path}``", f"usage plan group {s.group}"]
    if s.app_permission:
        facts.append(f"app permission {s.app_permission}")
    if s.user_permission:
        facts.append(f"user permission {s.user_permission}")
    facts.append(f"operationId ``{s.operation_id}``")
    body = "; ".join(facts) + "."
    if s.deprecated:
        body += " Deprecated by the platform."
    if op.paging is not None:
        body += " Returns an AsyncPaginator over every page."
    if op.result_kind == "binary":
        body += " Streams the content into ``dest`` (a path or a binary file); returns the bytes."
    if op.body_kind == "multipart":
        body += f" ``body`` is a MultipartBody with the parts {_parts(s)}."
    if op.body_kind == "form":
        body += (
            " ``body`` is the form; it is sent with this client's own authentication (never"
            " a bearer token), and the client's own token is left as it is."
        )
    summary = (s.summary or s.operation_id).rstrip()
    if summary[-1] not in ".!?":
        summary += "."
    first = docstring(summary, 8)
    if len(first) > 1:  # a summary too long for one line: keep it as a paragraph
        return [*first[:-1], "", *_inner(body), '        """']
    return [first[0][: -len('"""')], "", *_inner(body), '        """']


def _parts(s: SpecOp) -> str:
    """The parts of a multipart body as the spec names them: ``name`` (a file, required)."""
    schema = resolve(s.body.schema) if s.body else {}
    required = set(schema.get("required") or ())
    described: list[str] = []
    for name, prop in (schema.get("properties") or {}).items():
        prop = resolve(prop)
        items = resolve(prop.get("items") or {})
        notes = []
        if prop.get("format") == "binary":
            notes.append("a file")
        elif items.get("format") == "binary":
            notes.append("files, one part each")
        elif prop.get("type") in ("object", "array"):
            notes.append("JSON")
        if name in required:
            notes.append("required")
        described.append(f"``{name}``" + (f" ({', '.join(notes)})" if notes else ""))
    if not described:
        return "the platform expects (the spec names none)"
    return ", ".join(described)


def _inner(text: str) -> list[str]:
    """The wrapped lines of a docstring paragraph, without the quotes."""
    lines = docstring(text, 8)
    if len(lines) == 1:
        return ["        " + lines[0].strip()[3:-3]]
    return ["        " + lines[0].strip()[3:], *lines[1:-1]]
