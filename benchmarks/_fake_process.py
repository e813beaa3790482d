"""The fake platform in a process of its own, for the benchmarks that compare clients.

``fake_process(...)`` starts ``benchmarks/_fake_server.py`` (throttling off) and yields its JSON
info (URL, credentials, call-log date range, pid); with ``rtt`` > 0 clients reach it over
https (``make_tls``) through a proxy that emulates the network round trip. ``process_cpu``
reads a process's CPU time, so a benchmark can show the server's share of a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks._common import ROOT
from ringcentral_async import RingCentral, Throttle

__all__ = [
    "LOOSE",
    "clients_for",
    "fake_process",
    "make_tls",
    "official_platform",
    "process_cpu",
    "tls_for",
]

#: Limits out of reach: the limiter's bookkeeping is paid, never a wait.
LOOSE = {g: (10**9, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")}


def make_tls(directory: Path) -> tuple[Path, Path, Path]:
    """A self-signed RSA 2048 certificate for 127.0.0.1, its key, and certifi's roots + it
    (the certificate alone where certifi, which the official SDK brings, is missing)."""
    cert, key, bundle = directory / "cert.pem", directory / "key.pem", directory / "bundle.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        import certifi
    except ImportError:
        roots = b""
    else:
        roots = Path(certifi.where()).read_bytes()
    bundle.write_bytes(roots + cert.read_bytes())
    return cert, key, bundle


@contextlib.contextmanager
def tls_for(rtts: list[float]) -> Iterator[tuple[Path, Path, Path] | None]:
    """A certificate, its key and a trusting CA bundle (``make_tls``) in a temporary
    directory if any of ``rtts`` is above 0 (an https scenario), else None."""
    if not any(rtt > 0 for rtt in rtts):
        yield None
        return
    if shutil.which("openssl") is None:
        raise SystemExit("--rtt above 0 needs the openssl command (for a certificate)")
    with tempfile.TemporaryDirectory() as tmp:
        yield make_tls(Path(tmp))


@contextlib.contextmanager
def fake_process(
    records: int, extensions: int, rtt: float = 0.0, tls: tuple[Path, Path] | None = None
) -> Iterator[dict[str, Any]]:
    """Start ``benchmarks._fake_server``; yield its JSON info; stop it on exit."""
    cmd = [sys.executable, "-m", "benchmarks._fake_server", "--records", str(records),
           "--extensions", str(extensions), "--rtt", str(rtt)]  # fmt: skip
    if tls is not None:
        cmd += ["--tls", str(tls[0]), str(tls[1])]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the fake server did not start (exit {proc.wait()})")
        yield json.loads(line)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of process ``pid`` so far, or None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def official_platform(info: dict[str, Any], bundle: Path | None) -> Any:
    """The official SDK's platform, logged in to the fake; None when it is not installed.

    ``bundle``: the CA bundle that trusts the fake's certificate (https runs).
    """
    try:
        import requests.adapters
        from ringcentral import SDK  # type: ignore[import-untyped]
    except ImportError:
        return None
    if bundle is not None:  # where requests looks for its CA bundle on every new connection
        requests.adapters.DEFAULT_CA_BUNDLE_PATH = str(bundle)  # type: ignore[attr-defined]
    platform = SDK(info["client_id"], info["client_secret"], info["url"]).platform()
    platform.login(jwt=info["jwt"])
    # The SDK sends "Authorization: bearer <token>" (token_type as the platform returns it);
    # FakeRingCentral, like strict servers, accepts only the capitalised "Bearer" scheme.
    platform.auth().set_data({"token_type": "Bearer"})
    return platform


@contextlib.asynccontextmanager
async def clients_for(
    info: dict[str, Any], tls: tuple[Path, Path, Path] | None
) -> AsyncIterator[tuple[RingCentral, aiohttp.ClientSession, Any]]:
    """For the fake ``info`` describes: our client logged in (loose limits, calibration
    off, its own session), a bare aiohttp session, and the official SDK's platform (None
    when not installed). Over https (``tls``) all three trust the fake's certificate."""
    ssl_for: Any = True if tls is None else ssl.create_default_context(cafile=str(tls[2]))
    platform = await asyncio.to_thread(official_platform, info, None if tls is None else tls[2])
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100, ssl=ssl_for)) as ours,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100, ssl=ssl_for)) as bare,
        RingCentral(
            info["client_id"], info["client_secret"], server_url=info["url"],
            throttle=Throttle(limits=LOOSE, calibrate=False), session=ours,
        ) as rc,
    ):  # fmt: skip
        await rc.login(jwt=info["jwt"])
        yield rc, bare, platform
