"""The OPERATIONS registry: every seed operation typed, groups from the spec, README in sync."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from ringcentral_async import OPERATIONS, RingCentral, usage_plan_group

ROOT = Path(__file__).resolve().parents[2]
SEED_TSV = ROOT / "tests" / "fixtures" / "seed_operations.tsv"  # copied from the seed documents


def _seed_rows() -> list[dict[str, str]]:
    with SEED_TSV.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


SEEDS = _seed_rows()
BY_ROUTE = {(op.method, op.path): op for op in OPERATIONS.values()}


def test_there_are_54_seed_operations() -> None:
    assert len({(r["method"], r["path"]) for r in SEEDS}) == 54


@pytest.mark.parametrize("row", SEEDS, ids=lambda r: r["operationId"])
def test_every_seed_operation_is_typed(row: dict[str, str]) -> None:
    op = BY_ROUTE.get((row["method"], row["path"]))
    assert op is not None, f"no typed method for {row['method']} {row['path']}"
    expected = row["spec_usage_plan_group"] or row["seed_usage_plan_group"]
    assert op.group == expected
    assert op.operation_id in OPERATIONS
    assert op.python_name.count(".") == 1
    if "NOT IN CURRENT SPEC" in row["flags"] or row["spec_deprecated"] == "yes":
        assert op.deprecated


def test_groups_of_spec_operations_match_the_spec_table() -> None:
    for op in OPERATIONS.values():
        spec_group = usage_plan_group(op.method, op.path)
        if spec_group is not None:
            assert op.group == spec_group, op.operation_id


def test_python_names_are_unique() -> None:
    names = [op.python_name for op in OPERATIONS.values()]
    assert len(names) == len(set(names))


def test_readme_endpoint_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_endpoint_table.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = (ROOT / "README.md").read_text("utf-8")
    assert gen.updated_readme(text) == text, "run python scripts/gen_endpoint_table.py"


def test_every_python_name_is_a_method_of_the_client() -> None:
    rc = RingCentral("client-id", "secret")
    for op in OPERATIONS.values():
        namespace, method = op.python_name.split(".")
        assert callable(getattr(getattr(rc, namespace), method, None)), op.python_name


def test_registry_entries_carry_method_path_group_and_python_name() -> None:
    op = OPERATIONS["readCompanyCallLog"]
    assert (op.method, op.path, op.group, op.python_name) == (
        "GET",
        "/restapi/v1.0/account/{accountId}/call-log",
        "Heavy",
        "call_log.list_company",
    )
    assert op.legacy_operation_id == "loadAccountCallLog"
    assert set(OPERATIONS) >= {r["spec_operationId"] or r["operationId"] for r in SEEDS}


def test_where_seed_and_spec_disagree_the_spec_wins_and_it_is_noted() -> None:
    scaled = OPERATIONS["readScaledProfileImage"]
    assert scaled.group == "Medium" and scaled.note and "Light" in scaled.note
    for row in SEEDS:
        if "NOT IN CURRENT SPEC" in row["flags"]:
            op = BY_ROUTE[(row["method"], row["path"])]
            assert op.group == row["seed_usage_plan_group"]
            assert op.deprecated and op.replacement and op.note, op.operation_id
            current = {o.python_name for o in OPERATIONS.values() if not o.deprecated}
            assert op.replacement.split(" ")[0] in current


def test_account_and_extension_ids_default_to_the_logged_in_user() -> None:
    """``account_id="~"`` / ``extension_id="~"`` wherever the path has those parameters."""
    import inspect

    rc = RingCentral("client-id", "secret")
    for op in OPERATIONS.values():
        namespace, method = op.python_name.split(".")
        params = inspect.signature(getattr(getattr(rc, namespace), method)).parameters
        for placeholder, name in (("{accountId}", "account_id"), ("{extensionId}", "extension_id")):
            if placeholder in op.path:
                assert name in params, (op.python_name, name)
                assert params[name].default == "~", (op.python_name, name)
