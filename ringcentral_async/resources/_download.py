"""Binary downloads, streamed (layer 5).

Downloads go through :meth:`Pipeline.stream`: one usage-plan slot, the token only for trusted
hosts (the configured server and ``*.ringcentral.com``, also across redirects, which the
transport follows by hand), a typed error for a non-2xx answer. Nothing is read into memory:
:func:`iter_chunks` yields the body chunk by chunk and :func:`download` writes it to a binary
file object, or to a path through a temporary file renamed at the end (no partial file is
left behind when anything fails).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .._errors import ConfigurationError
from .._pipeline import Pipeline

if TYPE_CHECKING:
    from .._transport import ClientResponse

__all__ = ["DEFAULT_CHUNK_SIZE", "Destination", "download", "iter_chunks", "range_header", "stream"]

DEFAULT_CHUNK_SIZE = 64 * 1024

#: Where a download goes: a path (temp file + rename) or an open binary file object.
Destination = str | os.PathLike[str] | IO[bytes]


def range_header(value: str | tuple[int, int | None] | None) -> str | None:
    """``Range`` header value: ``"bytes=0-99"`` as given, or ``(first, last|None)``."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.startswith("bytes="):
            raise ConfigurationError(f"range={value!r}: expected 'bytes=first-last'")
        return value
    first, last = value
    if first < 0 or (last is not None and last < first):
        raise ConfigurationError(f"range={value!r} is not a valid byte range")
    return f"bytes={first}-{'' if last is None else last}"


@asynccontextmanager
async def stream(
    pipeline: Pipeline,
    url_or_path: str,
    *,
    group: str,
    params: Mapping[str, Any] | None = None,
    range: str | tuple[int, int | None] | None = None,
    timeout: float | None = None,
) -> AsyncIterator[ClientResponse]:
    """Open a binary response (``resp.content`` is a StreamReader); 206 for a range."""
    header = range_header(range)
    headers = {"Range": header} if header else None
    async with pipeline.stream(
        "GET", url_or_path, params=params, headers=headers, group=group, timeout=timeout
    ) as resp:
        yield resp


async def iter_chunks(
    pipeline: Pipeline,
    url_or_path: str,
    *,
    group: str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    params: Mapping[str, Any] | None = None,
    range: str | tuple[int, int | None] | None = None,
    timeout: float | None = None,
) -> AsyncGenerator[bytes, None]:
    """Yield the body of a binary resource chunk by chunk (at most ``chunk_size`` bytes each)."""
    if chunk_size < 1:
        raise ConfigurationError("chunk_size must be at least 1")
    async with stream(
        pipeline, url_or_path, group=group, params=params, range=range, timeout=timeout
    ) as resp:
        async for chunk in resp.content.iter_chunked(chunk_size):
            yield chunk


async def download(
    pipeline: Pipeline,
    url_or_path: str,
    dest: Destination,
    *,
    group: str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    params: Mapping[str, Any] | None = None,
    range: str | tuple[int, int | None] | None = None,
    timeout: float | None = None,
) -> int:
    """Stream a binary resource into ``dest``; returns the number of bytes written.

    A path gets a temporary file next to it, renamed over ``dest`` only once the whole body
    has arrived; on any error the temporary file is removed and ``dest`` is left untouched.
    A file object is written as the chunks arrive (it is not closed).
    """
    chunks = iter_chunks(
        pipeline,
        url_or_path,
        group=group,
        chunk_size=chunk_size,
        params=params,
        range=range,
        timeout=timeout,
    )
    if isinstance(dest, str | os.PathLike):
        return await _to_path(chunks, Path(dest))
    if not hasattr(dest, "write"):
        raise ConfigurationError("dest must be a path or a binary file object")
    written = 0
    try:
        async for chunk in chunks:
            dest.write(chunk)
            written += len(chunk)
    finally:
        await chunks.aclose()
    return written


async def _to_path(chunks: AsyncGenerator[bytes, None], dest: Path) -> int:
    # The temporary file is created and removed synchronously (both are quick), so a
    # cancellation can never leave it behind; the chunk writes run in a worker thread.
    handle, tmp = _temp_next_to(dest)
    written = 0
    try:
        with handle:
            try:
                async for chunk in chunks:
                    await asyncio.to_thread(handle.write, chunk)
                    written += len(chunk)
            finally:
                await chunks.aclose()
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def _temp_next_to(dest: Path) -> tuple[IO[bytes], Path]:
    directory = dest.parent if str(dest.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{dest.name}.", suffix=".part")
    return os.fdopen(fd, "wb"), Path(name)
