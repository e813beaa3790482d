"""Decode cost: json.loads alone vs json.loads + structure, for Detailed call-log records.

    python -m benchmarks.decode [--records 100000] [--repeat 3] [--compare-records 2000]

Generates Detailed call-log records (with legs, recording, billing, one unknown field) in
pages of 1000 (``CallLogList`` bodies, as the platform sends them). For every page it times
``json.loads`` (with the freeing of the decoded page) and ``structure`` of a freshly decoded
page (with the freeing of the models), ``--repeat`` times, and keeps each step's best time
per page (a page's best is robust to the other processes of a shared machine); the totals
are the sums over all pages. Goal: json.loads + structure costs
no more than 2x json.loads. Prints one table; the rows below the SDK's own are context:

- *cyclic GC paused*: the same structuring with ``gc.disable()`` around each page (the SDK
  does not do this; it shows what the collector costs);
- *floor*: a generated function per class that only reads each declared field from the dict
  and writes its slot, with no type check, no datetime or enum conversion and no ``extra``
  (not a usable decoder: it bounds what any decoder building these frozen slotted classes
  can reach on this interpreter);
- *ringcentral-async-client*: that package's dataclasses-json models
  (``ReadUserCallLogResponse.from_dict``), when it is installed, over the first
  ``--compare-records`` records (it is far slower; per-record figures compare).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
import typing
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from ringcentral_async._serde.converter import structure, wire_names
from ringcentral_async.models import CallLogList

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


# -- the floor: read + slot write per declared field, nothing else ------------------------


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
    """A function building ``cls`` from a dict with one ``get`` and one slot write per field."""
    built = {} if built is None else built
    if cls in built:
        return built[cls]
    namespace: dict[str, Any] = {"new": cls.__new__, "cls": cls}
    lines = ["def build(d):", "    o = new(cls)", "    get = d.get"]
    built[cls] = lambda d: namespace["build"](d)  # placeholder while recursing
    names = wire_names(attrs.resolve_types(cls))
    for i, field in enumerate(attrs.fields(cls)):
        namespace[f"s{i}"] = cls.__dict__[field.name].__set__
        if field.name == "extra":
            lines.append(f"    s{i}(o, {{}})")
            continue
        model, is_list = _model_in(field.type)
        if model is None:
            lines.append(f"    s{i}(o, get({names[field.name]!r}))")
            continue
        namespace[f"b{i}"] = floor_structurer(model, built)
        lines.append(f"    v = get({names[field.name]!r})")
        if is_list:
            lines.append(f"    s{i}(o, None if v is None else [b{i}(e) for e in v])")
        else:
            lines.append(f"    s{i}(o, None if v is None else b{i}(v))")
    lines.append("    return o")
    exec(compile("\n".join(lines) + "\n", f"<floor {cls.__name__}>", "exec"), namespace)
    built[cls] = namespace["build"]
    return namespace["build"]


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


def time_pages(
    pages: list[bytes], repeat: int, steps: dict[str, Callable[[Any], Any]]
) -> tuple[float, dict[str, float]]:
    """Sum over pages of each page's best json.loads time and best time of every step.

    json.loads is timed with the freeing of what it built (any use pays that); a step is
    timed on a freshly decoded page, with the freeing of what the step built.
    """
    clock = time.perf_counter
    loads_total = 0.0
    totals = dict.fromkeys(steps, 0.0)
    for page in pages:
        best_loads = float("inf")
        for _ in range(repeat):
            started = clock()
            doc = json.loads(page)
            del doc
            best_loads = min(best_loads, clock() - started)
        loads_total += best_loads
        for name, step in steps.items():
            best = float("inf")
            for _ in range(repeat):
                doc = json.loads(page)
                started = clock()
                step(doc)
                best = min(best, clock() - started)
                del doc
            totals[name] += best
    return loads_total, totals


def _dataclasses_json_model() -> Any:
    try:
        from ringcentral_async_client._code_gen.model import ReadUserCallLogResponse
    except ImportError:
        return None
    return ReadUserCallLogResponse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--compare-records",
        type=int,
        default=2_000,
        help="records decoded with ringcentral-async-client's models (0: skip)",
    )
    args = parser.parse_args()

    pages = make_pages(args.records)
    size_mb = sum(len(p) for p in pages) / 1e6
    first = json.loads(pages[0])
    structure(first, CallLogList)  # build the hooks outside the timing
    floor = floor_structurer(CallLogList)
    floor(first)
    objects, fields = count_fields(first, CallLogList)
    per_record = (objects / len(first["records"]), fields / len(first["records"]))

    def ours(doc: Any) -> Any:
        return structure(doc, CallLogList)

    steps = {"structure": ours, "structure, cyclic GC paused": _gc_paused(ours), "floor": floor}
    t_loads, totals = time_pages(pages, args.repeat, steps)

    rows: list[tuple[str, int, float | None, str]] = [
        ("json.loads", args.records, t_loads, ""),
        ("json.loads + structure (ringcentral_async)", args.records, None, "structure"),
        ("  structure alone", args.records, totals["structure"], ""),
        ("json.loads + structure, cyclic GC paused", args.records, None, "structure, cyclic"),
        ("json.loads + floor (get + slot write only)", args.records, None, "floor"),
    ]
    print(
        f"{args.records:,} Detailed call-log records ({size_mb:.1f} MB JSON, pages of {PAGE}); "
        f"{per_record[0]:.1f} objects and {per_record[1]:.0f} declared fields per record"
    )
    print(f"{'step':<48}{'records':>9}{'seconds':>10}{'per record':>13}{'x loads':>9}")

    def show(name: str, count: int, seconds: float, factor: float) -> None:
        per = seconds / count * 1e6
        print(f"{name:<48}{count:>9,}{seconds:>10.3f}{per:>10.1f} us{factor:>9.2f}")

    for name, count, seconds, step in rows:
        if step:
            key = next(k for k in totals if k.startswith(step))
            seconds = t_loads + totals[key]
        assert seconds is not None
        show(name, count, seconds, seconds / t_loads)

    model = _dataclasses_json_model()
    label = "json.loads + ringcentral-async-client models"
    if model is None:
        print(f"{label:<48}{'not installed (pip install ringcentral-async-client)':>41}")
    elif args.compare_records > 0:
        sample = make_pages(min(args.compare_records, args.records))
        count = sum(len(json.loads(p)["records"]) for p in sample)
        loads_s, other = time_pages(sample, 1, {"from_dict": model.from_dict})
        seconds = loads_s + other["from_dict"]
        per_loads = t_loads / args.records
        show(label, count, seconds, seconds / count / per_loads)

    ratio = (t_loads + totals["structure"]) / t_loads
    verdict = "met" if ratio <= 2.0 else "NOT met"
    print(f"goal: json.loads + structure <= 2.00x json.loads -> {ratio:.2f}x ({verdict})")
    floor_ratio = (t_loads + totals["floor"]) / t_loads
    write_ns = totals["floor"] / args.records / per_record[1] * 1e9
    print(
        f"floor: {floor_ratio:.2f}x json.loads ({write_ns:.0f} ns per declared field for one "
        "dict.get and one slot write)"
    )


if __name__ == "__main__":
    main()
