"""A ban's vendor changeover and the crews a swap programme draws (``changeover``): hand-worked numbers, the
engine holding the changed-over footprint's new build, and the properties."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from engines.rollout.small_world import small_world
from gotogether.engines.rollout import YEARS, Ban, ban_costs, simulate_rollout
from gotogether.engines.rollout.changeover import changeover_held, crew_ramp, forced_off, programme_crews
from gotogether.engines.rollout.measures import decimal_year
from gotogether.errors import InputError
from gotogether.pipeline.world import load_world, rollout_parameters
from gotogether.scenarios import parse_scenario
from gotogether.scenarios.errors import ScenarioError
from gotogether.scenarios.inputs import EngineInputs
from gotogether.scenarios.translate import translate
from gotogether.validation.rollout2020 import UK_BAN

UK_FOOTPRINT = np.array([[0.6, 0.4]])  # the others' and Huawei's 2019 4G RAN shares (a UK-like region)


def _at(year: int) -> int:
    return year - int(YEARS[0])


def test_the_footprint_forced_off_by_hand() -> None:
    ban = Ban("ban", ["GBR"], ["huawei"], start=date(2021, 1, 1))
    assert forced_off(ban, UK_FOOTPRINT[:, 1:]).tolist() == [[1.0]]
    # a cap of 35 % on a vendor holding 40 %: the part above the cap, 1 - 0.35 / 0.4 = 0.125
    cap = Ban("cap", ["GBR"], ["huawei"], start=date(2020, 1, 1), cap=0.35)
    assert forced_off(cap, UK_FOOTPRINT[:, 1:])[0, 0] == pytest.approx(0.125)
    # a cap above the vendor's footprint forces nothing off; a member's ban only its weight
    assert (
        forced_off(Ban("cap", ["GBR"], ["huawei"], date(2020, 1, 1), cap=0.5), UK_FOOTPRINT[:, 1:])[0, 0] == 0
    )
    member = Ban("member", ["GBR"], ["huawei"], start=date(2021, 1, 1), weight=0.3)
    assert forced_off(member, UK_FOOTPRINT[:, 1:]).tolist() == [[0.3]]


def test_the_new_build_held_by_the_uk_ban_by_hand() -> None:
    # decided 14 July 2020 (2020.533), new kit barred from 1 January 2021: a changeover of 0.75 years ends at
    # 2021.283, so 0.283 of 2021's new build in Huawei's 40 % waits: 0.4 x 0.283 = 0.113; nothing in 2020
    ban = Ban("ban", ["GBR"], ["huawei"], start=date(2021, 1, 1), announced=date(2020, 7, 14))
    held = changeover_held([ban], ["GBR"], ["ericsson", "huawei"], UK_FOOTPRINT, 0.75, YEARS)
    end = decimal_year(date(2020, 7, 14)) + 0.75
    assert held[0, _at(2021)] == pytest.approx(0.4 * (end - 2021.0))
    assert held[0, _at(2021)] == pytest.approx(0.113, abs=5e-4)
    assert held[0, : _at(2021)].tolist() == [0.0] * _at(2021)
    assert held[0, _at(2022) :].tolist() == [0.0] * (YEARS.size - _at(2022))
    # a lead shorter than the notice holds nothing; without an announcement the lead runs from the start
    assert not changeover_held([ban], ["GBR"], ["ericsson", "huawei"], UK_FOOTPRINT, 0.4, YEARS).any()
    unannounced = Ban("ban", ["GBR"], ["huawei"], start=date(2021, 1, 1))
    full = changeover_held([unannounced], ["GBR"], ["ericsson", "huawei"], UK_FOOTPRINT, 1.5, YEARS)
    assert full[0, _at(2021)] == pytest.approx(0.4)
    assert full[0, _at(2022)] == pytest.approx(0.2)


def test_a_cap_and_a_ban_on_one_vendor_hold_its_footprint_once() -> None:
    # the cap forces 0.125 of Huawei's 40 % off from 2020, the ban all of it from 2021: each year the larger
    cap = Ban("cap", ["GBR"], ["huawei"], start=date(2020, 1, 1), cap=0.35)
    ban = Ban("ban", ["GBR"], ["huawei"], start=date(2021, 1, 1))
    held = changeover_held([cap, ban], ["GBR"], ["ericsson", "huawei"], UK_FOOTPRINT, 1.5, YEARS)
    assert held[0, _at(2020)] == pytest.approx(0.4 * 0.125)
    assert held[0, _at(2021)] == pytest.approx(0.4 * max(0.125 * 0.5, 1.0))
    assert held[0, _at(2022)] == pytest.approx(0.4 * 0.5)
    # the core is swapped centrally: a core-only ban holds no site
    core = Ban("core", ["GBR"], ["huawei"], start=date(2021, 1, 1), equipment=("core",))
    assert not changeover_held([core], ["GBR"], ["ericsson", "huawei"], UK_FOOTPRINT, 1.5, YEARS).any()


def test_crews_ramp_to_the_swap_programme_by_hand() -> None:
    # Australia decided on 1 August 2018 (2018.581): at 0.5 a year contractors have 0.5 x (2019 - 2018.581)
    # = 0.210 of the programme's crews by end-2018, 0.710 by end-2019, all of it from 2020
    ban = Ban("ban", ["AUS"], ["huawei", "zte"], start=date(2018, 8, 1))
    ramp = crew_ramp([ban], ["AUS"], YEARS, 0.5)
    decided = decimal_year(date(2018, 8, 1))
    assert ramp[0, _at(2019)] == pytest.approx(0.5 * (2020 - decided))
    assert ramp[0, _at(2019)] == pytest.approx(0.710, abs=5e-4)
    assert ramp[0, _at(2020) :].tolist() == [1.0] * (YEARS.size - _at(2020))
    # a cap removes nothing: no programme, no crews
    cap = Ban("cap", ["AUS"], ["huawei"], start=date(2018, 8, 1), cap=0.35)
    assert not crew_ramp([cap], ["AUS"], YEARS, 0.5).any()
    # the programme's crews: 1,834 swaps a year at the pace, each 1.5 - 0.1 = 1.4 visits net, 71 % of it
    added = programme_crews(np.array([1834.0]), ramp[:, _at(2019)], 1.5, 0.1)
    assert added[0] == pytest.approx(0.5 * (2020 - decided) * 1.4 * 1834.0)


def test_the_changeover_holds_the_banned_footprint_s_new_build_a_year() -> None:
    # BBB wants all its 1,000 sites in 2019 with money, crews and vendors' capacity to spare; a ban of y
    # (half its footprint) from 1 January 2019 with a changeover of one year holds half of 2019's build:
    # 500 sites in 2019, the other 500 in 2020; without the changeover all 1,000 in 2019
    world = small_world().with_values(spare_capacity=10.0)
    ban = Ban("ban", ["BBB"], ["y"], start=date(2019, 1, 1))
    new = simulate_rollout([ban], params=world.with_values(changeover_years=1.0)).data["sites_new"]
    assert new.sel(country="BBB").sum("vendor").sel(year=[2019, 2020, 2021]).values.tolist() == pytest.approx(
        [500.0, 500.0, 0.0]
    )
    at_once = simulate_rollout([ban], params=world).data["sites_new"].sel(country="BBB").sum("vendor")
    assert float(at_once.sel(year=2019)) == pytest.approx(1000.0)
    # AAA, which bans nothing, builds as in the baseline
    baseline = simulate_rollout(params=world).data["sites_new"].sel(country="AAA")
    np.testing.assert_allclose(new.sel(country="AAA"), baseline, rtol=1e-12)


PARAMS = rollout_parameters()


def test_the_uk_and_australia_with_the_changeover_and_crews_that_scale_to_the_programme() -> None:
    # the UK's July ban (decided 14 July 2020, 5G radio and its anchors out by 2027) and Australia's 2018 ban
    # on new kit, at the defaults (a changeover of 0.75 years, crews scaling at half the programme a year):
    # the UK is 0.15 months late to 80 % coverage, 1.17 months behind the baseline at the widest (2021's
    # build of Huawei's footprint waits to April); Australia 0.39 months. With crews sized on the 5G build
    # alone the swaps crowd out the build: the UK 5.52 (5.76 before the operators' foresight counted the
    # build the changeover holds as not this year's: its envelope and crews now swap ahead, so the
    # changeover adds nothing to the crowding out; the same 5.52 without it), Australia 11.2 (5.22, 4.93
    # and 23.7 on Germany's and the US's 4G densities before the two grids were sourced, branch density13)
    australia = Ban("AUS", ["AUS"], ["huawei", "zte"], start=date(2018, 8, 1))
    uk = UK_BAN  # as in the library's allied-bans and validate rollout-2020

    def late(ban: Ban, **values: float) -> tuple[float, float]:
        params = PARAMS.with_values(**values)
        costs = ban_costs(simulate_rollout([ban], params=params), simulate_rollout(params=params))
        country = costs.sel(country=ban.countries[0])
        return float(country["coverage_delay_months"].sel(level=0.8)), float(
            country["coverage_lag_months"].max()
        )

    np.testing.assert_allclose(late(uk), [0.151, 1.172], atol=0.005)
    np.testing.assert_allclose(late(uk, crew_ramp=0.0), [5.516, 5.081], atol=0.005)
    np.testing.assert_allclose(late(uk, crew_ramp=0.0, changeover_years=0.0), [5.516, 5.081], atol=0.005)
    np.testing.assert_allclose(late(australia), [0.388, 0.729], atol=0.005)
    np.testing.assert_allclose(late(australia, crew_ramp=0.0), [11.229, 11.709], atol=0.005)


def _translated(measures: str) -> EngineInputs:
    return translate(parse_scenario(f"name: t\nmeasures:\n{measures}".encode()), load_world().model)


def test_a_vendor_ban_s_announcement_reaches_the_rollout_with_a_note() -> None:
    # every measure that forces vendors off new radio, a cap too, notes the changeover; the announcement
    # goes to the engine's ban; one after the start is refused, naming the field
    for measure in (
        "  - {type: vendor-ban, countries: GBR, vendors: Huawei, announced: 2020-07-14, start: 2021-01-01}\n",
        "  - {type: vendor-ban, countries: GBR, vendors: [Huawei], start: 2020-01-01, cap: 0.35}\n",
        "  - {type: tender-exclusion, countries: CHN, against: [SWE, FIN], start: 2021-01-01}\n",
        "  - {type: standards-split, blocs: [us-aligned, china-aligned], start_year: 2022}\n",
    ):
        result = _translated(measure)
        assert sum("changeover_years" in note for note in result.notes) == 1, measure
    (ban,) = _translated(
        "  - {type: vendor-ban, countries: GBR, vendors: Huawei, announced: 2020-07-14, start: 2021-01-01}\n"
    ).bans
    assert ban.announced == date(2020, 7, 14)
    with pytest.raises(ScenarioError, match="announced"):
        _translated(
            "  - {type: vendor-ban, countries: GBR, vendors: Huawei, announced: 2021-07-14,"
            " start: 2021-01-01}\n"
        )
    # the engine refuses it too
    late = Ban("late", ["GBR"], ["huawei"], start=date(2021, 1, 1), announced=date(2021, 7, 14))
    with pytest.raises(InputError, match="announced"):
        simulate_rollout([late], params=PARAMS)
