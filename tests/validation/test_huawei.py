"""The huawei-suppliers validation case: calibration targets met, the 2019 checks as measured."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.validation import run_cases


def test_huawei_suppliers_case() -> None:
    rows = {row.quantity.split(" (")[0]: row for row in run_cases(["huawei-suppliers"])}
    assert len(rows) == 18
    calibrated = [row for row in rows.values() if "calibration target" in row.quantity]
    assert len(calibrated) == 7
    assert all(row.passed for row in calibrated)
    # SMIC's line is sized on Huawei's 20% of its 2020 revenue ($3.89B) at Huawei's business before the
    # controls; in the case the FDPR extension (17 Aug 2020) cuts it: the line for 7.5 months, the stock
    # Huawei bought ahead in 2019 aside, and the substitutes SMIC makes, 14.8% (for information).
    assert rows["SMIC's revenue from Huawei 2020, %"].ours == pytest.approx(20.0, rel=1e-9)
    sold = rows["SMIC's sales to Huawei 2020 with the measures, % of its revenue, for information"]
    assert sold.published is None
    assert 100.0 * (0.2 * 7.5 / 12) < sold.ours < 20.0
    assert rows["Huawei purchases from US firms 2018, USD bn"].ours == pytest.approx(11.0, rel=1e-9)
    assert rows["Qorvo's revenue from Huawei 2019, %"].ours == pytest.approx(15.0, rel=1e-9)
    assert rows["TSMC's revenue from Huawei 2019, %"].ours == pytest.approx(17.5, rel=1e-9)
    # 2019: 4.5 months of 2018's $11B before the Entity List, US firms' plants abroad below de minimis
    # (Micron's Taiwan-made DRAM for handsets, FPGAs, memory) for the rest of the year, a quarter of the
    # other US supply licensed from 20 November, and the stock bought ahead from December 2018 ($13.1B at
    # the 2018 business), times the growth of each of Huawei's businesses in 2019 (the base station's bill
    # x1.049 with the carrier and enterprise businesses, the handsets' x1.339; $15.5B at the whole
    # business's x1.191): $15.2B, within the 20% tolerance of the $18.7B reported ($14.7B and a fail with
    # the base station's bill for every business).
    check = rows["Huawei purchases from US firms 2019, USD bn"]
    assert check.published == 18.7
    assert check.passed is True
    assert check.ours == pytest.approx(15.18, abs=0.05)
    # Q4 2019: FPGAs come only from US firms, so the US-free share is the in-house ASICs' capacity, 9-11
    # months after Huawei began preparing (Dec 2018): 0.9 x the S-curve at the fitted midpoint of 1.43
    # years, 18.6% (by hand: k = 1.5, mean over tau = 0.75, 0.83, 0.92 years of (S - S0) / (1 - S0)).
    us_free = rows["Huawei 5G base stations free of US parts, Q4 2019, % of its output"]
    assert us_free.published == pytest.approx(18.75)
    s0 = 1.0 / (1.0 + np.exp(1.5 * 1.43))
    grown = [(1.0 / (1.0 + np.exp(-1.5 * (months / 12 - 1.43))) - s0) / (1.0 - s0) for months in (9, 10, 11)]
    assert us_free.ours == pytest.approx(100.0 * 0.9 * float(np.mean(grown)), abs=0.3)
    assert us_free.passed is True

    # The processors' stock at TSMC's last shipment: 4.3 months of the 2019 need, over Huawei's rate of
    # Q3 2020 (51.7 million phones against 60 million a quarter in 2019), 4.99 months; Nikkei: until the
    # first quarter of 2021, 3.5-6.5 months after the cut-off.
    stock = rows["Huawei's handset-processor stock at TSMC's last shipment"]
    assert stock.published == pytest.approx(5.0)
    assert stock.tolerance == pytest.approx(1.5)
    assert stock.ours == pytest.approx(4.3 / (51.7 / 60.0), rel=1e-6)
    # It runs out in March 2021: the Honor sale (Nov 2020) and Qualcomm's 4G licence stretch it (April with
    # the licensed line at full volume at once; its 6-month ramp, supply.licensed_entry_ramp_months, leaves
    # more of the gap to the stock in the first months of 2021).
    out = next(row for name, row in rows.items() if name.startswith("Month Huawei's handset-processor stock"))
    assert out.published is None
    assert out.ours == pytest.approx(2021 + 2 / 12)
    # Checks after 2020 (not fitted): CNY 243.4B and 214.5B over 467.3B; ours 0.78 of the 2019 business kept
    # (the Honor sale) times the handsets' output of the year (0.492 in 2021: full until March, 0.30-0.46
    # after). 2021's fails (0.384 against 0.521, tolerance 20%; 0.444, a pass, without the licensed line's
    # ramp): reported, not fitted (docs/supply.md).
    for year, published, passed in ((2021, 243.4 / 467.3, False), (2022, 214.5 / 467.3, True)):
        check = rows[f"Huawei's consumer revenue {year} over 2019's"]
        assert check.published == pytest.approx(published)
        assert check.passed is passed
    assert rows["Huawei's consumer revenue 2021 over 2019's"].ours == pytest.approx(0.384, abs=0.002)
    assert rows["Huawei's consumer revenue 2022 over 2019's"].ours == pytest.approx(0.381, abs=0.002)
    # H1 2020 (known by end-2020, not fitted): nothing binds yet, every bill at full output, against
    # reported growth of 8.9-15.9 % (the business is held at its 2019 size after 2019)
    for business, growth in (
        ("consumer", 255.8 / 220.8),
        ("carrier", 159.6 / 146.5),
        ("enterprise", 36.3 / 31.6),
    ):
        half = rows[f"Huawei's {business} revenue H1 2020 over H1 2019"]
        assert half.published == pytest.approx(growth)
        assert half.ours == 1.0
        assert half.passed is True
    # After 2020, for information: the handset rivals (Huawei's 2021 handset bill lost, 0.8 of it bought
    # by Samsung, Apple and the Chinese brands by their 2019 shipments) buy from Qualcomm about a fifth of
    # its reported quarterly gain (+1.69bn, with the 5G upgrade in it), and win back about half of US
    # suppliers' gross 2021 loss.
    qualcomm = rows["Qualcomm's gain from the handset rivals, a quarter of 2021's, USD bn, for information"]
    assert qualcomm.published is None
    assert 0.1 < qualcomm.ours < 4.69 - 3.0
    gross = rows["US suppliers' sales change 2021, USD bn, gross"].ours
    net = rows["US suppliers' sales change 2021, USD bn, after the handset rivals' purchases"].ours
    assert gross < net < 0.0
    # 3.62 with the licensed line at full volume at once: on its ramp Huawei makes fewer phones in 2021
    assert net - gross == pytest.approx(4.21, abs=0.02)
