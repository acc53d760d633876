"""The huawei-suppliers validation case: calibration targets met, the 2019 check fails the known way."""

from __future__ import annotations

import pytest

from gotogether.validation import run_cases


def test_huawei_suppliers_case() -> None:
    rows = {row.quantity.split(" (")[0]: row for row in run_cases(["huawei-suppliers"])}
    assert len(rows) == 5
    calibrated = [row for row in rows.values() if "calibration target" in row.quantity]
    assert len(calibrated) == 4
    assert all(row.passed for row in calibrated)
    assert rows["Huawei purchases from US firms 2018, USD bn"].ours == pytest.approx(11.0, rel=1e-9)
    assert rows["Qorvo's revenue from Huawei 2019, %"].ours == pytest.approx(15.0, rel=1e-9)
    assert rows["TSMC's revenue from Huawei 2019, %"].ours == pytest.approx(17.5, rel=1e-9)
    # 2019: the Entity List stops every US firm's line from 16 May 2019 in the model, and stockpiling is
    # an inventory, not purchases: about 4.5 months of 2018's $11B, far below the reported $18.7B.
    check = rows["Huawei purchases from US firms 2019, USD bn"]
    assert check.published == 18.7
    assert check.passed is False
    assert 11.0 * 4 / 12 < check.ours < 11.0 * 5 / 12
