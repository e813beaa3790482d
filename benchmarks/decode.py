"""Decode cost: json.loads alone vs json.loads + structure, for Detailed call-log records.

    /work/venv/bin/python benchmarks/decode.py [--records 100000] [--repeat 3]

Generates Detailed call-log records (with legs, recording, billing, one unknown field) in
pages of 1000 (``CallLogList`` bodies, as the platform sends them), then times the best of N
runs of ``json.loads`` alone and of ``json.loads`` + ``structure`` into ``CallLogList``.
Goal: structure costs no more than 2x json.loads. Prints one table.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from ringcentral_async._serde import structure
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


def best_of(repeat: int, fn: Any) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    pages = make_pages(args.records)
    size_mb = sum(len(p) for p in pages) / 1e6

    def loads_only() -> None:
        for page in pages:
            json.loads(page)

    def loads_and_structure() -> None:
        for page in pages:
            structure(json.loads(page), CallLogList)

    structure(json.loads(pages[0]), CallLogList)  # build the hooks outside the timing
    t_loads = best_of(args.repeat, loads_only)
    t_both = best_of(args.repeat, loads_and_structure)
    ratio = t_both / t_loads

    rows = [
        ("json.loads", t_loads, 1.0),
        ("json.loads + structure", t_both, ratio),
        ("structure alone", t_both - t_loads, (t_both - t_loads) / t_loads),
    ]
    print(f"{args.records:,} Detailed call-log records ({size_mb:.1f} MB JSON, pages of {PAGE})")
    print(f"{'step':<26}{'seconds':>10}{'per record':>14}{'x loads':>10}")
    for name, seconds, factor in rows:
        per = seconds / args.records * 1e6
        print(f"{name:<26}{seconds:>10.3f}{per:>11.1f} us{factor:>10.2f}")
    verdict = "met" if ratio <= 2.0 else "NOT met"
    print(f"goal: json.loads + structure <= 2.00x json.loads -> {ratio:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
