"""Benchmark: harvest_call_log vs the sequential nextPage walk the official SDK allows.

    python benchmarks/harvest.py [--records 50000] [--scale-records 1000000] [--window 0.5]
                                 [--runs 3]

Prints ONE table. Every client runs in a process of its own, so its RSS is its own: the
parent only starts servers and clients and reads what each client reports (records, time,
requests, 429s, RSS after login, peak RSS).

- Rows at ``--records`` run against ``ringcentral-async fake`` (a subprocess) with the
  default Heavy limit, 10 requests per window, the 60 s window scaled to ``--window``;
  one fresh fake per row (fresh limits). Our row: ``harvest_call_log`` (4 slices, 4 at
  once, the client's limiter). The official row: the ``ringcentral`` SDK itself, one
  ``platform.get`` after the other, following ``navigation.nextPage.uri`` by hand, waiting
  ``Retry-After`` on a 429 (it has no limiter): what that SDK allows.
- The ``--scale-records`` row (default 1,000,000) measures memory at scale. The fake keeps
  every record in memory (about 3.5 GB for 1M), so this row runs against a stand-in
  call-log server (``--serve-lazy``, a subprocess) that generates each page on request,
  deterministically: record ``i`` starts ``ceil((i + 1) * span / N)`` seconds before the end
  (whole seconds, newest first, ``[dateFrom, dateTo)``), its body copied from one of 200
  Detailed records of a real FakeRingCentral with id and times replaced. It does not
  enforce limits; the client's own limiter paces it at the same Heavy 10 per window.
- Every client writes the ids it got to a file; the parent checks each arrived once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import resource
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # `python benchmarks/harvest.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import median, print_table

HEAVY = 10  # the platform's default Heavy limit per window
SPAN = timedelta(days=31)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    """This process's peak RSS. ``VmHWM`` belongs to the process's own address space;
    ``getrusage``'s ``ru_maxrss`` is not used because Linux carries the parent's high-water
    mark over fork + exec into it (so a grown parent inflated every child's figure)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _parse(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


# -- the lazy stand-in server (its own process) -------------------------------------------------


def _templates() -> list[str]:
    """200 Detailed records of a real fake as JSON with @ID@ / @START@ / @MOD@ placeholders."""
    from ringcentral_async.testing import FakeRingCentral

    out = []
    for record in FakeRingCentral(call_log_records=200, extensions=20, seed=3).call_records:
        start, modified = record["startTime"], record["lastModifiedTime"]
        text = json.dumps(record, separators=(",", ":"))
        text = text.replace(json.dumps(record["id"]), '"@ID@"').replace(start, "@START@")
        out.append(text.replace(modified, "@MOD@").replace('"uri":""', '"uri":"@URI@"'))
    return out


async def _serve_lazy(records: int, end: datetime) -> None:
    from aiohttp import web

    span = SPAN.total_seconds()
    templates = _templates()

    def start_of(i: int) -> datetime:
        return end - timedelta(seconds=math.ceil((i + 1) * span / records))

    def first_before(bound: datetime) -> int:
        """The first index whose start is before ``bound`` (starts decrease with i)."""
        lo, hi = 0, records
        while lo < hi:
            mid = (lo + hi) // 2
            if start_of(mid) < bound:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def render(i: int, base: str) -> str:
        start = start_of(i)
        rid = f"L{i:09d}"
        return (
            templates[i % len(templates)]
            .replace("@ID@", rid)
            .replace("@START@", _iso(start))
            .replace("@MOD@", _iso(start + timedelta(seconds=45)))
            .replace("@URI@", f"{base}/restapi/v1.0/account/1/call-log/{rid}")
        )

    async def token(request: web.Request) -> web.Response:
        body = {
            "access_token": "lazy-access",
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": "lazy-refresh",
            "refresh_token_expires_in": 604800,
            "scope": "ReadCallLog",
            "owner_id": "1",
        }
        return web.json_response(body)

    async def call_log(request: web.Request) -> web.Response:
        q = request.query
        # [dateFrom, dateTo) is the index range [first start < dateTo, first start < dateFrom)
        lo = first_before(_parse(q["dateTo"])) if "dateTo" in q else 0
        hi = first_before(_parse(q["dateFrom"])) if "dateFrom" in q else records
        page, size = int(q.get("page", "1")), min(1000, int(q.get("perPage", "100")))
        first = lo + (page - 1) * size
        chunk = range(first, min(first + size, hi))
        base = f"http://{request.host}"
        nav: dict[str, Any] = {}
        if first + size < hi:
            nxt = {**q, "page": str(page + 1)}
            nav["nextPage"] = {"uri": f"{base}{request.path}?{urlencode(nxt)}"}
        head = json.dumps({"uri": str(request.url), "paging": {"page": page, "perPage": size},
                           "navigation": nav})  # fmt: skip
        text = head[:-1] + ',"records":[' + ",".join(render(i, base) for i in chunk) + "]}"
        return web.Response(text=text, content_type="application/json")

    app = web.Application()
    app.router.add_post("/restapi/oauth/token", token)
    app.router.add_get("/restapi/v1.0/account/{account}/call-log", call_log)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(f"RINGCENTRAL_SERVER_URL=http://127.0.0.1:{port}", flush=True)
    print("RINGCENTRAL_CLIENT_ID=lazy\nRINGCENTRAL_CLIENT_SECRET=lazy", flush=True)
    print("RINGCENTRAL_JWT=lazy.jwt.token", flush=True)
    await asyncio.Event().wait()


# -- the clients (each in its own process) ------------------------------------------------------


async def _ours(env: dict[str, str], args: argparse.Namespace, ids: Any) -> dict[str, Any]:
    from ringcentral_async import RingCentral, Throttle
    from ringcentral_async.jobs import harvest_call_log

    limits = {g: (n, args.window) for g, n in (("Light", 50), ("Medium", 40), ("Heavy", HEAVY))}
    async with RingCentral(
        env["RINGCENTRAL_CLIENT_ID"],
        env["RINGCENTRAL_CLIENT_SECRET"],
        server_url=env["RINGCENTRAL_SERVER_URL"],
        throttle=Throttle(limits={**limits, "Auth": (5, args.window)}),
    ) as rc:
        await rc.login(jwt=env["RINGCENTRAL_JWT"])
        base = _rss_mb()
        end = datetime.fromisoformat(args.end)
        t0 = time.perf_counter()
        n = 0
        async with harvest_call_log(rc, end - SPAN, end, concurrency=4) as harvest:
            async for record in harvest:
                ids.write(f"{record.id}\n")
                n += 1
        seconds = time.perf_counter() - t0
        heavy = rc.throttle.stats()["Heavy"]
        return {
            "records": n,
            "seconds": seconds,
            "requests": heavy.sent,
            "429": heavy.rejected_429,
            "base_mb": base,
            "peak_mb": _peak_mb(),
        }


def _official(env: dict[str, str], args: argparse.Namespace, ids: Any) -> dict[str, Any]:
    from ringcentral import SDK  # type: ignore[import-untyped]
    from ringcentral.http.api_exception import ApiException  # type: ignore[import-untyped]

    platform = SDK(
        env["RINGCENTRAL_CLIENT_ID"],
        env["RINGCENTRAL_CLIENT_SECRET"],
        env["RINGCENTRAL_SERVER_URL"],
    ).platform()
    platform.login(jwt=env["RINGCENTRAL_JWT"])
    # The SDK sends "Authorization: bearer ..." (token_type as returned); the fake accepts
    # only "Bearer" (see the report), so the scheme is capitalised here.
    platform.auth().set_data({"token_type": "Bearer"})
    base = _rss_mb()
    end = datetime.fromisoformat(args.end)
    params = {
        "dateFrom": _iso(end - SPAN),
        "dateTo": _iso(end),
        "view": "Detailed",
        "perPage": 1000,
    }
    t0 = time.perf_counter()
    n = requests = rejected = 0
    url: str | None = "/restapi/v1.0/account/~/call-log"
    query: dict[str, Any] | None = params
    while url:
        requests += 1
        try:
            body = platform.get(url, query).json_dict()
        except ApiException as exc:  # no limiter: wait what the platform says, then retry
            response = exc.api_response().response()
            if response.status_code != 429:
                raise
            rejected += 1
            time.sleep(float(response.headers.get("Retry-After", "60")))
            continue
        for record in body["records"]:
            ids.write(f"{record['id']}\n")
        n += len(body["records"])
        url, query = (body.get("navigation", {}).get("nextPage") or {}).get("uri"), None
    return {
        "records": n,
        "seconds": time.perf_counter() - t0,
        "requests": requests,
        "429": rejected,
        "base_mb": base,
        "peak_mb": _peak_mb(),
    }


def _child(args: argparse.Namespace) -> None:
    env = json.loads(sys.stdin.readline())
    with open(args.ids, "w") as ids:
        if args.child == "ours":
            result = asyncio.run(_ours(env, args, ids))
        else:
            result = _official(env, args, ids)
    print(json.dumps(result), flush=True)


# -- the parent -------------------------------------------------------------------------------


async def _server(cmd: list[str]) -> tuple[asyncio.subprocess.Process, dict[str, str]]:
    proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
    env: dict[str, str] = {}
    assert proc.stdout is not None
    while "RINGCENTRAL_JWT" not in env:
        line = (await proc.stdout.readline()).decode()
        if not line:
            raise RuntimeError(f"{cmd[:4]} did not start")
        if line.startswith("RINGCENTRAL_"):
            name, _, value = line.strip().partition("=")
            env[name] = value
    return proc, env


async def _client(
    kind: str, env: dict[str, str], args: argparse.Namespace, records: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rc-harvest-") as tmp:
        ids_path = Path(tmp) / "ids.txt"
        cmd = [sys.executable, __file__, "--child", kind, "--ids", str(ids_path)]
        cmd += ["--window", str(args.window), "--end", args.end]
        proc = await asyncio.create_subprocess_exec(
            *cmd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await proc.communicate(json.dumps(env).encode() + b"\n")
        if proc.returncode:
            raise RuntimeError(f"client {kind} failed ({proc.returncode})")
        result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
        got = ids_path.read_text().split()
        result["unique"] = len(set(got))
        result["once"] = len(got) == len(set(got)) == records
        return result


async def _rows(args: argparse.Namespace) -> list[tuple[Any, ...]]:
    fake_cmd = [sys.executable, "-m", "ringcentral_async", "fake", "--extensions", "20"]
    fake_cmd += ["--call-log-records", str(args.records), "--window", str(args.window)]
    runs: list[tuple[str, str, list[str], int]] = [
        ("ringcentral_async harvest_call_log", "ours", fake_cmd, args.records),
        ("official ringcentral SDK, nextPage by hand", "official", fake_cmd, args.records),
    ]
    if args.scale_records:
        lazy = [sys.executable, __file__, "--serve-lazy", str(args.scale_records)]
        lazy += ["--end", args.end]
        runs.append(("ringcentral_async harvest_call_log", "ours", lazy, args.scale_records))
        if args.official_at_scale:
            runs.append(("official ringcentral SDK, nextPage by hand", "official", lazy,
                         args.scale_records))  # fmt: skip
    samples: list[list[dict[str, Any]]] = [[] for _ in runs]
    for _ in range(args.runs):  # interleaved: drift in the machine's speed hits every row
        for i, (_label, kind, server_cmd, records) in enumerate(runs):
            fresh = server_cmd is fake_cmd  # a fresh fake per run: fresh limits
            cmd = [*server_cmd, "--port", str(_free_port())] if fresh else server_cmd
            proc, env = await _server(cmd)
            try:
                samples[i].append(await _client(kind, env, args, records))
            finally:
                proc.terminate()
                await proc.wait()
    rows = []
    for (label, _kind, server_cmd, records), results in zip(runs, samples, strict=True):
        where = "fake" if server_cmd is fake_cmd else "lazy stand-in"
        minimum = math.ceil(records / 1000)
        bad = next((r for r in results if not r["once"]), None)
        rate = median(r["records"] / r["seconds"] for r in results)
        requests = median(r["requests"] for r in results)
        share = median(r["requests"] / (r["seconds"] / args.window * HEAVY) for r in results)
        rows.append(
            (
                label,
                where,
                f"{records:,}",
                "yes" if bad is None else f"NO ({bad['records']:,} got, {bad['unique']:,} unique)",
                f"{rate:,.0f}",
                f"{requests:g} / {minimum}",
                f"{share:.0%}",
                max(r["429"] for r in results),
                f"{median(r['base_mb'] for r in results):.0f}",
                f"{median(r['peak_mb'] - r['base_mb'] for r in results):.1f}",
            )
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=50_000, help="call-log size on the fake")
    ap.add_argument(
        "--scale-records",
        type=int,
        default=1_000_000,
        help="call-log size of the memory row (lazy stand-in server; 0: skip)",
    )
    ap.add_argument("--official-at-scale", action="store_true", help="official SDK row too")
    ap.add_argument("--runs", type=int, default=3, help="runs per row (medians reported)")
    ap.add_argument("--window", type=float, default=0.5, help="stands for the 60 s window")
    ap.add_argument("--end", default="", help=argparse.SUPPRESS)
    ap.add_argument("--child", choices=("ours", "official"), help=argparse.SUPPRESS)
    ap.add_argument("--ids", help=argparse.SUPPRESS)
    ap.add_argument("--serve-lazy", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.end:
        from ringcentral_async.testing import REFERENCE_DATE

        args.end = REFERENCE_DATE.astimezone(UTC).isoformat()
    if args.serve_lazy:
        asyncio.run(_serve_lazy(args.serve_lazy, datetime.fromisoformat(args.end)))
        return
    if args.child:
        _child(args)
        return
    rows = asyncio.run(_rows(args))
    print_table(
        (
            "client",
            "server",
            "records",
            "each once",
            "records/s",
            "requests / min",
            "Heavy limit used",
            "429s",
            "RSS after login MB",
            "peak RSS growth MB",
        ),
        rows,
        title=f"harvest.py: company call log, Detailed, Heavy {HEAVY} per {args.window:g} s "
        f"(= the platform's {HEAVY} per 60 s, time-scaled); one process per client; "
        f"median of {args.runs} runs (429s: the most in any run)",
        notes=[
            "requests / min: Heavy requests sent vs ceil(records / 1000), the fewest pages of "
            "1000 possible; Heavy limit used: requests / (seconds / window x 10).",
            "peak RSS growth: the client process's peak RSS (VmHWM) minus its RSS after "
            "imports and login. The lazy stand-in holds no records: it renders each page.",
        ],
    )


if __name__ == "__main__":
    main()
