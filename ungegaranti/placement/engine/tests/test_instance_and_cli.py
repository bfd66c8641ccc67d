"""Invalid instances are refused with the offending field named; the CLI exits 2 and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ungegaranti.placement.engine import InvalidInstance, loads
from ungegaranti.placement.engine.cli import main

from .helpers import instance, offer, student

ROOT = Path(__file__).resolve().parents[4]


def valid() -> dict[str, Any]:
    return instance([student("S1", ["O1"]), student("S2", ["O1"])], [offer("O1", 2)])


def broken(path: str, value: Any) -> dict[str, Any]:
    inst = valid()
    target: Any = inst
    keys = path.split(".")
    for k in keys[:-1]:
        target = target[int(k)] if k.isdigit() else target[k]
    last = keys[-1]
    if value is DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return inst


DELETE = object()

CASES = [
    ("format", "ungegaranti.allocation/2", "format"),
    ("mechanism", "random", "mechanism"),
    ("seed", "1", "seed"),
    ("seed", True, "seed"),
    ("max_fallback_km", -1, "max_fallback_km"),
    ("max_fallback_km", "far", "max_fallback_km"),
    ("students", {}, "students"),
    ("students.1.id", "S1", "students[1].id"),
    ("students.0.age", 15.0, "students[0].age"),
    ("students.0.age", DELETE, "students[0].age"),
    ("students.0.home", {"lat": 57.0}, "students[0].home.lon"),
    ("students.0.home", {"lat": 91.0, "lon": 9.0}, "students[0].home.lat"),
    ("students.0.support", "no", "students[0].support"),
    ("students.0.wishes", "O1", "students[0].wishes"),
    ("students.0.wishes", ["O1", 3], "students[0].wishes[1]"),
    ("students.0.locked", "O99", "students[0].locked"),
    ("offers.0.capacity", -1, "offers[0].capacity"),
    ("offers.0.grades", [9, "8"], "offers[0].grades[1]"),
    ("offers.0.support_suitable", 1, "offers[0].support_suitable"),
]


@pytest.mark.parametrize(("path", "value", "field"), CASES)
def test_invalid_field_is_named(path: str, value: Any, field: str) -> None:
    with pytest.raises(InvalidInstance) as err:
        loads(json.dumps(broken(path, value)))
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")


def test_duplicate_id_message() -> None:
    inst = instance([student(f"S{i}") for i in range(1, 4)] + [student("S3")], [offer("O1")])
    with pytest.raises(InvalidInstance, match=r'^students\[3\]\.id: duplicate id "S3"$'):
        loads(json.dumps(inst))


def test_duplicate_offer_id() -> None:
    with pytest.raises(InvalidInstance, match=r"^offers\[1\]\.id: duplicate"):
        loads(json.dumps(instance([], [offer("O1"), offer("O1")])))


def test_lock_over_capacity() -> None:
    inst = instance([student("S1", locked="O1"), student("S2", locked="O1")], [offer("O1", 1)])
    with pytest.raises(
        InvalidInstance, match=r"^students\[1\]\.locked: offer \"O1\" has capacity 1"
    ):
        loads(json.dumps(inst))


def test_malformed_json() -> None:
    with pytest.raises(InvalidInstance, match=r"^instance: malformed JSON"):
        loads('{"format": ')


def test_empty_instance_is_valid() -> None:
    assert loads(json.dumps(instance([], []))).students == ()


# --- command line ---------------------------------------------------------------------


def write(tmp_path: Path, inst: dict[str, Any] | str) -> Path:
    p = tmp_path / "instance.json"
    p.write_text(inst if isinstance(inst, str) else json.dumps(inst), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("inst", "field"),
    [
        (broken("students.1.id", "S1"), "students[1].id"),
        (broken("offers.0.capacity", -2), "offers[0].capacity"),
        (broken("mechanism", "auction"), "mechanism"),
        (broken("students.0.locked", "O7"), "students[0].locked"),
        ("{not json", "instance"),
    ],
)
def test_cli_invalid_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inst: dict[str, Any] | str, field: str
) -> None:
    out = tmp_path / "result.json"
    code = main(["solve", str(write(tmp_path, inst)), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert field in captured.err
    assert captured.out == ""
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["instance.json"]  # no temporary files either


def test_cli_writes_result_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "result.json"
    assert (
        main(
            [
                "solve",
                str(write(tmp_path, valid())),
                "-o",
                str(out),
                "--mechanism",
                "lottery",
                "--seed",
                "5",
            ]
        )
        == 0
    )
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["mechanism"] == "lottery" and res["seed"] == 5
    assert capsys.readouterr().out == ""


def test_cli_prints_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(write(tmp_path, valid()))]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["placed"] == 2


def test_cli_generate_then_solve(tmp_path: Path) -> None:
    inst = tmp_path / "gen.json"
    assert (
        main(["generate", "--students", "120", "--offers", "40", "--seed", "3", "-o", str(inst)])
        == 0
    )
    again = tmp_path / "gen2.json"
    assert (
        main(["generate", "--students", "120", "--offers", "40", "--seed", "3", "-o", str(again)])
        == 0
    )
    assert inst.read_bytes() == again.read_bytes()
    parsed = loads(inst.read_bytes())
    assert len(parsed.students) == 120 and len(parsed.offers) == 40
    seats = sum(o.capacity for o in parsed.offers)
    assert 1.0 * 120 <= seats <= 1.3 * 120
    assert any(s.locked for s in parsed.students)
    assert main(["solve", str(inst), "-o", str(tmp_path / "r.json")]) == 0


def test_module_entry_point_exit_status(tmp_path: Path) -> None:
    """`python -m ungegaranti.placement` runs without Django and exits 2 on a bad instance."""
    out = tmp_path / "r.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    bad = write(tmp_path, broken("offers.0.capacity", -1))
    proc = subprocess.run(
        [sys.executable, "-m", "ungegaranti.placement", "solve", str(bad), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "offers[0].capacity" in proc.stderr
    assert not out.exists()
    ok = write(tmp_path, valid())
    code = (
        "import sys, runpy; sys.argv = ['x', 'solve', sys.argv[1]]\n"
        "try:\n    runpy.run_module('ungegaranti.placement', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(ok)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["placed"] == 2
