"""Retaliation measure types: tender exclusion (rollout) and an unreliable entity list (supply)."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest

from gotogether.engines.supply import simulate_supply
from gotogether.pipeline.world import World, load_world
from gotogether.scenarios import parse_scenario
from gotogether.scenarios.errors import ScenarioError
from gotogether.scenarios.inputs import EngineInputs
from gotogether.scenarios.translate import translate


@cache
def world() -> World:
    return load_world()


def inputs(measures: str) -> EngineInputs:
    return translate(parse_scenario(f"name: t\nmeasures:\n{measures}".encode()), world().model)


def test_tender_exclusion_is_a_ban_by_the_target_on_the_issuers_vendors() -> None:
    excluded = inputs(
        "  - {type: tender-exclusion, countries: CHN, against: [SWE, FIN], start: 2021-01-01}\n"
    )
    banned = inputs("  - {type: vendor-ban, countries: CHN, vendors: [Ericsson, Nokia], start: 2021-01-01}\n")
    (ban,) = excluded.bans
    (same,) = banned.bans
    assert sorted(ban.vendors) == sorted(same.vendors) == ["ericsson", "nokia"]
    assert (list(ban.countries), ban.start, ban.deadline) == (list(same.countries), same.start, None)
    scenario = parse_scenario(
        b"name: t\nmeasures:\n  - {type: tender-exclusion, countries: CHN, against: SWE, start: 2021-01-01}\n"
    )
    assert scenario.measures[0].sides({}) == ({"CHN"}, {"SWE"})


def test_every_measure_that_bars_vendors_from_new_radio_notes_the_anchor_rule() -> None:
    # the rollout's 4G-anchor rule acts on every uncapped ban, whichever measure made it
    for measure in (
        "  - {type: tender-exclusion, countries: CHN, against: [SWE, FIN], start: 2021-01-01}\n",
        "  - {type: vendor-ban, countries: CHN, vendors: [Ericsson, Nokia], start: 2021-01-01}\n",
        "  - {type: standards-split, blocs: [us-aligned, china-aligned], start_year: 2022}\n",
    ):
        result = inputs(measure)
        assert result.bans, measure
        assert sum("non-standalone anchors" in note for note in result.notes) == 1, measure
    capped = inputs(
        "  - {type: vendor-ban, countries: GBR, vendors: [Huawei], start: 2020-01-01, cap: 0.35}\n"
    )
    assert not any("non-standalone anchors" in note for note in capped.notes)


def test_tender_exclusion_of_a_country_without_ran_vendors_is_a_note() -> None:
    result = inputs("  - {type: tender-exclusion, countries: CHN, against: USA, start: 2021-01-01}\n")
    assert result.bans == []
    assert any("no RAN vendor is at home in USA" in note for note in result.notes)


def test_tender_exclusion_needs_whom_it_excludes() -> None:
    with pytest.raises(ScenarioError, match="'against' or 'vendors'"):
        inputs("  - {type: tender-exclusion, countries: CHN, start: 2021-01-01}\n")


def test_unreliable_entity_list_cuts_the_listed_firms_for_the_target_countrys_vendors() -> None:
    result = inputs(
        "  - {type: unreliable-entity-list, countries: CHN, against: USA, firms: [Qorvo],"
        " start: 2020-01-01}\n"
    )
    (control,) = result.supply_controls
    assert (control.issuers, control.target_countries, control.firms) == (["USA"], ["CHN"], ["Qorvo"])
    network = world().network
    d = simulate_supply(network, [control], world().supply_parameters).data
    qorvo = d["firm"] == "Qorvo"
    blocked = d["blocked_sales"].where(qorvo, 0.0).sum(["supplier", "time"])
    chinese = [v for v, home in zip(network.vendors, network.vendor_country, strict=True) if home == "CHN"]
    assert (blocked.sel(vendor=chinese) > 0).all()  # Huawei and ZTE stop buying Qorvo's parts
    assert float(blocked.drop_sel(vendor=chinese).sum()) == 0.0
    others = d["blocked_sales"].where(~qorvo, 0.0)
    assert float(np.abs(others).sum()) == 0.0  # other US firms are not listed
    first = d["blocked_share"].sel(vendor="huawei", time=slice("2019-01", "2019-12"))
    assert control.start == date(2020, 1, 1)
    assert float(first.max()) == 0.0  # nothing before the start


def test_a_ban_removing_5g_radio_only_keeps_the_vendors_other_4g_and_says_so() -> None:
    # the UK's July 2020 ban: Huawei 5G out by 2027, its 2G-4G kit may stay (allied-bans)
    ban = (
        "  - {type: vendor-ban, countries: GBR, vendors: Huawei, start: 2021-01-01, "
        "rip_and_replace_by: 2027-12-31"
    )
    (both,) = inputs(ban + "}\n").bans
    result = inputs(ban + ", removes: 5g}\n")
    (five,) = result.bans
    assert both.removes_4g
    assert not five.removes_4g
    assert sum("4G anchor of each site whose 5G goes" in note for note in result.notes) == 1
    with pytest.raises(ScenarioError, match="removes"):
        inputs(ban + ", removes: 4g}\n")
