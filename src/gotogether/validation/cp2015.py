"""The Caliendo-Parro (2015) 1993 baseline, built from their replication files as the paper does.

Source: Caliendo and Parro (2015), "Estimates of the Trade and Welfare Effects of NAFTA", Review of Economic
Studies 82(1), replication data; files and steps in ``gotogether/data/cp2015/SOURCE.md``. Values in USD.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from gotogether.data.loaders.cp2015 import (
    CP2015_COUNTRIES,
    CP2015_SECTORS,
    N_TRADED,
    SERVICES_THETA,
    read_bilateral,
    read_cp2015_file,
    tariff_rates,
)
from gotogether.engines.trade.arrays import BaselineArrays

if TYPE_CHECKING:
    from gotogether.engines.trade.baseline import TradeBaseline


@cache
def load_cp2015() -> TradeBaseline:
    """The 1993 baseline of Caliendo and Parro (2015), with the observed 1993 trade deficits, labelled and
    checked (``cp2015_arrays``)."""
    from gotogether.engines.trade.baseline import baseline_from_arrays

    data = cp2015_arrays()
    return baseline_from_arrays(
        expenditure=data.expenditure,
        trade_share=data.trade_share,
        tariff=data.tariff,
        va_share=data.va_share,
        input_share=data.input_share,
        final_share=data.final_share,
        theta=data.theta,
        value_added=data.value_added,
        deficit=data.deficit,
        countries=list(data.countries),
        sectors=list(data.sectors),
        attrs={"unit": "USD", "year": 1993, "source": "Caliendo and Parro (2015) replication data"},
        source="Caliendo-Parro 1993 data",
    )


@cache
def cp2015_arrays() -> BaselineArrays:
    """The 1993 baseline as arrays (``gotogether validate cp2015-nafta`` solves on them, without xarray;
    ``load_cp2015`` labels and checks the same arrays).

    Follows steps 1-9 of SOURCE.md: flows to USD; gross output raised to at least exports and domestic sales
    on the diagonal; expenditure gross of tariffs; value added GO x B; input shares IO x (1 - B) (the one
    negative IO entry set to zero and columns rescaled to sum to one, see SOURCE.md); final-demand shares
    from final use over income, negatives set to zero and renormalised; theta from T.txt and 8.22 for
    services.
    """
    n, j = len(CP2015_COUNTRIES), len(CP2015_SECTORS)
    flows = read_bilateral("xbilat1993.txt") * 1000.0  # importer, exporter, sector; net of tariffs
    tariff = tariff_rates(1993).copy()
    gross_output = read_cp2015_file("GO.txt").T  # country, sector
    va_share = read_cp2015_file("B.txt").T

    exports = flows.sum(axis=0)  # exporter, sector (the diagonal is zero in the file)
    gross_output = np.maximum(gross_output, exports)
    own = np.arange(n)
    flows[own, own, :] = gross_output - exports

    spending = flows * (1.0 + tariff)
    expenditure = spending.sum(axis=1)
    trade_share = spending / expenditure[:, None, :]

    foreign = flows.copy()
    foreign[own, own, :] = 0.0
    deficit = foreign.sum(axis=(1, 2)) - foreign.sum(axis=(0, 2))
    value_added = gross_output * va_share

    io = np.maximum(
        read_cp2015_file("IO.txt").reshape(n, j, j), 0.0
    )  # country, input k, using j; see SOURCE.md
    column_sums = io.sum(axis=1, keepdims=True)
    io = np.divide(io, column_sums, out=np.zeros_like(io), where=column_sums > 0)
    input_share = io * (1.0 - va_share)[:, None, :]

    intermediate_use = np.einsum("nkj,nj->nk", input_share, gross_output)
    final_use = np.maximum(expenditure - intermediate_use, 0.0)
    # Dividing by income and renormalising after clipping (the paper's step 8) equals this.
    final_share = final_use / final_use.sum(axis=1, keepdims=True)

    theta = np.concatenate([read_cp2015_file("T.txt").ravel(), np.full(j - N_TRADED, SERVICES_THETA)])
    return BaselineArrays(
        expenditure=expenditure,
        trade_share=trade_share,
        tariff=tariff,
        va_share=va_share,
        input_share=input_share,
        final_share=final_share,
        theta=theta,
        value_added=value_added.sum(axis=1),
        deficit=deficit,
        countries=tuple(CP2015_COUNTRIES),
        sectors=CP2015_SECTORS,
    )
