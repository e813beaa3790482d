"""Numbers, recordings, greetings, profile image, blocked numbers and call-log bulk against
FakeRingCentral, end to end (real client, real HTTP on 127.0.0.1)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from ringcentral_async import (
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    RingCentral,
    Throttle,
)
from ringcentral_async.models import BlockedAllowedNumberRequest
from ringcentral_async.resources._download import DEFAULT_CHUNK_SIZE
from ringcentral_async.testing import FakeRingCentral

LOOSE = {g: (10_000, 1.0) for g in ("Light", "Medium", "Heavy", "Auth")}


@pytest.fixture
async def loose(make_fake: Any, make_client: Any) -> tuple[FakeRingCentral, RingCentral]:
    """A fake and a client whose limits never make anything wait."""
    fake = await make_fake(limits=LOOSE, call_log_records=150)
    rc = await make_client(fake, throttle=Throttle(limits=LOOSE))
    return fake, rc


async def test_phone_numbers(loose: tuple[FakeRingCentral, RingCentral]) -> None:
    fake, rc = loose
    mine = await rc.phone_numbers.list().collect()
    company = await rc.phone_numbers.list_company(per_page=5).collect()
    assert len(company) == len(fake.phone_numbers)
    assert all(n.extension is None or n.extension.id for n in company)
    assert {n.id for n in mine} <= {n.id for n in company}
    one = await rc.phone_numbers.get_company(company[1].id or 0)
    assert one.phone_number == company[1].phone_number
    ids: list[Any] = [n.id for n in company[:3]] + [1]
    items = await rc.phone_numbers.get_company_many(ids)
    assert [i.id for i in items] == [str(i) for i in ids]
    assert [i.ok for i in items] == [True, True, True, False]
    assert isinstance(items[3].error, NotFoundError)


async def test_call_log_get_many_in_chunks(loose: tuple[FakeRingCentral, RingCentral]) -> None:
    fake, rc = loose
    owner = str(fake.owner_id)
    for _ in range(60):
        fake.add_call_record(extension_id=fake.owner_id)
    mine = [r["id"] for r in fake.call_records if r["extension"]["id"] == int(owner)]
    assert len(mine) >= 60
    asked = [*mine[:60], "nope", mine[0]]
    items = await rc.call_log.get_many(asked, view="Detailed")
    assert [i.id for i in items] == asked  # lined up with the ids asked for
    assert items[-1] is items[0]  # the repeated id was fetched once
    assert all(i.ok for i in items[:60]) and items[60].status == 404
    assert items[0].unwrap().legs is not None
    assert fake.count(path="/call-log/", status=207) == 2  # 50 + 11 ids
    assert {r.group for r in fake.requests(path="/call-log/")} == {"Heavy"}


async def test_recordings(loose: tuple[FakeRingCentral, RingCentral], tmp_path: Path) -> None:
    fake, rc = loose
    rec_id = fake.recording_ids[0]
    meta = await rc.recordings.get(rec_id)
    assert meta.content_uri and meta.content_uri.startswith(fake.url)
    expected = fake.recording_content(rec_id)
    dest = tmp_path / "r.mp3"
    assert await rc.recordings.download(meta.content_uri, dest, chunk_size=1000) == len(expected)
    assert dest.read_bytes() == expected
    chunks = [c async for c in rc.recordings.iter_content(rec_id, range=(0, 9))]
    assert b"".join(chunks) == expected[:10]
    async with rc.recordings.stream(rec_id, range="bytes=-4") as resp:
        assert resp.status == 206 and await resp.read() == expected[-4:]
    with pytest.raises(NotFoundError):
        await rc.recordings.download("424242", tmp_path / "none.mp3")
    assert _names(tmp_path) == ["r.mp3"]


async def test_greetings_upload_streamed(
    loose: tuple[FakeRingCentral, RingCentral], tmp_path: Path
) -> None:
    fake, rc = loose
    audio = tmp_path / "hello.mp3"
    audio.write_bytes(b"ID3" + b"\x07" * 200_000)
    created = await rc.greetings.create(
        type="Voicemail", answering_rule_id="business-hours-rule", content=audio
    )
    assert created.id and created.type == "Voicemail" and created.content_type == "audio/mpeg"
    again = await rc.greetings.get(created.id)
    assert again.content_uri == created.content_uri
    assert created.content_uri is not None
    buf = io.BytesIO()
    async with rc.stream("GET", created.content_uri) as resp:
        buf.write(await resp.read())
    assert buf.getvalue() == audio.read_bytes()

    async def gen() -> Any:
        yield b"RIFF"
        yield b"\x00" * 10

    company = await rc.greetings.create_company(
        type="Company", content=gen(), content_type="audio/wav", language_id="1033"
    )
    assert company.content_type == "audio/wav" and company.language is not None
    sent = len(fake.log)
    with pytest.raises(ConfigurationError, match="answering_rule_id"):
        await rc.greetings.create(type="Voicemail", content=b"ID3")  # no answering rule
    assert len(fake.log) == sent  # refused before sending
    with pytest.raises(NotFoundError):
        await rc.greetings.get("1")


async def test_greeting_upload_replayed_after_token_expiry(
    loose: tuple[FakeRingCentral, RingCentral], tmp_path: Path
) -> None:
    fake, rc = loose
    audio = tmp_path / "a.mp3"
    audio.write_bytes(b"ID3" + b"\x01" * 5000)
    fake.expire_access_tokens()
    created = await rc.greetings.create(type="Announcement", answering_rule_id="r", content=audio)
    assert created.id
    uploads = fake.requests(method="POST", path="/greeting")
    assert [r.status for r in uploads] == [401, 200]


async def test_profile_image(loose: tuple[FakeRingCentral, RingCentral], tmp_path: Path) -> None:
    fake, rc = loose
    size = await rc.profile_image.download("195x195", tmp_path / "me.png")
    data = (tmp_path / "me.png").read_bytes()
    assert size == len(data) and data.startswith(b"\x89PNG")
    other = next(e["id"] for e in fake.extensions if e["id"] != fake.owner_id)
    with pytest.raises(NotFoundError) as info:
        await rc.profile_image.download("original", io.BytesIO(), extension_id=other)
    assert info.value.error_code == "ACT-333"
    await rc.profile_image.upload(b"\x89PNGnew", extension_id=other)
    chunks = [c async for c in rc.profile_image.iter_content("90x90", extension_id=other)]
    assert b"".join(chunks).startswith(b"\x89PNG")
    assert fake.requests(path="/profile-image/")[0].group == "Medium"


async def test_blocked_numbers(loose: tuple[FakeRingCentral, RingCentral]) -> None:
    _, rc = loose
    first = await rc.blocked_numbers.create(
        BlockedAllowedNumberRequest(phone_number="+16505550123", label="spam")
    )
    second = await rc.blocked_numbers.create({"phoneNumber": "+16505550124", "status": "Allowed"})
    assert first.id and second.id and second.status == "Allowed"
    assert (await rc.blocked_numbers.get(first.id)).label == "spam"
    items = await rc.blocked_numbers.get_many([first.id, "0", second.id])
    assert [i.ok for i in items] == [True, False, True]
    updated = await rc.blocked_numbers.update(second.id, {"status": "Blocked", "label": "x"})
    assert updated.status == "Blocked"
    with pytest.warns(DeprecationWarning):
        legacy = await rc.blocked_numbers.get_legacy(second.id)
    assert legacy.name == "x" and legacy.phone_number == "+16505550124"
    with pytest.warns(DeprecationWarning):
        assert (await rc.blocked_numbers.update_legacy(second.id, {"name": "y"})).name == "y"
    with pytest.warns(DeprecationWarning):
        await rc.blocked_numbers.delete_legacy(second.id)
    await rc.blocked_numbers.delete(first.id)
    with pytest.raises(NotFoundError):
        await rc.blocked_numbers.get(first.id)
    with pytest.raises(BadRequestError):
        await rc.blocked_numbers.create({"phoneNumber": "nope"})


def _names(directory: Path) -> list[str]:
    """The sorted file names in ``directory`` (temporary files included)."""
    return sorted(p.name for p in directory.iterdir())


class _ReadLog(io.RawIOBase):
    """A binary file whose reads are recorded (to prove an upload is streamed)."""

    def __init__(self, path: Path, sizes: list[int]) -> None:
        self._file = path.open("rb")
        self._sizes = sizes

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        self._sizes.append(len(chunk) if size != -1 else -1)
        return chunk

    def close(self) -> None:
        self._file.close()
        super().close()


async def test_uploads_are_streamed_from_disk(
    loose: tuple[FakeRingCentral, RingCentral], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 3 MB greeting and a profile image leave the disk in 64 KiB reads, never whole."""
    import ringcentral_async.resources._multipart as media

    _, rc = loose
    sizes: list[int] = []
    monkeypatch.setattr(media, "_open_binary", lambda path: _ReadLog(path, sizes))
    audio = tmp_path / "long.mp3"
    audio.write_bytes(b"ID3" + bytes(range(256)) * (3 * 4096))
    created = await rc.greetings.create(
        type="HoldMusic", answering_rule_id="business-hours-rule", content=audio
    )
    assert -1 not in sizes and max(sizes) <= DEFAULT_CHUNK_SIZE
    assert sum(sizes) == audio.stat().st_size and len(sizes) > 40
    assert created.content_uri is not None
    async with rc.stream("GET", created.content_uri) as resp:
        assert await resp.read() == audio.read_bytes()

    sizes.clear()
    image = tmp_path / "face.png"
    image.write_bytes(b"\x89PNG" + b"\x00" * 200_000)
    await rc.profile_image.replace(image)
    assert -1 not in sizes and max(sizes) <= DEFAULT_CHUNK_SIZE and len(sizes) > 3
