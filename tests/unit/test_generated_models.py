"""The generated models: attrs rules as the hand-written ones, secrets out of repr, allOf
as base classes, lazy loading by module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from ringcentral_async import structure, unstructure
from ringcentral_async._serde import strict_converter
from ringcentral_async.models import generated


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("TokenInfo", {"access_token", "refresh_token", "id_token"}),
        ("WsTokenResponse", {"ws_access_token"}),
        ("ExtensionCreationRequest", {"password", "ivr_pin"}),
        ("SipInfoResponse", {"password"}),
        ("WebhookDeliveryModeRequest", {"verification_token"}),
    ],
)
def test_secret_fields_never_appear_in_repr(name: str, fields: set[str]) -> None:
    cls: Any = getattr(generated, name)
    obj = cls(**{f: f"SECRET-{f}" for f in fields})
    assert "SECRET" not in repr(obj)
    assert all(getattr(obj, f) == f"SECRET-{f}" for f in fields)  # kept, only not shown


def test_all_of_is_a_base_class_not_a_copy() -> None:
    from ringcentral_async.models.generated import (
        CreateWebhookSubscriptionRequest,
        UpdateSubscriptionRequest,
    )

    assert issubclass(CreateWebhookSubscriptionRequest, UpdateSubscriptionRequest)
    own = {f.name for f in attrs.fields(CreateWebhookSubscriptionRequest)}
    base = {f.name for f in attrs.fields(UpdateSubscriptionRequest)}
    assert base < own and "delivery_mode" in own - base
    sub = structure(
        {"eventFilters": ["/a"], "deliveryMode": {"transportType": "WebHook", "address": "x"}},
        CreateWebhookSubscriptionRequest,
    )
    assert sub.event_filters == ["/a"] and type(sub) is CreateWebhookSubscriptionRequest
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sub.event_filters = []  # type: ignore[misc]


def test_unknown_fields_and_enum_values_are_kept_and_round_trip() -> None:
    from ringcentral_async.models.generated import GetSMSMessageInfoResponse

    wire = {"id": 5, "direction": "Sideways", "brandNewField": {"x": 1}, "from": {"name": "n"}}
    msg = structure(wire, GetSMSMessageInfoResponse)
    assert msg.direction == "Sideways" and msg.extra == {"brandNewField": {"x": 1}}
    assert msg.from_ is not None and msg.from_.name == "n"
    assert unstructure(msg) == wire
    with pytest.raises(Exception, match="brandNewField"):
        structure(wire, GetSMSMessageInfoResponse, converter=strict_converter())


def test_the_index_loads_one_module_on_first_use() -> None:
    code = (
        "import sys; from ringcentral_async.models.generated import CreateSMSMessage; "
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
        "if m.startswith('ringcentral_async.models.generated.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)  # a list of module names
    assert "sms" in loaded and len(loaded) <= 4, loaded  # its module and what it imports


def test_models_load_on_first_use_hand_written_too() -> None:
    """Neither package imports a models module before one of its names is used."""
    code = (
        "import sys, ringcentral_async.models as m, ringcentral_async.models.generated as g; "
        "before = sorted(n for n in sys.modules if n.startswith('ringcentral_async.models.')); "
        "m.Extension; "
        "print(before, 'ringcentral_async.models.extensions' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ringcentral_async.models.generated'] True"


def test_every_name_of_the_index_resolves() -> None:
    for name in generated.__all__:
        assert getattr(generated, name).__name__ == name


def test_the_spec_correction_gives_requests_the_websocket_transport() -> None:
    """overrides.toml patches the spec: WebSocket delivery is on the request side too."""
    from ringcentral_async.models.generated import (
        CreateSubscriptionRequest,
        NotificationDeliveryModeRequestTransportType,
    )

    assert NotificationDeliveryModeRequestTransportType("WebSocket").value == "WebSocket"
    req = structure(
        {"eventFilters": ["/x"], "deliveryMode": {"transportType": "WebSocket"}},
        CreateSubscriptionRequest,
        converter=strict_converter(),
    )
    assert req.delivery_mode is not None
    assert (
        req.delivery_mode.transport_type is NotificationDeliveryModeRequestTransportType.WEB_SOCKET
    )


def test_every_component_schema_of_the_spec_has_a_python_type() -> None:
    """Schemas no operation names (event payloads, delivery-mode variants, OAuth request
    forms) are generated too, into their own module that nothing else imports."""
    from codegen.plan import UNATTACHED, plan

    p = plan()
    assert set(p.types.components) <= set(p.types._component_types)
    object_like = [n for n, s in p.types.components.items() if p.types._is_model(s)]
    assert all(p.types.component(n) in generated.__all__ for n in object_like)
    assert generated._MODULES["GetTokenRequest"] == UNATTACHED
    imported_by_others = [
        line
        for module in set(generated._MODULES.values()) - {UNATTACHED}
        for line in (Path(generated.__file__).parent / f"{module}.py").read_text().splitlines()
        if line.startswith(f"from .{UNATTACHED} import")
    ]
    assert imported_by_others == []
