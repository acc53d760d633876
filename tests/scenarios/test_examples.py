"""The example scenarios of issue 13 (examples/scenarios): a UK-only ban and a hypothetical EU-wide one."""

from pathlib import Path

from gotogether.scenarios import load_scenario
from gotogether.scenarios.measures.rollout import VendorBan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"


def _bans(reference: str | Path) -> list[VendorBan]:
    measures = load_scenario(reference).measures
    bans = [measure for measure in measures if isinstance(measure, VendorBan)]
    assert len(bans) == len(measures)
    return bans


def test_the_uk_only_example_is_the_library_s_uk_measures_alone() -> None:
    uk = [ban for ban in _bans("allied-bans") if ban.countries == ["GBR"]]
    assert len(uk) == 3
    assert _bans(EXAMPLES / "uk-only.yaml") == uk


def test_the_eu_wide_example_bans_huawei_and_zte_in_the_eu27_by_end_2025() -> None:
    (ban,) = _bans(EXAMPLES / "eu-wide.yaml")
    # the bloc names its 27 members and the default world's rest of the EU
    members = [country for country in ban.countries if country != "REU"]
    assert len(members) == len(set(members)) == 27
    assert ban.countries[-1] == "REU"
    assert ban.vendors == ["Huawei", "ZTE"]
    assert str(ban.rip_and_replace_by) == "2025-12-31"
