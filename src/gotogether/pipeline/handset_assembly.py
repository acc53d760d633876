"""The handset rivals' assembly: the phones they make in a blocked vendor's place are assembled where each
rival makes its phones (``engines.supply.assembly``), so the assembly's value lands in those countries
(Vietnam, India, China...) rather than in the component suppliers' homes."""

from __future__ import annotations

from typing import Literal

import numpy as np

from gotogether.engines.supply import SupplyResult
from gotogether.engines.supply.network import BILLS, ValueNetwork
from gotogether.engines.supply.result import SalesChange
from gotogether.engines.supply.rivals import rival_purchases
from gotogether.pipeline.controls import lost_handsets_bill, yearly_sales_change


def handset_assembly_change(
    supply: SupplyResult, network: ValueNetwork, by: Literal["country", "firm"] = "country"
) -> SalesChange:
    """Sales change of the handset rivals' assembly (by assembly country, or by ``RivalAssembly.assemblers``
    name, and year, USD): ``supply.handset_assembly_share`` times the bill of materials of the phones the
    rivals make in the vendors' place, split by where each rival assembles; no labels without rivals,
    their assembly countries or a consumer business."""
    assembly, rivals = network.rival_assembly, network.handset_rivals
    if rivals is None or assembly is None or not (network.class_bill == BILLS.index("consumer")).any():
        return SalesChange([], [], np.zeros((0, 0)))
    params = supply.params
    assembled = rival_purchases(
        lost_handsets_bill(supply, network),
        rivals.weights_of(network.vendors),
        assembly.shares,
        params.handset_diversion_share * params.handset_assembly_share,
    )
    return yearly_sales_change(
        supply, assembled, list(assembly.assemblers if by == "firm" else assembly.countries)
    )
