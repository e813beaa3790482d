"""rc.greetings: custom user and company greetings (streamed multipart uploads)."""

from __future__ import annotations

import os
from enum import StrEnum

from .._errors import ConfigurationError
from ..models import CompanyGreeting, UserGreeting
from . import _multipart
from ._base import check_choice, operation, query
from .generated.greetings import GreetingsApi

__all__ = ["GreetingsResource"]

ACCOUNT = "/restapi/v1.0/account/{accountId}"
USER_GREETING = ACCOUNT + "/extension/{extensionId}/greeting"

CREATE_USER_GREETING = operation(
    "createCustomUserGreeting", "POST", USER_GREETING, "greetings.create"
)
READ_USER_GREETING = operation(
    "readCustomGreeting", "GET", USER_GREETING + "/{greetingId}", "greetings.get"
)
CREATE_COMPANY_GREETING = operation(
    "createCompanyGreeting", "POST", ACCOUNT + "/greeting", "greetings.create_company"
)


class _UserGreetingType(StrEnum):
    """``type`` of a user greeting upload (the spec's request enumeration)."""

    INTRODUCTORY = "Introductory"
    ANNOUNCEMENT = "Announcement"
    CONNECTING_MESSAGE = "ConnectingMessage"
    CONNECTING_AUDIO = "ConnectingAudio"
    VOICEMAIL = "Voicemail"
    UNAVAILABLE = "Unavailable"
    HOLD_MUSIC = "HoldMusic"
    TEMPLATE_GREETING = "TemplateGreeting"


class _CompanyGreetingType(StrEnum):
    """``type`` of a company greeting upload."""

    COMPANY = "Company"
    START_RECORDING = "StartRecording"
    STOP_RECORDING = "StopRecording"
    AUTOMATIC_RECORDING = "AutomaticRecording"
    TEMPLATE_GREETING = "TemplateGreeting"


def _audio_body(
    fields: dict[str, str | None],
    content: _multipart.BinaryContent,
    filename: str | None,
    content_type: str | None,
) -> _multipart.MultipartBody:
    body = _multipart.MultipartBody()
    for name, value in fields.items():
        if value is not None:
            body.add_text(name, value)
    return body.add_file(
        "binary",
        content,
        filename=filename,
        content_type=content_type,
        default_filename="greeting.mp3" if content_type in (None, "audio/mpeg") else "greeting",
    )


class GreetingsResource(GreetingsApi):
    """Custom greetings. Uploads send ``multipart/form-data`` (API 1.0.37+), streamed: the
    ``binary`` part is bytes, a path (read from disk while sending) or an async iterator of
    bytes (sent once: a replay after a token refresh raises). At most 20 MB (platform limit).
    The content type defaults to the one guessed from the file name, else ``audio/mpeg``.
    """

    async def create(
        self,
        *,
        type: str,
        content: _multipart.BinaryContent,
        answering_rule_id: str | None = None,
        filename: str | None = None,
        content_type: str | None = None,
        text: str | None = None,
        apply: bool | None = None,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> UserGreeting:
        """``POST /account/{accountId}/extension/{extensionId}/greeting`` (Heavy).

        ``createCustomUserGreeting``: form fields ``type`` (checked before sending),
        ``answeringRuleId`` (required by the spec's form; its absence raises
        ConfigurationError before sending), optional ``text``, and the audio as the
        ``binary`` part. ``apply`` is the query flag (platform default true).
        """
        kind = check_choice("type", type, _UserGreetingType)
        if not answering_rule_id:
            raise ConfigurationError(
                "greetings.create needs answering_rule_id= (e.g. 'business-hours-rule')"
            )
        body = _audio_body(
            {"type": kind, "answeringRuleId": answering_rule_id, "text": text},
            content,
            filename,
            content_type or _default_audio(filename, content),
        )
        return await self._call(
            CREATE_USER_GREETING,
            {"accountId": account_id, "extensionId": extension_id},
            UserGreeting,
            params=query(apply=apply),
            data=body,
        )

    async def get(
        self,
        greeting_id: str | int,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> UserGreeting:
        """``GET /account/{accountId}/extension/{extensionId}/greeting/{greetingId}`` (Medium).

        ``readCustomGreeting``.
        """
        return await self._call(
            READ_USER_GREETING,
            {"accountId": account_id, "extensionId": extension_id, "greetingId": greeting_id},
            UserGreeting,
        )

    async def create_company(
        self,
        *,
        type: str,
        content: _multipart.BinaryContent,
        language_id: str | None = None,
        answering_rule_id: str | None = None,
        filename: str | None = None,
        content_type: str | None = None,
        text: str | None = None,
        account_id: str | int = "~",
    ) -> CompanyGreeting:
        """``POST /account/{accountId}/greeting`` (Medium).

        ``createCompanyGreeting``: form fields ``type`` (Company, StartRecording,
        StopRecording, AutomaticRecording, TemplateGreeting; checked before sending),
        optional ``languageId``, ``answeringRuleId``, ``text`` and the ``binary`` audio part.
        """
        kind = check_choice("type", type, _CompanyGreetingType)
        body = _audio_body(
            {
                "type": kind,
                "answeringRuleId": answering_rule_id,
                "languageId": language_id,
                "text": text,
            },
            content,
            filename,
            content_type or _default_audio(filename, content),
        )
        return await self._call(
            CREATE_COMPANY_GREETING, {"accountId": account_id}, CompanyGreeting, data=body
        )


def _default_audio(filename: str | None, content: _multipart.BinaryContent) -> str:
    name = filename
    if name is None and isinstance(content, str | os.PathLike):
        name = os.fspath(content)
    guessed = _multipart.content_type_for(name, default="")
    return guessed if guessed.startswith("audio/") else "audio/mpeg"
