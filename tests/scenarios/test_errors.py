"""Bad scenario files: one ScenarioError naming file:line:column, the field and what is expected."""

import subprocess
import sys
from pathlib import Path

import pytest

from gotogether.errors import InputError
from gotogether.scenarios import ScenarioError, Tariff, load_scenario, parse_scenario

TARIFF = """\
name: test
measures:
  - type: tariff
    importers: USA
    exporters: [CHN]
    rate: 0.25
    start_year: 2019
"""


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text.encode(), "s.yaml")
    return caught.value


def test_valid_file_parses_with_single_values_as_lists() -> None:
    scenario = parse_scenario(TARIFF.encode(), "s.yaml")
    tariff = scenario.measures[0]
    assert isinstance(tariff, Tariff)
    assert (tariff.importers, tariff.exporters, tariff.rate) == (["USA"], ["CHN"], 0.25)
    assert issubclass(ScenarioError, InputError)


def test_yaml_syntax_error_gives_line_and_column() -> None:
    error = error_of("name: test\nmeasures:\n  - type: tariff\n   importers: USA\n")
    assert error.issues[0].source == "s.yaml:4:4"
    assert "invalid YAML" in str(error)


def test_unclosed_bracket_points_at_the_end() -> None:
    assert error_of("name: test\nmeasures: [\n").issues[0].source == "s.yaml:3:1"


def test_schema_error_gives_field_path_and_expectation() -> None:
    error = error_of(TARIFF.replace("rate: 0.25", "rate: high"))
    issue = error.issues[0]
    assert (issue.source, issue.location) == ("s.yaml:6:5", "measures[0].rate")
    assert issue.expected == "a valid number"
    assert "got 'high'" in issue.problem


def test_booleans_are_not_numbers() -> None:
    assert error_of(TARIFF.replace("rate: 0.25", "rate: yes")).issues[0].expected == "a valid number"


def test_missing_field_and_unknown_field_with_suggestion() -> None:
    error = error_of(TARIFF.replace("start_year", "start_yr"))
    problems = {issue.location: issue for issue in error.issues}
    assert problems["measures[0].start_year"].problem == "required field is missing"
    unknown = problems["measures[0].start_yr"]
    assert unknown.problem == "unknown field 'start_yr'; did you mean 'start_year'?"
    assert unknown.source == "s.yaml:7:5"
    assert str(error).startswith("2 problems in the scenario:")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("importers: USA", "importers: USX", "unknown country code 'USX'; did you mean 'USA'"),
        ("exporters: [CHN]", "exporters: [China]", "unknown country code 'China'; did you mean 'CHN'"),
        (
            "start_year: 2019",
            "start_year: 2019\n    sectors: TELEX",
            "unknown sector code 'TELEX'; did you mean 'TELE'",
        ),
        ("type: tariff", "type: tarif", "unknown measure type 'tarif'; did you mean 'tariff'?"),
    ],
)
def test_unknown_codes_suggest_close_matches(old: str, new: str, message: str) -> None:
    assert message in str(error_of(TARIFF.replace(old, new)))


def test_unknown_vendor_and_component_class() -> None:
    text = """\
name: test
measures:
  - type: export-control
    issuers: USA
    target_vendors: Huwei
    item_classes: [fgpa]
    start: 2019-05-16
    reach: coalition-made
"""
    error = error_of(text)
    assert [issue.source for issue in error.issues] == ["s.yaml:5:5", "s.yaml:6:20"]
    assert "did you mean 'Huawei'?" in error.issues[0].problem
    assert "did you mean 'fpga'?" in error.issues[1].problem


def test_cross_field_rules() -> None:
    assert "exactly one of 'rate' and 'change'" in str(error_of(TARIFF.replace("rate: 0.25", "")))
    assert "CHN in both" in str(error_of(TARIFF.replace("importers: USA", "importers: [USA, CHN]")))
    overlap = error_of(
        "name: t\nmeasures:\n  - type: bloc-decoupling\n    blocs: [eu27, us-aligned]\n"
        "    barrier: 0.2\n    start_year: 2021\n"
    )
    assert overlap.issues[0].location == "measures[0].blocs"
    assert overlap.issues[0].source == "s.yaml:4:5"
    assert "in both blocs 'eu27' and 'us-aligned'" in overlap.issues[0].problem


def test_own_blocs_can_be_used() -> None:
    text = (
        "name: t\nblocs:\n  north: [USA, CAN]\n  south: [BRA, ARG]\nmeasures:\n"
        "  - type: bloc-decoupling\n    blocs: [north, south]\n    barrier: 0.2\n    start_year: 2021\n"
    )
    assert parse_scenario(text.encode()).bloc_members()["north"] == ("USA", "CAN")
    assert "unknown bloc 'nort'; did you mean 'north'?" in str(
        error_of(text.replace("[north, south]", "[nort, south]"))
    )


def test_parameters_are_checked_against_the_registry() -> None:
    assert "did you mean 'trade.theta.Wood'" in str(error_of("name: t\nparameters:\n  trade.theta: 4\n"))
    out_of_range = error_of("name: t\nparameters:\n  rollout.learning_rate: 0.9\n").issues[0]
    assert out_of_range.expected == "0 <= rollout.learning_rate <= 0.5 (fraction per doubling), a number"
    assert out_of_range.source == "s.yaml:3:3"
    assert "not a whole number" in str(error_of("name: t\nparameters:\n  trade.max_iterations: 2.5\n"))
    assert "planned: no engine reads it yet" in str(
        error_of("name: t\nparameters:\n  supply.learning_rate_chips: 0.2\n")
    )


def test_duplicate_keys_unsafe_tags_and_alias_bombs_are_refused() -> None:
    assert error_of("name: a\nname: b\n").issues[0].source == "s.yaml:2:1"
    assert "could not determine a constructor" in str(
        error_of("name: !!python/object/apply:os.system [ls]\n")
    )
    layers = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    layers += [f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]" for p, k in zip("abcd", "bcde", strict=True)]
    assert "expands to more than" in str(error_of("\n".join(layers)))


def test_not_a_mapping_not_utf8_empty_and_bad_dates() -> None:
    assert "the top level is a list" in str(error_of("- a\n"))
    assert "the file is empty" in str(error_of(""))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        parse_scenario(b"name: \xff\n")
    bad_date = (
        "name: t\nmeasures:\n  - {type: vendor-ban, countries: GBR, vendors: Huawei, start: 2020-02-30}\n"
    )
    assert "day is out of range" in str(error_of(bad_date))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_inheritance_merges_and_appends(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(
        tmp_path / "parent.yaml",
        TARIFF.replace(
            "name: test", "name: parent\nparameters: {trade.tolerance: 1e-9, trade.max_iterations: 10}"
        ),
    )
    child = write(
        tmp_path / "sub/child.yaml",
        "name: child\ninherits: ../parent.yaml\nparameters: {trade.max_iterations: 20}\nmeasures:\n"
        "  - {type: productivity-shock, countries: TWN, size: -0.1, start_year: 2025}\n",
    )
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert scenario.parameters == {"trade.tolerance": 1e-9, "trade.max_iterations": 20}
    assert [m.type for m in scenario.measures] == ["tariff", "productivity-shock"]


def test_inheritance_cycle_and_missing_parent(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "name: a\ninherits: b.yaml\n")
    write(tmp_path / "b.yaml", "name: b\ninherits: a.yaml\n")
    with pytest.raises(ScenarioError, match=r"inheritance cycle: .*a\.yaml -> .*b\.yaml -> .*a\.yaml"):
        load_scenario(tmp_path / "a.yaml")
    write(tmp_path / "c.yaml", "name: c\ninherits: nowhere.yaml\n")
    with pytest.raises(ScenarioError, match="does not exist") as caught:
        load_scenario(tmp_path / "c.yaml")
    assert caught.value.issues[0].source == f"{tmp_path / 'c.yaml'}:2:1"
    write(tmp_path / "d.yaml", "name: d\ninherits: coordinatd\n")
    with pytest.raises(ScenarioError, match="did you mean 'coordinated'"):
        load_scenario(tmp_path / "d.yaml")


def test_error_in_parent_points_at_the_parent_file(tmp_path: Path) -> None:
    write(tmp_path / "parent.yaml", TARIFF.replace("USA", "USX"))
    write(tmp_path / "child.yaml", "name: child\ninherits: parent.yaml\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "child.yaml")
    assert caught.value.issues[0].source == f"{tmp_path / 'parent.yaml'}:4:5"


def test_cli_exits_with_status_2_and_no_traceback(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", TARIFF.replace("USA", "USX"))
    command = [sys.executable, "-c", "from gotogether.cli.main import main; main()"]
    validate = subprocess.run([*command, "scenarios", "validate", str(bad)], capture_output=True, text=True)
    assert validate.returncode == 2
    assert f"{bad}:4:5" in validate.stdout
    assert "did you mean 'USA'" in validate.stdout
    show = subprocess.run([*command, "scenarios", "show", str(bad)], capture_output=True, text=True)
    assert show.returncode == 2
    assert "Traceback" not in show.stderr + show.stdout
    assert "error:" in show.stderr
    assert "did you mean 'USA'" in show.stderr


def test_cli_validate_runs_the_engines_checks_and_prints_notes(tmp_path: Path) -> None:
    india = write(
        tmp_path / "india.yaml",
        "name: india\nmeasures:\n  - {type: export-control, issuers: IND, target_vendors: Huawei,"
        " start: 2021-01-01, reach: coalition-made}\n",
    )
    eu = write(
        tmp_path / "eu.yaml",
        "name: eu\nmeasures:\n"
        "  - {type: vendor-ban, countries: [AUT, BEL], vendors: Huawei, start: 2021-01-01}\n",
    )
    command = [sys.executable, "-c", "from gotogether.cli.main import main; main()"]
    refused = subprocess.run([*command, "scenarios", "validate", str(india)], capture_output=True, text=True)
    assert refused.returncode == 2
    assert "IND" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    noted = subprocess.run([*command, "scenarios", "validate", str(eu)], capture_output=True, text=True)
    assert noted.returncode == 0
    assert "AUT, BEL -> REU (weight" in noted.stdout


def test_control_characters_are_located() -> None:
    error = error_of("name: x\ndescription: a\x07b\n")
    assert error.issues[0].source == "s.yaml:2:15"
    assert "not allowed" in error.issues[0].problem


@pytest.mark.parametrize("day", ["0", "20200101", "true"])
def test_a_number_is_not_a_day(day: str) -> None:
    document = (
        "name: ban\nmeasures:\n  - type: vendor-ban\n    countries: GBR\n    vendors: Huawei\n"
        f"    start: {day}\n"
    )
    message = str(error_of(document))
    assert ":6:" in message
    assert "YYYY-MM-DD" in message
