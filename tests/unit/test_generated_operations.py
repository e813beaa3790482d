"""Every operation of the spec is in OPERATIONS with a Python name that resolves on the client.

Checks the generated table (``_spec/python_names.tsv``) against the hand-written
registrations and the client's namespaces; the calls themselves are in
tests/fake/test_every_operation.py.
"""

from __future__ import annotations

import inspect
import typing

import pytest

import ringcentral_async
from ringcentral_async import OPERATIONS, RingCentral
from ringcentral_async._paging import AsyncPaginator
from ringcentral_async._spec import registry
from ringcentral_async._spec.table import spec_operations
from ringcentral_async.resources import load_all
from ringcentral_async.resources.generated import GENERATED_NAMESPACES

SPEC_IDS = {op.operation_id for op in spec_operations() if op.operation_id in registry._names()}


def client() -> RingCentral:
    return RingCentral("id", "secret", server_url="https://platform.ringcentral.com")


def test_all_520_spec_operations_are_in_operations_with_their_spec_group() -> None:
    assert len(SPEC_IDS) == 520
    by_id = {op.operation_id: op for op in spec_operations()}
    for op_id in SPEC_IDS:
        op = OPERATIONS[op_id]
        assert op.group == by_id[op_id].group, op_id
        assert (op.method, op.path) == (by_id[op_id].method, by_id[op_id].path)
        assert op.tag and op.python_name.count(".") == 1


async def test_every_python_name_resolves_to_a_method_on_the_client() -> None:
    rc = client()
    try:
        for op in OPERATIONS.values():
            namespace, method = op.python_name.split(".")
            bound = getattr(getattr(rc, namespace), method)
            assert callable(bound), op.python_name
    finally:
        await rc.aclose()


def test_hand_written_declarations_and_the_generated_table_agree() -> None:
    """The generator's list of hand-written operations (overrides.toml) is exactly the
    hand-written registrations of spec operations: same operationId, same Python name."""
    load_all()
    hand = {k: v for k, v in registry._REGISTRY.items() if k in SPEC_IDS}
    assert len(hand) == 60
    names = registry._names()
    for op_id, op in hand.items():
        assert names[op_id].python_name == op.python_name, op_id
    generated_hand = {
        op_id
        for op_id in SPEC_IDS
        if names[op_id].python_name.split(".")[0] not in GENERATED_NAMESPACES
        or not hasattr(
            _generated_class(names[op_id].python_name.split(".")[0]),
            names[op_id].python_name.split(".")[1],
        )
    }
    assert generated_hand == set(hand)


def _generated_class(namespace: str) -> type:
    import importlib

    module, cls = GENERATED_NAMESPACES[namespace]
    return getattr(  # type: ignore[no-any-return]
        importlib.import_module(f"ringcentral_async.resources.generated.{module}"), cls
    )


def test_hand_written_names_win_and_are_unchanged() -> None:
    """A hand-written namespace subclasses the generated class of its tag; the hand-written
    methods are its own, never a generated one."""
    load_all()
    from ringcentral_async.resources import ExtensionsResource
    from ringcentral_async.resources.generated.extensions import ExtensionsApi

    assert issubclass(ExtensionsResource, ExtensionsApi)
    assert "list" in ExtensionsResource.__dict__ and not hasattr(ExtensionsApi, "list")
    assert hasattr(ExtensionsResource, "create_extension")  # generated, inherited


@pytest.mark.parametrize("op_id", ["listGlipChatsNew", "readUserCallLog", "listContacts"])
def test_paged_operations_return_an_async_paginator(op_id: str) -> None:
    op = OPERATIONS[op_id]
    assert op.paging_style is not None
    namespace, method = op.python_name.split(".")
    fn = getattr(getattr(client(), namespace), method)
    assert typing.get_origin(typing.get_type_hints(fn)["return"]) is AsyncPaginator
    assert not inspect.iscoroutinefunction(fn)


def test_generated_docstrings_give_the_summary_group_and_permissions() -> None:
    fn = getattr(_generated_class("sms"), "create_sms_message")  # noqa: B009
    doc = " ".join((inspect.getdoc(fn) or "").split())
    assert doc.startswith("Send SMS. ")
    assert "usage plan group Medium" in doc and "app permission SMS" in doc
    assert "user permission OutboundSMS" in doc


def test_importing_the_package_loads_no_generated_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ringcentral_async; "
        "print(sorted(m for m in sys.modules if '.generated.' in m or m.endswith('.generated')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ringcentral_async.resources.generated']"
    assert ringcentral_async  # the package itself imports
