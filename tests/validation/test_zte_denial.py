"""The zte-denial-2018 validation case: ZTE's purchases met, the denial order's revenue loss as measured."""

from __future__ import annotations

import pytest

from gotogether.data.valuenet import load_tables
from gotogether.errors import InputError
from gotogether.validation import run_cases
from gotogether.validation.zte_denial import reported_figure

ORDER_DAYS = 89
"""15 April to 13 July 2018, the first day without the order."""


def test_zte_denial_case() -> None:
    rows = {row.quantity.split(" (")[0]: row for row in run_cases(["zte-denial-2018"])}
    assert len(rows) == 5
    # calibration: ZTE's 2018 cost of sales (CNY 85.513B x (1 - 0.314) at CNY 6.7233 a dollar) and the
    # midpoint of the 25-30% bought from US firms
    purchases = rows["ZTE purchases 2018, USD bn"]
    assert purchases.published == pytest.approx(85.513 * (1 - 0.314) / 6.7233, rel=1e-6)
    assert purchases.passed is True
    us = rows["ZTE purchases from US firms 2018, USD bn"]
    assert us.published == pytest.approx(0.275 * purchases.published, rel=1e-6)
    assert us.passed is True
    # the check: CNY 85.513B in 2018 against 108.815B in 2017, 39.434B in H1 2018 against 54.010B
    year = rows["ZTE revenue fall 2018 on 2017 under the US denial order, %"]
    half = rows["ZTE revenue fall first half of 2018 on 2017's under the US denial order, %"]
    assert year.published == pytest.approx(100 * (1 - 85.513 / 108.815), rel=1e-4)
    assert half.published == pytest.approx(100 * (1 - 39.434 / 54.010), rel=1e-6)
    # with its month of stock, no bill can lose more than the order's days beyond the stock; the FPGAs,
    # all US firms', stop the base station once the stock runs out (May-June), the US-made handset
    # processors (Qualcomm's 65%) a little over half of the handsets
    beyond_stock = ORDER_DAYS / 365.25 - 1 / 12
    assert 0.0 < year.ours < 100 * beyond_stock
    assert half.ours == pytest.approx(2 * year.ours, rel=0.05)  # all of the loss in the first half but July's
    # as measured: below the reported fall, which also holds the customers lost and the restart
    assert year.ours == pytest.approx(8.75, abs=0.05)
    assert year.passed is False
    assert half.passed is False
    # at the library's six months of stock for a target that does not stockpile, the order does nothing
    defaults = next(row for name, row in rows.items() if "at the library's stock" in name)
    assert defaults.published is None
    assert defaults.ours == 0.0


def test_a_missing_figure_names_the_row_to_add() -> None:
    financials = load_tables()["financials"]
    with pytest.raises(InputError, match=r"zte,purchases,USA,2017"):
        reported_figure(financials, "purchases", "USA", 2017)
