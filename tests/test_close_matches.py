"""One helper suggests what was meant (gotogether.errors.did_you_mean), used by every message that does."""

from __future__ import annotations

from pathlib import Path

from gotogether.errors import close_matches, did_you_mean, suggestion

SOURCE = Path(__file__).parents[1] / "src" / "gotogether"


def test_close_matches_best_first_and_bounded() -> None:
    assert close_matches("huwei", ["zte", "huawei", "nokia"]) == ["huawei"]
    assert close_matches("TELEX", ["TELE", "TELEQ", "TEXT", "AGR"], limit=2) == ["TELE", "TELEQ"]
    assert close_matches("zzz", ["huawei"]) == []
    assert close_matches(42, ["42"]) == []  # only text has close matches


def test_the_hint_in_its_form() -> None:
    assert did_you_mean("tarif", ["tariff", "trade-barrier"]) == "; did you mean 'tariff'?"
    assert did_you_mean("TELEX", ["TELE", "TELEQ"], form=" ({})") == " (did you mean 'TELE' or 'TELEQ'?)"
    assert did_you_mean("qqq", ["tariff"]) == ""
    assert did_you_mean("ab", ["abcd", "abc"], limit=1) == "; did you mean 'abc'?"
    assert did_you_mean("aa", ["ab"], cutoff=0.9) == ""
    assert suggestion(["DEU"]) == "; did you mean 'DEU'?"
    assert suggestion([]) == ""


def test_no_module_calls_difflib_itself() -> None:
    callers = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "get_close_matches" in path.read_text(encoding="utf-8")
    )
    assert callers == ["errors.py"]
