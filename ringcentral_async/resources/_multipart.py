"""Streamed ``multipart/form-data`` uploads (layer 5; imports aiohttp for its Payload base).

:class:`MultipartBody` is an aiohttp payload writing ``multipart/form-data`` itself, so a file
part is read chunk by chunk while sending. Bytes and path parts can be sent again (the
pipeline replays a request after a token refresh or a 429); an async-iterator part can be
sent once only, and a replay raises instead of silently sending a truncated body.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import os
import secrets
from collections.abc import AsyncIterable, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
from aiohttp.abc import AbstractStreamWriter
from aiohttp.payload import Payload

from .._errors import ConfigurationError
from ._download import DEFAULT_CHUNK_SIZE

__all__ = ["BinaryContent", "MultipartBody", "content_type_for", "file_part"]

#: What an upload part may be: bytes, a file path (streamed from disk) or an async iterator.
BinaryContent = bytes | bytearray | memoryview | str | os.PathLike[str] | AsyncIterable[bytes]


def content_type_for(filename: str | None, default: str = "application/octet-stream") -> str:
    """The media type guessed from a file name (``default`` when unknown)."""
    if filename:
        guessed = mimetypes.guess_type(filename)[0]
        if guessed:
            return guessed
    return default


@attrs.frozen
class _Field:
    name: str
    content: Any  # bytes, Path or AsyncIterable[bytes]
    filename: str | None = None
    content_type: str | None = None


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")


class MultipartBody(Payload):
    """A streamed ``multipart/form-data`` request body (an aiohttp payload).

    Build it with :meth:`add_text`, :meth:`add_json` and :meth:`add_file`, then pass it as
    ``data=``. Path parts are opened and read chunk by chunk each time the body is written,
    so the body can be replayed; an async-iterator part can be written once only.
    """

    _autoclose = True

    def __init__(self, *, boundary: str | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE):
        self.boundary = boundary or "rcasync" + secrets.token_hex(16)
        self.chunk_size = chunk_size
        self._fields: list[_Field] = []
        self._iterators_used = False
        super().__init__(None, content_type=f"multipart/form-data; boundary={self.boundary}")

    @property
    def fields(self) -> Sequence[tuple[str, str | None, str | None]]:
        """(name, filename, content type) of every part, in order."""
        return [(f.name, f.filename, f.content_type) for f in self._fields]

    def add_text(self, name: str, value: str) -> MultipartBody:
        """A plain form field."""
        self._fields.append(_Field(name, value.encode("utf-8")))
        return self

    def add_json(self, name: str, value: Any) -> MultipartBody:
        """A JSON part (``Content-Type: application/json``)."""
        self._fields.append(
            _Field(name, json.dumps(value).encode("utf-8"), content_type="application/json")
        )
        return self

    def add_file(
        self,
        name: str,
        content: BinaryContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        default_filename: str | None = None,
    ) -> MultipartBody:
        """A binary part from bytes, a path (streamed from disk) or an async iterator.

        The file name defaults to the path's name, else ``default_filename``, else ``name``;
        the content type defaults to the one guessed from the file name.
        """
        self._fields.append(file_part(name, content, filename, content_type, default_filename))
        return self

    @property
    def size(self) -> int | None:
        """The exact body size when every part's size is known (bytes, paths), else None."""
        total = 0
        for field in self._fields:
            if isinstance(field.content, bytes):
                total += len(field.content)
            elif isinstance(field.content, Path):
                try:
                    total += field.content.stat().st_size
                except OSError:
                    return None
            else:
                return None
            total += len(self._head(field))
        return total + len(self._tail())

    def _head(self, field: _Field) -> bytes:
        disposition = f'form-data; name="{_quote(field.name)}"'
        if field.filename is not None:
            disposition += f'; filename="{_quote(field.filename)}"'
        lines = [f"--{self.boundary}", f"Content-Disposition: {disposition}"]
        if field.content_type:
            lines.append(f"Content-Type: {field.content_type}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")

    def _tail(self) -> bytes:
        # Each part's content is followed by CRLF before the next delimiter.
        return f"--{self.boundary}--\r\n".encode() + b"\r\n" * len(self._fields)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        raise TypeError("a streamed multipart body cannot be decoded as text")

    async def write(self, writer: AbstractStreamWriter) -> None:
        """Write every part; files are read chunk by chunk in a worker thread."""
        if any(not isinstance(f.content, bytes | Path) for f in self._fields):
            if self._iterators_used:
                raise ConfigurationError(
                    "this upload reads an async iterator and cannot be sent twice "
                    "(pass bytes or a path to allow replays)"
                )
            self._iterators_used = True
        for field in self._fields:
            await writer.write(self._head(field))
            content = field.content
            if isinstance(content, bytes):
                await writer.write(content)
            elif isinstance(content, Path):
                # Opened and closed synchronously (both are quick) so that a cancelled
                # write (e.g. the server answered 401 early) never leaks the handle.
                handle = _open_binary(content)
                try:
                    while chunk := await asyncio.to_thread(handle.read, self.chunk_size):
                        await writer.write(chunk)
                finally:
                    handle.close()
            else:
                async for chunk in content:
                    await writer.write(bytes(chunk))
            await writer.write(b"\r\n")
        await writer.write(f"--{self.boundary}--\r\n".encode())

    async def write_with_length(
        self, writer: AbstractStreamWriter, content_length: int | None
    ) -> None:
        await self.write(writer)

    async def render(self) -> bytes:
        """The whole body in memory (for tests and debugging; consumes iterator parts)."""
        out = _Collect()
        await self.write(out)  # type: ignore[arg-type]
        return bytes(out.data)


def _open_binary(path: Path) -> IO[bytes]:
    return path.open("rb")


class _Collect:
    def __init__(self) -> None:
        self.data = bytearray()

    async def write(self, chunk: bytes | bytearray | memoryview) -> None:
        self.data += chunk


def file_part(
    name: str,
    content: BinaryContent,
    filename: str | None,
    content_type: str | None,
    default_filename: str | None = None,
) -> _Field:
    """Check one binary part; a path must name a readable regular file."""
    value: Any
    if isinstance(content, bytes | bytearray | memoryview):
        value = bytes(content)
    elif isinstance(content, str | os.PathLike):
        value = Path(content)
        if not value.is_file():
            raise ConfigurationError(f"{name}: {str(value)!r} is not a readable file")
        filename = filename or value.name
    elif isinstance(content, AsyncIterable):
        value = content
    else:
        raise ConfigurationError(
            f"{name}: content must be bytes, a path or an async iterator of bytes"
        )
    filename = filename or default_filename or name
    return _Field(name, value, filename, content_type or content_type_for(filename))
