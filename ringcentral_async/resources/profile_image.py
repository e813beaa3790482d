"""rc.profile_image: an extension's profile image, scaled (media host), and its upload."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from . import _download, _multipart
from ._base import Operation, Resource, check_choice, operation
from .params import ScaleSize

__all__ = ["ProfileImageResource", "ScaleSize"]

IMAGE = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/profile-image"

READ_SCALED_IMAGE = operation(
    "readScaledProfileImage",
    "GET",
    IMAGE + "/{scaleSize}",
    "profile_image.download",
    note="group per the current spec; the 2019-2022 specs say Light",
)
CREATE_IMAGE = operation("createUserProfileImage", "POST", IMAGE, "profile_image.upload")
UPDATE_IMAGE = operation("updateUserProfileImage", "PUT", IMAGE, "profile_image.replace")


class ProfileImageResource(Resource):
    """The profile image of an extension.

    ``readScaledProfileImage`` is in the **Medium** group per the current spec; the
    2019-2022 specs put it in Light. The spec is followed.
    """

    def _target(self, scale_size: str, account_id: str | int, extension_id: str | int) -> str:
        size = check_choice("scale_size", scale_size, ScaleSize)
        return self._path(
            READ_SCALED_IMAGE,
            {"accountId": account_id, "extensionId": extension_id, "scaleSize": size},
        )

    async def download(
        self,
        scale_size: str,
        dest: _download.Destination,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        chunk_size: int = _download.DEFAULT_CHUNK_SIZE,
    ) -> int:
        """``GET .../extension/{extensionId}/profile-image/{scaleSize}`` (Medium, spec).

        ``readScaledProfileImage`` (media API; Light in the 2019-2022 specs, Medium now): the
        image (``image/*``) into a path (temporary file + rename) or a binary file object.
        ``scale_size`` is one of original, 90x90, 195x195, 584x584 (checked before sending).
        An extension without an image answers 404 ACT-333 (NotFoundError). Returns the size.
        """
        return await _download.download(
            self._pipeline,
            self._target(scale_size, account_id, extension_id),
            dest,
            group=READ_SCALED_IMAGE.group,
            chunk_size=chunk_size,
        )

    def iter_content(
        self,
        scale_size: str,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        chunk_size: int = _download.DEFAULT_CHUNK_SIZE,
    ) -> AsyncGenerator[bytes, None]:
        """``GET .../profile-image/{scaleSize}`` (Medium, spec; Light in the seed), chunked.

        ``readScaledProfileImage``; ``scale_size`` is checked before anything is sent.
        """
        return _download.iter_chunks(
            self._pipeline,
            self._target(scale_size, account_id, extension_id),
            group=READ_SCALED_IMAGE.group,
            chunk_size=chunk_size,
        )

    async def upload(
        self,
        content: _multipart.BinaryContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        replace: bool = False,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> None:
        """``POST`` (or ``PUT`` with ``replace=True``) ``.../profile-image`` (Heavy).

        ``createUserProfileImage`` / ``updateUserProfileImage``: a streamed
        ``multipart/form-data`` body with one binary ``image`` part (bytes, a path read
        from disk while sending, or an async iterator of bytes). The platform answers 204.
        """
        await self._send_image(
            UPDATE_IMAGE if replace else CREATE_IMAGE,
            content,
            filename,
            content_type,
            account_id,
            extension_id,
        )

    async def replace(
        self,
        content: _multipart.BinaryContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> None:
        """``PUT .../profile-image`` (Heavy; ``updateUserProfileImage``), streamed multipart.

        The same as ``upload(content, replace=True)``.
        """
        await self._send_image(
            UPDATE_IMAGE, content, filename, content_type, account_id, extension_id
        )

    async def _send_image(
        self,
        op: Operation,
        content: _multipart.BinaryContent,
        filename: str | None,
        content_type: str | None,
        account_id: str | int,
        extension_id: str | int,
    ) -> None:
        body = _multipart.MultipartBody().add_file(
            "image",
            content,
            filename=filename,
            content_type=content_type,
            default_filename="image.png",
        )
        await self._call(op, {"accountId": account_id, "extensionId": extension_id}, data=body)
