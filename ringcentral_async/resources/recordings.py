"""rc.recordings: call recording metadata and streamed content (media host)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from enum import StrEnum
from typing import TYPE_CHECKING

from ..models import Recording
from . import _download

if TYPE_CHECKING:
    from .._transport import ClientResponse

from ._base import Resource, check_choice, operation, query

__all__ = ["RecordingsResource"]

RECORDING = "/restapi/v1.0/account/{accountId}/recording/{recordingId}"

READ_RECORDING = operation(
    "readCallRecording",
    "GET",
    RECORDING,
    "recordings.get",
    legacy_operation_id="listCallRecordings",
)
READ_RECORDING_CONTENT = operation(
    "readCallRecordingContent",
    "GET",
    RECORDING + "/content",
    "recordings.download",
    legacy_operation_id="listCallRecordingData",
)

Range = str | tuple[int, int | None] | None


class _ContentDisposition(StrEnum):
    INLINE = "Inline"
    ATTACHMENT = "Attachment"


class RecordingsResource(Resource):
    """Call recordings (account level only; bulk ids are not supported by the platform).

    The content methods accept a recording id (the URL is built on the configured server,
    which may redirect to the media host) or the absolute ``contentUri`` the API returned
    (``https://media.ringcentral.com/...``), used as is. The token is sent only to the
    configured server and ``*.ringcentral.com`` hosts, also across redirects. ``range``
    (``"bytes=0-99"`` or ``(first, last|None)``) asks for part of the content (206).
    """

    async def get(self, recording_id: str | int, *, account_id: str | int = "~") -> Recording:
        """``GET /account/{accountId}/recording/{recordingId}`` (Heavy): metadata.

        ``readCallRecording``: id, contentUri (absolute, media host), contentType, duration.
        """
        return await self._call(
            READ_RECORDING, {"accountId": account_id, "recordingId": recording_id}, Recording
        )

    def _target(self, recording: str | int, account_id: str | int) -> str:
        text = str(recording)
        if text.startswith(("https://", "http://", "/")):
            return text
        return self._path(READ_RECORDING_CONTENT, {"accountId": account_id, "recordingId": text})

    def _params(
        self, content_disposition: str | None, content_disposition_filename: str | None
    ) -> dict[str, str]:
        return query(
            content_disposition=check_choice(
                "content_disposition", content_disposition, _ContentDisposition
            ),
            content_disposition_filename=content_disposition_filename,
        )

    @asynccontextmanager
    async def stream(
        self,
        recording: str | int,
        *,
        account_id: str | int = "~",
        range: Range = None,
        content_disposition: str | None = None,
        content_disposition_filename: str | None = None,
    ) -> AsyncIterator[ClientResponse]:
        """``GET .../recording/{recordingId}/content`` (Heavy) as an open response.

        ``readCallRecordingContent``: ``async with rc.recordings.stream(id) as resp`` gives
        the aiohttp response (``resp.content`` is a StreamReader; ``audio/mpeg`` or
        ``audio/wav``).
        """
        params = self._params(content_disposition, content_disposition_filename)
        async with _download.stream(
            self._pipeline,
            self._target(recording, account_id),
            group=READ_RECORDING_CONTENT.group,
            params=params,
            range=range,
        ) as resp:
            yield resp

    def iter_content(
        self,
        recording: str | int,
        *,
        account_id: str | int = "~",
        chunk_size: int = _download.DEFAULT_CHUNK_SIZE,
        range: Range = None,
    ) -> AsyncGenerator[bytes, None]:
        """``GET .../recording/{recordingId}/content`` (Heavy), chunk by chunk.

        ``readCallRecordingContent``: ``async for chunk in rc.recordings.iter_content(id)``.
        """
        return _download.iter_chunks(
            self._pipeline,
            self._target(recording, account_id),
            group=READ_RECORDING_CONTENT.group,
            chunk_size=chunk_size,
            range=range,
        )

    async def download(
        self,
        recording: str | int,
        dest: _download.Destination,
        *,
        account_id: str | int = "~",
        chunk_size: int = _download.DEFAULT_CHUNK_SIZE,
        range: Range = None,
    ) -> int:
        """``GET .../recording/{recordingId}/content`` (Heavy) into a path or a file object.

        ``readCallRecordingContent``. Returns the number of bytes written. A path is written
        through a temporary file renamed at the end: no partial file is left on error.
        """
        return await _download.download(
            self._pipeline,
            self._target(recording, account_id),
            dest,
            group=READ_RECORDING_CONTENT.group,
            chunk_size=chunk_size,
            range=range,
        )
