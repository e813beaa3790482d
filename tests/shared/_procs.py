"""Start worker processes (``_worker.py``) together and collect what they print."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("_worker.py")


def worker_env() -> dict[str, str]:
    """The environment of a worker: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


async def start_workers(configs: list[dict[str, Any]]) -> list[asyncio.subprocess.Process]:
    """Start one worker per config; return once every one printed READY."""
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(WORKER),
            json.dumps(cfg),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=worker_env(),
            cwd=str(ROOT),
        )
        for cfg in configs
    ]
    try:
        for p in procs:
            assert p.stdout is not None
            line = await asyncio.wait_for(p.stdout.readline(), 60)
            if line.strip() != b"READY":
                err = await p.stderr.read() if p.stderr else b""
                raise AssertionError(f"worker did not start: {line!r} {err.decode()[-2000:]}")
    except BaseException:
        for p in procs:
            if p.returncode is None:
                p.kill()
            await p.wait()
        raise
    return procs


def go(procs: list[asyncio.subprocess.Process]) -> None:
    """Let every worker start its requests."""
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(b"GO\n")


async def results(procs: list[asyncio.subprocess.Process], timeout: float = 60) -> list[Any]:
    """Each worker's JSON result (fails with its stderr if it crashed)."""
    out = []
    for p in procs:
        stdout, stderr = await asyncio.wait_for(p.communicate(), timeout)
        if p.returncode != 0:
            raise AssertionError(f"worker exited {p.returncode}: {stderr.decode()[-3000:]}")
        out.append(json.loads(stdout.decode().strip().splitlines()[-1]))
    return out
