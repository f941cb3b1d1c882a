"""Bundled language data (lexicons, cue words, gazetteer) and its one loader.

Data lives in ``rules/data/`` as YAML or CSV; code never hard-codes words.
Files are read once per process and cached.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

import yaml

from luoshi.errors import RulesError


def _read(name: str) -> str:
    try:
        return resources.files("luoshi.rules").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RulesError(f"rule file missing from the package: rules/data/{name}") from exc


@cache
def load_yaml(name: str) -> Any:
    """Parse ``rules/data/NAME`` as YAML."""
    try:
        return yaml.safe_load(_read(name))
    except yaml.YAMLError as exc:
        raise RulesError(f"rules/data/{name}: invalid YAML: {exc}") from exc


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``rules/data/NAME`` as dicts keyed by the header."""
    return tuple(csv.DictReader(_read(name).splitlines()))
