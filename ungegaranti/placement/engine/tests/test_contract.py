"""The engine and its written contract (docs/allocation-format.md) name the same versions, and
the texts the contract quotes are the engine's."""

import json
from pathlib import Path

from ungegaranti.placement.engine import ENGINE, INSTANCE_FORMAT, RESULT_FORMAT, solve_text

CONTRACT = Path(__file__).resolve().parents[4] / "docs" / "allocation-format.md"


def test_the_contract_names_the_engines_formats_and_version():
    text = CONTRACT.read_text(encoding="utf-8")
    assert f"instances `{INSTANCE_FORMAT}`" in text
    assert f"results\n`{RESULT_FORMAT}`" in text
    assert f"engine `{ENGINE}`" in text
    assert f'"engine": "{ENGINE}"' in text


def test_the_quoted_warnings_and_reasons_are_the_engines():
    instance = f"""{{"format": "{INSTANCE_FORMAT}", "mechanism": "optimal", "seed": 1,
      "max_fallback_km": 25,
      "students": [{{"id": "S4", "age": 12, "grade": 6, "home": {{"lat": 57.0, "lon": 10.0}},
        "support": true, "wishes": ["O99", "O3", " O3"], "locked": null}}],
      "offers": [{{"id": "O3", "capacity": 1, "location": {{"lat": 57.0, "lon": 10.0}},
        "min_age": 13, "max_age": 17, "grades": [7, 8, 9], "support_suitable": false}}]}}"""
    result = json.loads(solve_text(instance))
    said = result["warnings"] + [u["reason"] for u in result["unplaced"]]
    text = CONTRACT.read_text(encoding="utf-8")
    for quoted in (
        "S4: wish O99 names no offer",
        "S4: wish O3 names an ineligible offer (age 12 not in 13-17; grade 6 not in [7, 8, 9]; "
        "not suitable for support pupils)",
        'wish " O3" names no offer',
        "no offer in the round is eligible for this student (age, grade or support needs)",
    ):
        assert any(quoted in line for line in said)
        assert quoted.split("S4: ")[-1] in text.replace("\n    ", " ")
