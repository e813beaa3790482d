"""Decode cost: bytes -> models against json.loads, for an extension page and call-log pages.

    python -m benchmarks.decode [--records 100000] [--extension-pages 100] [--repeat 3]
                                [--runs 5] [--compare-records 2000]

Two workloads, as the platform sends them:

- *extensions*: ``--extension-pages`` pages of 100 extension records (``ExtensionList``, the
  shape FakeRingCentral serves: ids, names, type and status enums, a contact);
- *call log*: ``--records`` Detailed call-log records (legs, recording, billing, one unknown
  field) in pages of 1000 (``CallLogList``).

For every page each step runs ``--repeat`` times and keeps its best time (a page's best is
robust to the other processes of a shared machine); a run sums the pages. ``--runs`` runs are
interleaved and the table shows the median of the runs' ratios to ``json.loads``. Steps:

- ``json.loads`` (with the freeing of what it built: any use pays that), and ``orjson.loads``;
- ``decode_json``: the SDK's parser (orjson where installed, json.loads deciding whatever
  orjson rejects);
- *structure*: the SDK's ``structure(doc, ListModel)`` on a page freshly parsed by the SDK's
  parser (``decode_json``: what the SDK structures), with the freeing of the models;
  *records in one call*: ``structure_many(doc["records"], Model)``, what ``AsyncPaginator``
  does per page; *models with a base class*: the same with every model split into
  ``Child(Base)`` (``with_base_class``), as the code generator emits for ``allOf``;
- *full decode*: ``structure(decode_json(body), ListModel)``, bytes -> models;
- context rows: ``structure`` with the cyclic GC paused around each page (the SDK does not do
  this: it changes process-wide state; the young collection it defers is timed too) and the
  *floor*: a generated function per class
  that only reads each declared field and writes it (through the same mutable twin as the
  SDK), with no type check, conversion or ``extra``: what any decoder building these classes
  in Python pays;
- ``ringcentral-async-client`` (dataclasses-json models, ``ReadUserCallLogResponse.from_dict``)
  when it is installed, over the first ``--compare-records`` call-log records.

Goals: full decode <= 2x json.loads and structuring alone <= 1.5x, for both workloads.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import operator
import random
import statistics
import sys
import time
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import attrs

from ringcentral_async._protocol import decode_json, parser_keys
from ringcentral_async._serde.converter import structure, structure_many
from ringcentral_async._serde.fastpath import twin_class
from ringcentral_async._serde.wire import wire_names
from ringcentral_async.models import CallLogList, CallLogRecord, Extension, ExtensionList

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency on CPython
    orjson = None

PAGE = 1000


def _party(rng: random.Random, *, internal: bool) -> dict[str, Any]:
    party: dict[str, Any] = {"phoneNumber": f"+1650555{rng.randrange(10000):04d}"}
    if internal:
        party.update(
            extensionNumber=str(100 + rng.randrange(900)),
            extensionId=str(rng.randrange(10**9)),
            name="Agent " + str(rng.randrange(1000)),
        )
    else:
        party["location"] = "San Mateo, CA"
    return party


def _leg(rng: random.Random, start: datetime, *, master: bool) -> dict[str, Any]:
    return {
        "startTime": start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
        "duration": rng.randrange(600),
        "durationMs": rng.randrange(600_000),
        "type": "Voice",
        "internalType": "Local",
        "direction": rng.choice(["Inbound", "Outbound"]),
        "action": rng.choice(["Phone Call", "VoIP Call", "RingOut Web"]),
        "result": rng.choice(["Accepted", "Missed", "Call connected", "Voicemail"]),
        "reason": "Accepted",
        "reasonDescription": "The call connected to and was accepted by this number.",
        "to": _party(rng, internal=True),
        "from": _party(rng, internal=False),
        "extension": {
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/1/extension/2",
            "id": rng.randrange(10**9),
        },
        "telephonySessionId": f"s-{rng.getrandbits(64):x}",
        "partyId": f"p-{rng.getrandbits(64):x}",
        "transport": "PSTN",
        "legType": rng.choice(["Accept", "FindMe", "PstnToSip"]),
        "master": master,
    }


def make_record(rng: random.Random, index: int) -> dict[str, Any]:
    """One Detailed call-log record, shaped like the platform's."""
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=index * 37)
    record = _leg(rng, start, master=True)
    del record["legType"], record["master"]
    record.update(
        uri=f"https://platform.ringcentral.com/restapi/v1.0/account/1/call-log/R{index}?view=Detailed",
        id=f"R{index:08d}Vg{rng.getrandbits(32):x}",
        sessionId=str(rng.randrange(10**11)),
        lastModifiedTime=start.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        billing={"costIncluded": 0.0, "costPurchased": round(rng.random(), 3)},
        legs=[_leg(rng, start, master=True), _leg(rng, start, master=False)],
        someNewPlatformField={"added": "later"},  # unknown: goes to `extra`
    )
    if rng.random() < 0.3:
        record["recording"] = {
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/1/recording/9",
            "id": str(rng.randrange(10**9)),
            "type": "Automatic",
            "contentUri": "https://media.ringcentral.com/restapi/v1.0/account/1/recording/9/content",
        }
    return record


def make_pages(count: int, seed: int = 7) -> list[bytes]:
    """``count`` records as JSON page bodies of PAGE records each."""
    rng = random.Random(seed)
    pages = []
    for start in range(0, count, PAGE):
        records = [make_record(rng, i) for i in range(start, min(count, start + PAGE))]
        body = {
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/~/call-log?view=Detailed",
            "records": records,
            "paging": {"page": 1, "perPage": PAGE, "pageStart": 0, "pageEnd": len(records) - 1},
            "navigation": {"nextPage": {"uri": "https://platform.ringcentral.com/next"}},
        }
        pages.append(json.dumps(body).encode())
    return pages


EXTENSION_PAGE = 100
_FIRST = ["Elena", "Walter", "Erin", "Maria", "James", "Linda", "Robert", "Susan", "Ahmed"]
_LAST = ["Nelson", "Wilson", "Baker", "Garcia", "Smith", "Jones", "Brown", "Khan", "Lopez"]
_TYPES = ["User", "User", "User", "Department", "Announcement", "Voicemail", "IvrMenu"]


def make_extension_pages(count: int, seed: int = 11) -> list[bytes]:
    """``count`` ExtensionList bodies of 100 records, shaped like FakeRingCentral's."""
    rng = random.Random(seed)
    account = 400_000_000_000 + rng.randrange(10**9)
    base = "https://platform.ringcentral.com/restapi/v1.0/account"
    pages = []
    for page in range(count):
        records = []
        for i in range(EXTENSION_PAGE):
            ext_id = account + page * 10**6 + i * 3000 + rng.randrange(3000)
            number = str(101 + i)
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            records.append(
                {
                    "id": ext_id,
                    "uri": f"{base}/{account}/extension/{ext_id}",
                    "extensionNumber": number,
                    "name": f"{first} {last}",
                    "type": rng.choice(_TYPES),
                    "status": rng.choice(["Enabled", "Enabled", "Enabled", "Disabled"]),
                    "contact": {
                        "firstName": first,
                        "lastName": last,
                        "email": f"{first}.{last}.{number}@example.com".lower(),
                        "businessPhone": "+16505556311",
                        "emailAsLoginName": True,
                    },
                    "hidden": False,
                }
            )
        body = {
            "uri": f"{base}/~/extension?page={page + 1}&perPage=100",
            "records": records,
            "paging": {"page": page + 1, "totalPages": count, "perPage": EXTENSION_PAGE,
                       "totalElements": count * EXTENSION_PAGE, "pageStart": 0,
                       "pageEnd": EXTENSION_PAGE - 1},
            "navigation": {"firstPage": {"uri": f"{base}/~/extension?page=1&perPage=100"}},
        }  # fmt: skip
        pages.append(json.dumps(body).encode())
    return pages


# -- the floor: read + write per declared field, nothing else ----------------------------


def _model_in(tp: Any) -> tuple[type | None, bool]:
    """(the attrs class inside ``X | None`` or ``list[X] | None``, whether it is a list)."""
    for arg in typing.get_args(tp) or (tp,):
        if typing.get_origin(arg) is list:
            (item,) = typing.get_args(arg)
            if attrs.has(item):
                return item, True
        elif isinstance(arg, type) and attrs.has(arg):
            return arg, False
    return None, False


def floor_structurer(cls: type, built: dict[type, Callable[[Any], Any]] | None = None) -> Any:
    """A function building ``cls`` from a dict with one ``get`` and one write per field."""
    built = {} if built is None else built
    if cls in built:
        return built[cls]
    twin = twin_class(cls)
    assert twin is not None, f"{cls.__name__} has no twin"
    namespace: dict[str, Any] = {"twin": twin, "cls": cls}
    lines = ["def build(d):", "    o = twin()", "    get = d.get"]
    built[cls] = lambda d: namespace["build"](d)  # placeholder while recursing
    names = wire_names(attrs.resolve_types(cls))
    keys = parser_keys(names.values())  # the parser's own key strings, as the SDK reads them
    for i, field in enumerate(attrs.fields(cls)):
        if field.name == "extra":
            lines.append("    o.extra = {}")
            continue
        namespace[f"k{i}"] = keys[names[field.name]]
        model, is_list = _model_in(field.type)
        if model is None:
            lines.append(f"    o.{field.name} = get(k{i})")
            continue
        namespace[f"b{i}"] = floor_structurer(model, built)
        lines.append(f"    v = get(k{i})")
        if is_list:
            lines.append(f"    o.{field.name} = None if v is None else [b{i}(e) for e in v]")
        else:
            lines.append(f"    o.{field.name} = None if v is None else b{i}(v)")
    lines.append("    o.__class__ = cls")
    lines.append("    return o")
    exec(compile("\n".join(lines) + "\n", f"<floor {cls.__name__}>", "exec"), namespace)
    built[cls] = namespace["build"]
    return namespace["build"]


# -- the same records as models with a base class (as generated from the spec's allOf) --------


def _retyped(tp: Any, memo: dict[type, type]) -> Any:
    """``tp`` with every attrs class in it replaced by its split form."""
    if isinstance(tp, type) and attrs.has(tp):
        return with_base_class(tp, memo)
    args = typing.get_args(tp)
    if not args:
        return tp
    new = tuple(_retyped(a, memo) for a in args)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, new)
    return origin[new]


def with_base_class(cls: type, memo: dict[type, type] | None = None) -> type:
    """An equivalent of ``cls`` as ``Child(Base)``: the first half of its fields and ``extra``
    in the base class, the rest in the subclass; nested models split the same way."""
    memo = {} if memo is None else memo
    if cls in memo:
        return memo[cls]
    fields = [f for f in attrs.fields(attrs.resolve_types(cls)) if f.name != "extra"]

    def spec(field: Any) -> Any:
        return attrs.field(default=None, type=_retyped(field.type, memo), metadata=field.metadata)

    options: dict[str, Any] = {
        "frozen": True,
        "slots": True,
        "kw_only": True,
        "weakref_slot": False,
    }
    half = len(fields) // 2
    base_attrs = {f.name: spec(f) for f in fields[:half]}
    base_attrs["extra"] = attrs.field(factory=dict, eq=False, repr=False, type=Mapping[str, Any])
    base = attrs.make_class(f"{cls.__name__}Base", base_attrs, **options)
    child = attrs.make_class(
        cls.__name__, {f.name: spec(f) for f in fields[half:]}, bases=(base,), **options
    )
    memo[cls] = child
    return child


def count_fields(data: Any, cls: type) -> tuple[int, int]:
    """(objects, declared fields written) to build ``cls`` from ``data``."""
    objects, fields = 1, 0
    names = wire_names(attrs.resolve_types(cls))
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        fields += 1
        value = data.get(names[field.name])
        model, is_list = _model_in(field.type)
        if model is None or value is None:
            continue
        for item in value if is_list else [value]:
            o, f = count_fields(item, model)
            objects, fields = objects + o, fields + f
    return objects, fields


# -- timing ------------------------------------------------------------------------------


def _gc_paused(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(doc: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(doc)
        finally:
            if enabled:
                gc.enable()

    return run


#: A step: (takes the raw bytes, not a parsed page?, function).
Step = tuple[bool, Callable[[Any], Any]]


def time_pages(pages: list[bytes], repeat: int, steps: dict[str, Step]) -> dict[str, float]:
    """Sum over pages of each step's best time on that page.

    A step on bytes is timed with the freeing of what it built; a step on a parsed page gets
    one freshly parsed by the SDK's parser each time (not timed: what the SDK structures) and
    is timed with the freeing of its result, and with any collection it deferred.
    """
    clock = time.perf_counter
    totals = dict.fromkeys(steps, 0.0)
    for page in pages:
        for name, (on_bytes, step) in steps.items():
            best = float("inf")
            for _ in range(repeat):
                arg = page if on_bytes else decode_json(page, status=200)
                started = clock()
                result = step(arg)
                # an allocation while the result lives: a collection the step deferred (the
                # "GC paused" row) runs in the timing
                keep = [result]
                del result, keep
                best = min(best, clock() - started)
                del arg
            totals[name] += best
    return totals


def _dataclasses_json_model() -> Any:
    try:
        from ringcentral_async_client._code_gen.model import ReadUserCallLogResponse
    except ImportError:
        return None
    return ReadUserCallLogResponse


def steps_for(list_model: type, record_model: type) -> dict[str, Step]:
    """The timed steps for one workload (see the module docstring)."""
    floor = floor_structurer(list_model)

    def ours(doc: Any) -> Any:
        return structure(doc, list_model)

    def records(doc: Any) -> Any:
        return structure_many(doc["records"], record_model)

    split_model = with_base_class(record_model)

    def split(doc: Any) -> Any:
        return structure_many(doc["records"], split_model)

    def full(body: bytes) -> Any:
        return structure(decode_json(body, status=200), list_model)

    steps: dict[str, Step] = {"json.loads": (True, json.loads)}
    if orjson is not None:
        steps["orjson.loads"] = (True, orjson.loads)
    steps.update(
        {
            "decode_json (SDK parser)": (True, lambda b: decode_json(b, status=200)),
            "structure alone": (False, ours),
            "structure_many(records) alone": (False, records),
            "the same, models with a base class": (False, split),
            "full decode: bytes -> models": (True, full),
            "structure, cyclic GC paused": (False, _gc_paused(ours)),
            "floor (get + write only)": (False, floor),
        }
    )
    return steps


def run_workload(
    label: str, pages: list[bytes], list_model: type, record_model: type, args: argparse.Namespace
) -> tuple[list[list[Any]], dict[str, float]]:
    """Interleaved runs of every step; rows of medians and the median ratios."""
    first = json.loads(pages[0])
    structure(first, list_model)  # build the hooks outside the timing
    steps = steps_for(list_model, record_model)
    count = sum(len(json.loads(p)["records"]) for p in pages)
    objects, fields = count_fields(first, list_model)
    n_first = len(first["records"])
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        runs.append(time_pages(pages, args.repeat, steps))
    ratios = {name: statistics.median(r[name] / r["json.loads"] for r in runs) for name in steps}
    rows = []
    for name in steps:
        seconds = statistics.median(r[name] for r in runs)
        rows.append([label, name, f"{count:,}", f"{seconds:.3f}",
                     f"{seconds / count * 1e6:.1f}", f"{ratios[name]:.2f}"])  # fmt: skip
    size_mb = sum(len(p) for p in pages) / 1e6
    print(
        f"{label}: {count:,} records in {len(pages)} pages ({size_mb:.1f} MB JSON); "
        f"{objects / n_first:.1f} objects and {fields / n_first:.0f} declared fields per record"
    )
    return rows, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="call-log records")
    parser.add_argument("--extension-pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs (medians shown)")
    parser.add_argument(
        "--compare-records",
        type=int,
        default=2_000,
        help="records decoded with ringcentral-async-client's models (0: skip)",
    )
    args = parser.parse_args()

    workloads = [
        ("extensions (100/page)", make_extension_pages(args.extension_pages), ExtensionList,
         Extension),
        ("call log (1000/page)", make_pages(args.records), CallLogList, CallLogRecord),
    ]  # fmt: skip
    rows: list[list[Any]] = []
    verdicts = []
    for label, pages, list_model, record_model in workloads:
        workload_rows, ratios = run_workload(label, pages, list_model, record_model, args)
        rows += workload_rows
        full, alone = ratios["full decode: bytes -> models"], ratios["structure alone"]
        verdicts.append(
            f"{label}: full decode {full:.2f}x json.loads (goal <= 2.00: "
            f"{'met' if full <= 2.0 else 'NOT met'}), structuring alone {alone:.2f}x "
            f"(goal <= 1.50: {'met' if alone <= 1.5 else 'NOT met'})"
        )

    model = _dataclasses_json_model()
    if model is not None and args.compare_records > 0:
        sample = make_pages(min(args.compare_records, args.records))
        count = sum(len(json.loads(p)["records"]) for p in sample)
        other = time_pages(
            sample, 1, {"json.loads": (True, json.loads), "from_dict": (False, model.from_dict)}
        )
        seconds = other["json.loads"] + other["from_dict"]
        rows.append(["call log (1000/page)", "json.loads + ringcentral-async-client models",
                     f"{count:,}", f"{seconds:.3f}", f"{seconds / count * 1e6:.1f}",
                     f"{seconds / other['json.loads']:.2f}"])  # fmt: skip

    from benchmarks._common import print_table

    print_table(
        ("workload", "step", "records", "seconds", "us/record", "x json.loads"),
        rows,
        title=f"Decode cost, median of {args.runs} interleaved runs (best of {args.repeat} "
        "per page)",
        notes=verdicts,
    )


if __name__ == "__main__":
    main()
