"""A generated upload tells its user which parts to send: its docstring names every part of
the spec's multipart schema (and which are required), instead of "the parts the spec names";
and it takes only a MultipartBody."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from ringcentral_async import ConfigurationError
from ringcentral_async.resources._multipart import MultipartBody
from ringcentral_async.resources.generated.sms import SmsApi

from .conftest import Loopback, ok


def test_create_mms_names_its_parts() -> None:
    doc = SmsApi.create_mms.__doc__ or ""
    flat = " ".join(doc.split())
    for part in ("``from`` (JSON, required)", "``to`` (JSON, required)", "``text``",
                 "``attachments`` (files, one part each, required)"):  # fmt: skip
        assert part in flat, part


def test_every_generated_upload_names_every_part_of_the_spec() -> None:
    from codegen.plan import plan
    from codegen.spec import resolve

    uploads = 0
    for op in plan().ops:
        if op.handwritten or op.body_kind != "multipart" or op.spec.body is None:
            continue
        module = importlib.import_module(f"ringcentral_async.resources.generated.{op.namespace}")
        cls = next(v for k, v in vars(module).items() if k.endswith("Api"))
        doc = " ".join((getattr(cls, op.method_name).__doc__ or "").split())
        schema = resolve(op.spec.body.schema)
        for part in schema.get("properties") or {}:
            assert f"``{part}``" in doc, (op.spec.operation_id, part)
        uploads += 1
    assert uploads == 4


async def test_an_upload_body_that_is_not_a_multipart_body_is_refused(
    rc: Any, loopback: Loopback
) -> None:
    # a dict would go out as application/x-www-form-urlencoded, None as no body at all
    for wrong in ({"to": "+16505550100"}, b"raw", None):
        with pytest.raises(ConfigurationError, match="body must be a MultipartBody"):
            await rc.sms.create_mms(wrong)
    assert loopback.seen == []
    loopback.answer = lambda _s: ok({"id": 1})
    body = MultipartBody().add_json("to", [{"phoneNumber": "+16505550101"}])
    body.add_file("attachments", b"GIF89a", filename="a.gif")
    assert (await rc.sms.create_mms(body)).id == 1
    assert loopback.seen[0].headers["Content-Type"].startswith("multipart/form-data")
