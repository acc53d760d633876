"""A cap on each operator's access network, summed to the country: the national cap by hand, its bounds
(never looser than the cap, one operator the cap itself), the bans it rewrites, and the UK's cap of
January 2020 on its four operators."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.rollout import Ban, simulate_rollout
from gotogether.engines.rollout.changeover import forced_off
from gotogether.engines.rollout.operators import Operators, caps_by_operator, operator_cap
from gotogether.pipeline.world import rollout_parameters

PARAMS = rollout_parameters()
UK_CAP = Ban("UK cap", ["GBR"], ["huawei"], start=date(2020, 1, 1), equipment=("radio",), cap=0.35)


def test_the_national_cap_by_hand() -> None:
    # two operators of equal size at 60 % and 20 %: the footprint 40 %; at a 35 % cap the first keeps 35 %,
    # the second its 20 %: 27.5 % of the country, so 12.5 / 40 = 31.25 % of the footprint goes (the national
    # cap would force off 1 - 35 / 40 = 12.5 %)
    cap = operator_cap(0.35, 0.4, (1.0, 1.0), np.array([0.6, 0.2]))
    assert cap == pytest.approx(0.275, rel=1e-15)
    off = forced_off(replace(UK_CAP, cap=cap), np.array([[0.4]]))
    assert off[0, 0] == pytest.approx(0.3125, rel=1e-14)
    # at 50 % and 10 % the footprint (30 %) is below the cap, yet the first operator must shed 15 points
    # (7.5 of the country): the cap tightens from 35 % to 27.5 %
    assert operator_cap(0.35, 0.3, (1.0, 1.0), np.array([0.5, 0.1])) == pytest.approx(0.275, rel=1e-15)
    # the operators' shares are scaled to the country's footprint: 60 % and 20 % on a 30 % footprint are
    # 45 % and 15 %, so 10 points of one half go (5 of the country)
    assert operator_cap(0.35, 0.3, (1.0, 1.0), np.array([0.6, 0.2])) == pytest.approx(0.30, rel=1e-15)


def test_one_operator_or_none_holding_the_vendors_gives_the_cap_itself() -> None:
    for footprint in (0.2, 0.35, 0.4, 0.9):
        assert operator_cap(0.35, footprint, (5_000.0,), np.array([footprint])) == 0.35
    assert operator_cap(0.35, 0.4, (1.0, 2.0), np.zeros(2)) == 0.35


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0.01, 1.0), min_size=1, max_size=5),
    st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5),
    st.floats(0.05, 0.9),
    st.floats(0.01, 0.99),
)
def test_a_cap_by_operator_is_never_looser_than_the_cap_and_keeps_something(
    sites: list[float], held: list[float], cap: float, footprint: float
) -> None:
    shares = np.array(held[: len(sites)])
    national = operator_cap(cap, footprint, tuple(sites), shares)
    assert 0.0 < national <= cap + 1e-12
    # what it forces off the footprint is at least the national cap's
    if footprint > cap:
        assert 1.0 - national / footprint >= 1.0 - cap / footprint - 1e-12


def test_caps_are_rewritten_for_the_countries_whose_operators_hold_the_vendors_only() -> None:
    networks = (("GBR", Operators((1.0, 1.0), (("huawei", (0.6, 0.2)),))),)
    countries, vendors = ["FRA", "GBR"], ["ericsson", "huawei"]
    footprint = np.array([[0.6, 0.4], [0.6, 0.4]])
    both = replace(UK_CAP, countries=["FRA", "GBR"])
    rewritten = caps_by_operator([both], countries, vendors, footprint, networks)
    assert [(ban.countries, ban.cap) for ban in rewritten] == [
        (["GBR"], pytest.approx(0.275)),
        (["FRA"], 0.35),
    ]
    # a ban, a cap on vendors the operators' rows do not give, a cap with the core: as they are
    ban = replace(UK_CAP, cap=0.0)
    ericsson = replace(UK_CAP, vendors=["ericsson"])
    with_core = replace(UK_CAP, equipment=("radio", "core"))
    kept = [ban, ericsson, with_core]
    assert all(
        a is b
        for a, b in zip(caps_by_operator(kept, countries, vendors, footprint, networks), kept, strict=True)
    )
    assert caps_by_operator([UK_CAP], countries, vendors, footprint, ())[0] is UK_CAP


def test_the_uk_cap_by_operator() -> None:
    # EE 17,000 sites at two thirds Huawei, Three 17,000 at half, Vodafone 18,000 at 32 %, O2 18,000 at none
    # (operators.csv), scaled to the UK's 40 % Huawei footprint: 73, 55, 35 and 0 %, so EE and Three shed
    # theirs above 35 % and the UK keeps 26 % (35 % of 52,000 of the 70,000 sites), not 35 %
    uk = dict(PARAMS.operators)["GBR"]
    assert uk.sites == (17_000.0, 17_000.0, 18_000.0, 18_000.0)
    footprint = float(PARAMS.base_shares.sel(country="GBR", vendor="huawei"))
    assert footprint == pytest.approx(0.4)
    held = uk.held(["huawei"])
    assert held is not None
    assert operator_cap(0.35, footprint, uk.sites, held) == pytest.approx(0.26, abs=1e-4)
    # the rollout: the cap holds more of 2020's build for the changeover and raises the index more than the
    # national cap, and Huawei's 2020 share is the national cap's 26 %
    national = simulate_rollout([UK_CAP], params=replace(PARAMS, operators=())).data.sel(
        country="GBR", year=2020
    )
    by_operator = simulate_rollout([UK_CAP], params=PARAMS).data.sel(country="GBR", year=2020)
    assert float(by_operator["sites"]) < float(national["sites"])
    assert float(by_operator["price_per_site"]) > float(national["price_per_site"])
    assert float(by_operator["vendor_share"].sel(vendor="huawei")) == pytest.approx(0.26, abs=1e-4)
    assert float(national["vendor_share"].sel(vendor="huawei")) == pytest.approx(0.35, abs=1e-9)
