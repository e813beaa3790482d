"""The generator itself: check mode catches a hand-edited, a stale and a leftover file (in a
temporary copy, never the real files), two runs agree under different hash seeds, and every
kind of override ([names], [namespaces], [models], [[patch]]) changes the output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from codegen import output, overrides, plan, spec
from codegen import resources as res_emitter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tmp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(output, "ROOT", tmp_path)
    return tmp_path


FILES = {"pkg/gen/a.py": "A = 1\n", "pkg/gen/sub/b.py": "B = 2\n", "docs/x.md": "x\n"}


def test_check_mode_passes_on_fresh_output_and_writes_nothing(tmp_root: Path) -> None:
    assert output.write(FILES, ("pkg/gen",), check=False) == 0
    before = {p: p.read_text() for p in tmp_root.rglob("*") if p.is_file()}
    assert output.write(FILES, ("pkg/gen",), check=True) == 0
    assert {p: p.read_text() for p in tmp_root.rglob("*") if p.is_file()} == before


def test_check_mode_fails_on_a_hand_edited_file_and_leaves_it(
    tmp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output.write(FILES, ("pkg/gen",), check=False)
    edited = tmp_root / "pkg/gen/sub/b.py"
    edited.write_text("B = 3  # fixed by hand\n")
    assert output.write(FILES, ("pkg/gen",), check=True) == 1
    assert "pkg/gen/sub/b.py" in capsys.readouterr().err
    assert edited.read_text() == "B = 3  # fixed by hand\n"  # check mode never writes


def test_check_mode_fails_on_a_stale_and_on_a_leftover_file(
    tmp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output.write(FILES, ("pkg/gen",), check=False)
    (tmp_root / "pkg/gen/old.py").write_text("OLD = 0\n")  # no longer generated
    newer = {**FILES, "docs/x.md": "y\n"}  # the generator's output moved on
    assert output.write(newer, ("pkg/gen",), check=True) == 1
    err = capsys.readouterr().err
    assert "docs/x.md" in err and "pkg/gen/old.py (no longer generated)" in err
    assert output.write(newer, ("pkg/gen",), check=False) == 0  # a real run cleans up
    assert not (tmp_root / "pkg/gen/old.py").exists()
    assert output.write(newer, ("pkg/gen",), check=True) == 0


def test_the_real_check_passes_under_another_hash_seed() -> None:
    """Determinism: a fresh process with another PYTHONHASHSEED gives the committed output."""
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "--check"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


SMS_PATH = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms"


def _clear() -> None:
    for fn in (overrides.overrides, spec.load_spec, spec.operations, plan.plan):
        fn.cache_clear()


@pytest.fixture
def custom_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    text = (ROOT / "codegen/overrides.toml").read_text("utf-8")
    pointer = "paths/" + SMS_PATH.replace("~", "~0").replace("/", "~1") + "/post/summary"
    text = text.replace("[names]\n", '[names]\ncreateSMSMessage = "send_text"\n')
    text = text.replace("[namespaces]\n", '[namespaces]\n"Presence" = "availability"\n')
    text = text.replace("[models]\n", '[models]\n"CreateSMSMessage" = "TextRequest"\n')
    text += f'\n[[patch]]\npath = "{pointer}"\nset = "Send a text"\nwhy = "test"\n'
    path = tmp_path / "overrides.toml"
    path.write_text(text, "utf-8")
    monkeypatch.setattr(overrides, "PATH", path)
    _clear()
    try:
        yield path
    finally:
        monkeypatch.undo()
        _clear()


def test_every_kind_of_override_changes_the_output(custom_overrides: Path) -> None:
    p = plan.plan()
    op = next(o for o in p.ops if o.spec.operation_id == "createSMSMessage")
    assert op.method_name == "send_text" and op.python_name == "sms.send_text"
    assert op.body == "TextRequest" and "TextRequest" in p.types.models
    assert "CreateSMSMessage" not in p.types.models
    assert op.spec.summary == "Send a text"  # the patch reached an operation
    assert {o.namespace for o in p.ops if o.spec.tag == "Presence"} == {"availability"}
    files, _ = res_emitter.emit()
    sms = files["ringcentral_async/resources/generated/sms.py"]
    assert "async def send_text(" in sms and '"""Send a text.' in sms
    assert "body: TextRequest | Mapping[str, Any]" in sms
    assert "ringcentral_async/resources/generated/availability.py" in files


def test_a_patch_path_reaches_operations_and_list_items_and_refuses_a_no_op() -> None:
    doc = {"paths": {"/a/{id}": {"get": {"parameters": [{"name": "x", "in": "query"}]}}}}
    spec._apply(doc, {"path": "paths/~1a~1{id}/get/parameters/0/in", "set": "header"})
    assert doc["paths"]["/a/{id}"]["get"]["parameters"][0]["in"] == "header"
    with pytest.raises(ValueError, match="already so in the spec"):
        spec._apply(doc, {"path": "paths/~1a~1{id}/get/parameters/0/in", "set": "header"})
    doc2 = {"a~b": {"list": [1]}}
    spec._apply(doc2, {"path": "a~0b/list", "append": 2})
    assert doc2 == {"a~b": {"list": [1, 2]}}
    with pytest.raises(ValueError, match="already in the spec"):
        spec._apply(doc2, {"path": "a~0b/list", "append": 2})
