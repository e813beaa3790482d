from typing import Any
from .conftest import Loopback, ok


async def test_probe(rc: Any, loopback: Loopback) -> None:
    loopback.answer = lambda _s: ok({})
    for v in (5, "a\r\nX-Evil: 1", b"bytes"):
        try:
            await rc.internal_contacts.read_directory_federation(rc_extension_id=v)
            print("sent", repr(v), loopback.seen[-1].headers.get("RCExtensionId"))
        except Exception as e:
            print("ERR", repr(v), type(e).__name__, str(e)[:150])
    # download with query
    for name in ("download_message_export_report_content",):
        pass
