"""The rollout-2020 validation case: every calibration figure passes; information rows have no verdict."""

from __future__ import annotations

from gotogether.validation import run_cases


def test_rollout_2020_case_passes_and_reports_its_gaps() -> None:
    rows = run_cases(["rollout-2020"])
    judged = [row for row in rows if row.published is not None]
    assert len(judged) == 15  # 4 deployments, China's cost per site, 4 tender shares, 5 ex-China, EU
    failed = [(row.country, row.quantity, row.ours) for row in judged if not row.passed]
    assert not failed
    tender = {row.quantity.split()[0]: row.ours for row in judged if "tender" in row.quantity}
    assert tender["huawei"] > tender["zte"] > tender["ericsson"]
    info = {row.country: row.ours for row in rows if row.published is None}
    # the US rip-and-replace is far below the FCC's $1.837B of 2020: 5G radio only (the next step)
    assert 0.0 < info["USA"] < 1.837
    assert 30.0 < info["WLD"] < 60.0  # 5G site capex 2020, USD bn (Dell'Oro's RAN: above $35B)
