"""The value-network tables: schema validation, user overrides, DATA_SOURCES.md, the ETO loader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gotogether.data.loaders.eto import eto_technology_providers
from gotogether.data.valuenet import TableOverride, load_tables
from gotogether.data.valuenet.sources import TARGET, render_data_sources
from gotogether.errors import DataConsistencyError, InputError
from gotogether.pipeline.world import default_network

ETO = Path(__file__).parents[1] / "fixtures" / "eto"


def suppliers() -> pd.DataFrame:
    return load_tables()["suppliers"].astype(str)


def test_default_tables_load_and_every_assumption_has_a_range() -> None:
    tables = load_tables()
    for name, frame in tables.items():
        assumptions = frame[frame["confidence"] == "assumption"]
        assert assumptions["low"].notna().all(), name
        assert (frame.loc[frame["confidence"] != "assumption", "source_url"] != "").all(), name


def test_us_content_of_huawei_hardware_matches_the_teardown() -> None:
    """Nikkei/Fomalhaut BBU teardown: US parts 27.2% of component value (27-30%) [B/C]."""
    network = default_network()
    v = network.vendors.index("huawei")
    value = network.ran_cost_share[network.line_class] * network.share[v]
    hardware = (network.line_class != network.classes.index("software")) & (value > 0)
    us = pd.Series(network.firm_country).eq("USA").to_numpy()
    assert value[us & hardware].sum() / value[hardware].sum() == pytest.approx(0.272, abs=0.03)


def test_huawei_consumer_bill_matches_the_p30_pro_teardown() -> None:
    """Nikkei/Fomalhaut P30 Pro teardown (2019-06): $363.83 of parts, US $59.36 (16.3%), China $138.61
    (38.1%), South Korea $28.00 (7.7%), Taiwan $28.85 (7.9%) [B]."""
    network = default_network()
    v = network.vendors.index("huawei")
    consumer = np.array(network.class_business)[network.line_class] == "consumer"
    value = network.cost_share[network.line_class] * network.share[v] * consumer
    assert value.sum() == pytest.approx(1.0, abs=1e-3)
    country = pd.Series(network.firm_country)
    for code, dollars in (("USA", 59.36), ("CHN", 138.61), ("KOR", 28.16), ("TWN", 28.85)):
        assert value[country.eq(code).to_numpy()].sum() == pytest.approx(dollars / 363.83, abs=2e-3)
    # the carrier bill (the base station's) and the consumer bill each add to one
    carrier = np.array(network.class_business) == "carrier"
    assert network.cost_share[carrier].sum() == pytest.approx(1.0)


def test_committed_data_sources_file_is_up_to_date() -> None:
    assert TARGET.read_text(encoding="utf-8") == render_data_sources(load_tables()), (
        "run: python -m gotogether.data.valuenet.sources"
    )


def test_bad_cell_names_file_row_and_column(tmp_path: Path) -> None:
    frame = suppliers()
    frame.loc[3, "share"] = "lots"
    path = tmp_path / "suppliers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"suppliers.csv, row 5, column share: 'lots' is not a number"):
        load_tables((TableOverride("suppliers", path),))


def test_unknown_reference_suggests_a_close_match(tmp_path: Path) -> None:
    frame = suppliers()
    frame.loc[0, "component_class"] = "baseband_socs"
    path = tmp_path / "suppliers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 2, column component_class.*did you mean 'baseband_soc'"):
        load_tables((TableOverride("suppliers", path),))


def test_assumption_without_range_is_rejected(tmp_path: Path) -> None:
    frame = suppliers()
    frame.loc[1, "low"] = ""
    path = tmp_path / "suppliers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(
        InputError, match=r"row 3, columns low and high: an assumption needs a low-high range"
    ):
        load_tables((TableOverride("suppliers", path),))


def test_shares_that_do_not_add_up_are_rejected(tmp_path: Path) -> None:
    frame = suppliers()
    frame.loc[0, "share"] = "0.80"
    path = tmp_path / "suppliers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataConsistencyError, match=r"\('huawei', 'baseband_soc'\) sum to 0.950000"):
        load_tables((TableOverride("suppliers", path),))


def test_assembly_shares_of_a_rival_that_do_not_add_up_are_rejected(tmp_path: Path) -> None:
    frame = load_tables()["rival_assembly"].astype(str)
    frame.loc[(frame["rival"] == "samsung") & (frame["country"] == "VNM"), "share"] = "0.45"  # was 0.50
    path = tmp_path / "rival_assembly.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataConsistencyError, match=r"shares of rival samsung's assembly sum to 0.950000"):
        load_tables((TableOverride("rival_assembly", path),))


def test_excel_override_extends_a_table(tmp_path: Path) -> None:
    extra = (
        load_tables()["deployments"]
        .astype(str)
        .iloc[[0]]
        .assign(country="DEU", value="1000", low="", high="")
    )
    path = tmp_path / "extra.xlsx"
    extra.to_excel(path, sheet_name="deployments", index=False)
    tables = load_tables((TableOverride("deployments", path, mode="extend"),))
    deu = tables["deployments"][tables["deployments"]["country"] == "DEU"]
    assert deu["value"].tolist() == [1000.0]


def test_unknown_table_and_column_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    suppliers().rename(columns={"made_in": "made_in_country"}).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"unknown column 'made_in_country' \(did you mean .*'made_in'"):
        load_tables((TableOverride("suppliers", path),))
    with pytest.raises(InputError, match=r"unknown table 'supplier' \(did you mean 'suppliers'"):
        load_tables((TableOverride("supplier", path),))


def test_eto_loader_averages_inputs_into_technologies() -> None:
    table = eto_technology_providers(ETO)
    shares = table.assign(share=table["share"].astype(float)).set_index(["technology", "country"])["share"]
    expected = {
        ("eda", "USA"): 0.8,
        ("eda", "CHN"): 0.2,
        ("lithography", "NLD"): 0.8,  # mean of EUV (100%) and ArF (60%)
        ("lithography", "JPN"): 0.2,
        ("wafer_equipment", "USA"): 0.5,  # mean of plasma CVD (70%) and dielectric etch (30%)
        ("wafer_equipment", "JPN"): 0.45,
        ("wafer_equipment", "ROW"): 0.05,  # "Various"
        ("ip_cores", "USA"): 0.5,
        ("ip_cores", "ROW"): 0.5,
    }
    assert shares.to_dict() == pytest.approx(expected, rel=1e-12)


def test_eto_data_refine_the_default_network() -> None:
    network = default_network(eto_folder=ETO)
    t = network.technologies.index("wafer_equipment")
    assert network.tech_share[t, network.countries.index("USA")] == pytest.approx(0.5, rel=1e-12)
    assert network.tech_share[t, network.countries.index("JPN")] == pytest.approx(0.45, rel=1e-12)


def test_eto_loader_reports_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"providers.csv: file not found"):
        eto_technology_providers(tmp_path)
