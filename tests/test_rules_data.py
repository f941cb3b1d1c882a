"""The bundled language data agrees with itself, with the code and with the
statement contract (in the spirit of dateparser's data-integrity tests)."""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources

import pytest

from luoshi.extract.indicators import core_ids, families
from luoshi.rules import load_csv, load_yaml
from luoshi.types import Measure, Qualifier

DATA = resources.files("luoshi.rules").joinpath("data")
CONTRACT_CORE_IDS = {
    "gdp", "gdp_growth", "gdp_per_capita", "industrial_value_added_growth", "fixed_asset_investment_growth",
    "retail_sales_growth", "foreign_trade_value", "foreign_trade_growth", "general_budget_revenue",
    "general_budget_revenue_growth", "cpi_growth", "urban_unemployment_rate", "urban_new_jobs",
    "resident_income_growth", "grain_output", "energy_intensity_change", "investment_attracted",
    "port_freight_volume", "china_europe_trains", "rd_intensity",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.name.endswith(".yaml")))
def test_every_yaml_file_loads(name: str):
    assert load_yaml(name) is not None


def test_catalogue_produces_every_core_id_of_the_contract():
    assert core_ids() == CONTRACT_CORE_IDS


def test_core_ids_sit_under_the_measure_the_contract_gives_them():
    for fam in families():
        for measure, ident in fam.ids.items():
            if ident.endswith("_growth") or ident in ("cpi_growth", "energy_intensity_change"):
                assert measure == "growth_pct", ident
            if ident in ("urban_unemployment_rate", "rd_intensity"):
                assert measure == "rate_pct", ident
            if ident in ("urban_new_jobs", "china_europe_trains"):
                assert measure == "count", ident


def test_no_alias_names_two_families():
    aliases = Counter(a for fam in families() for a in fam.aliases)
    assert [a for a, n in aliases.items() if n > 1] == []


def test_head_only_and_elliptical_names_belong_to_their_family():
    for fam in families():
        assert fam.head_only <= set(fam.aliases), fam.family
        assert all(alias not in fam.aliases for alias, _ in fam.elliptical), fam.family


def test_units_have_one_measure_each():
    units = load_yaml("units.yaml")
    seen = Counter(u for cls in ("level", "count", "percent", "points") for u in units[cls])
    assert [u for u, n in seen.items() if n > 1] == []
    assert set(units["atomic_units"]) <= set(seen) | {"百分点"}


def test_qualifier_words_map_to_contract_values():
    quals = load_yaml("qualifiers.yaml")
    for section in ("prefix", "infix", "suffix"):
        for name in quals[section]:
            Qualifier(name)


def test_percent_defaults_are_measures():
    for row in load_yaml("indicators.yaml"):
        if "percent_default" in row:
            Measure(row["percent_default"])


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("cues.yaml", ["growth", "decline", "rate_nouns", "multi_year", "predicate_only"]),
        ("sections.yaml", ["plan_paragraph", "review_multi_year_open", "review_year_open", "plan_multi_year_open"]),
    ],
)
def test_patterns_compile(name: str, keys: list[str]):
    data = load_yaml(name)
    for key in keys:
        value = data[key]
        for pattern in value if isinstance(value, list) else [value]:
            re.compile(pattern)
    if name == "cues.yaml":
        for cue in data["target"]:
            re.compile(cue["pattern"])


def test_gazetteer_codes_are_six_digits_and_unique():
    codes = [row["code"] for row in load_csv("regions.csv")]
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert len(codes) == len(set(codes))
