"""Names agree everywhere: docs/endpoints.md, OPERATIONS and the client say the same Python
name, method, path and group for every operation; no generated namespace or method is
hidden by a client attribute or by a hand-written method of another operation."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from ringcentral_async import OPERATIONS, RingCentral
from ringcentral_async.resources.generated import GENERATED_NAMESPACES, GeneratedNamespaces

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `(\w+)` \| `rc\.([\w.]+)` \| (\w+) \| `([^`]+)` \| (\w+) \|")


def test_the_endpoint_reference_matches_operations() -> None:
    rows = {}
    for line in (ROOT / "docs/endpoints.md").read_text("utf-8").splitlines():
        found = ROW.match(line)
        if found:
            rows[found.group(1)] = found.groups()[1:]
    spec_ops = {op_id: op for op_id, op in OPERATIONS.items() if op_id in rows}
    assert len(rows) == 520 == len(spec_ops)
    for op_id, (python, method, path, group) in rows.items():
        op = spec_ops[op_id]
        assert (op.python_name, op.method, op.path, op.group) == (python, method, path, group)


def test_no_generated_namespace_is_hidden_by_a_client_attribute() -> None:
    own: set[str] = set()
    for cls in RingCentral.__mro__:
        if cls not in (GeneratedNamespaces, object):
            own |= set(vars(cls))
    for ns in set(GENERATED_NAMESPACES) & own:
        # only a hand-written namespace of the same API area may take the name, and it
        # must subclass the generated class (so the generated methods stay reachable)
        hand = inspect.getattr_static(RingCentral, ns).func.__annotations__["return"]
        assert hand.endswith("Resource"), ns


async def test_every_generated_method_is_reachable_under_its_python_name() -> None:
    import importlib

    rc = RingCentral("id", "secret")
    try:
        for ns, (module, cls_name) in GENERATED_NAMESPACES.items():
            cls = getattr(
                importlib.import_module(f"ringcentral_async.resources.generated.{module}"), cls_name
            )
            namespace = getattr(rc, ns)
            assert isinstance(namespace, cls), ns
            for name, member in vars(cls).items():
                if callable(member) and not name.startswith("_"):
                    # the client's attribute is the generated function itself, not an override
                    assert getattr(type(namespace), name) is member, f"{ns}.{name}"
    finally:
        await rc.aclose()
