"""The huawei-suppliers validation case: calibration targets met, the 2019 check fails the known way."""

from __future__ import annotations

import pytest

from gotogether.validation import run_cases


def test_huawei_suppliers_case() -> None:
    rows = {row.quantity.split(" (")[0]: row for row in run_cases(["huawei-suppliers"])}
    assert len(rows) == 6
    calibrated = [row for row in rows.values() if "calibration target" in row.quantity]
    assert len(calibrated) == 4
    assert all(row.passed for row in calibrated)
    assert rows["Huawei purchases from US firms 2018, USD bn"].ours == pytest.approx(11.0, rel=1e-9)
    assert rows["Qorvo's revenue from Huawei 2019, %"].ours == pytest.approx(15.0, rel=1e-9)
    assert rows["TSMC's revenue from Huawei 2019, %"].ours == pytest.approx(17.5, rel=1e-9)
    # 2019: 4.5 months of 2018's $11B before the Entity List, US firms' plants abroad below de minimis
    # (FPGAs and memory, 28% of Huawei's US purchases) for the rest of the year, a quarter of the other US
    # supply licensed from 20 November, and the stock bought ahead from December 2018: more than the
    # 2018 rate, still short of the reported $18.7B (Huawei's 2019 growth is not modelled).
    check = rows["Huawei purchases from US firms 2019, USD bn"]
    assert check.published == 18.7
    assert check.passed is False
    assert 11.0 < check.ours < 18.7 - check.tolerance
    # Q4 2019: non-US supply and substitution capacity (started when Huawei began stockpiling, Dec 2018)
    # could cover about 40% of the quarter's need (FPGAs bind), above the 18.8% reported sold US-free.
    us_free = rows["Huawei 5G base stations free of US parts, Q4 2019, % of its output"]
    assert us_free.published == pytest.approx(18.75)
    assert us_free.published < us_free.ours < 60.0
