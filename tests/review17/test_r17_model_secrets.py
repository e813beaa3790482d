"""Secrets in generated models stay out of ``repr``: also when the spec wraps them in an
object (a bridge's ``security.password`` holds ``plainText``) or a PIN set (``pins``), while
flags about them (``passwordProtected``, SCIM's ``changePassword``) stay visible."""

from __future__ import annotations

import attrs

from ringcentral_async import structure, unstructure
from ringcentral_async.models import generated
from ringcentral_async.models.generated import BridgeResponse, ScimProviderConfig

WIRE = {
    "id": "b1",
    "pins": {"pstn": {"host": "HOST-PIN-SECRET", "participant": "PART-PIN-SECRET"}},
    "security": {
        "passwordProtected": True,
        "password": {
            "plainText": "MEETING-PASSWORD-SECRET",
            "pstn": "PSTN-PASSWORD-SECRET",
            "joinQuery": "pwd=JOIN-SECRET",
        },
    },
}


def test_a_password_object_and_pins_are_not_in_repr_but_kept() -> None:
    bridge = structure(WIRE, BridgeResponse)
    text = repr(bridge)
    assert "SECRET" not in text
    assert "password_protected=True" in text  # the flag is not a secret
    assert unstructure(bridge) == WIRE  # hidden, not dropped


def test_a_capability_flag_named_after_passwords_stays_visible() -> None:
    config = structure({"changePassword": {"supported": False}}, ScimProviderConfig)
    assert "change_password=" in repr(config)


def test_every_secret_named_field_of_the_generated_models_is_hidden() -> None:
    """Every field whose wire name is a password, secret, PIN or token and can hold text."""
    import re

    secret = re.compile(
        r"(?i)((?<!change_)password|secret|pins?$|^token$|_token$|(encryption|subscriber)_key$)"
    )
    shown: list[str] = []
    for name in generated.__all__:
        cls = getattr(generated, name)
        if not attrs.has(cls):
            continue
        for field in attrs.fields(cls):
            if field.type in ("bool | None", "int | None", "float | None"):
                continue
            harmless = re.search(r"(page|sync)_token$|^key$|_protected$", field.name)
            if secret.search(field.name) and not harmless and field.repr is not False:
                shown.append(f"{name}.{field.name}")
    assert shown == []
