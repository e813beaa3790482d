"""Start worker processes (``_worker.py``) together and collect what they print."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
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
    """Start one worker per config; return once every one printed READY.

    A worker's stderr goes to a temporary file (``proc.stderr_path``), so that it can be
    shown whole when the worker fails or hangs."""
    procs = []
    for cfg in configs:
        fd, name = tempfile.mkstemp(prefix="worker-", suffix=".err")
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                str(WORKER),
                json.dumps(cfg),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=fd,
                env=worker_env(),
                cwd=str(ROOT),
            )
        finally:
            os.close(fd)
        proc.stderr_path = Path(name)  # type: ignore[attr-defined]
        procs.append(proc)
    try:
        for p in procs:
            assert p.stdout is not None
            line = await asyncio.wait_for(p.stdout.readline(), 60)
            if line.strip() != b"READY":
                raise AssertionError(f"worker did not start: {line!r} {_stderr(p)}")
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
    try:
        for p in procs:
            try:
                stdout, _ = await asyncio.wait_for(p.communicate(), timeout)
            except TimeoutError:
                p.kill()
                await p.wait()
                raise AssertionError(f"worker {p.pid} hung: {_stderr(p)}") from None
            if p.returncode != 0:
                raise AssertionError(f"worker exited {p.returncode}: {_stderr(p)}")
            out.append(json.loads(stdout.decode().strip().splitlines()[-1]))
    finally:
        for p in procs:
            if p.returncode is None:
                p.kill()
                await p.wait()
            os.unlink(p.stderr_path)  # type: ignore[attr-defined]
    return out


def _stderr(p: asyncio.subprocess.Process) -> str:
    path: Path = p.stderr_path  # type: ignore[attr-defined]
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no stderr)"
    return text if len(text) < 16000 else text[:8000] + "\n[...]\n" + text[-8000:]
