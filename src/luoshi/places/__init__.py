"""Inner Mongolia as places and partners: the registry of leagues, cities,
ports, partner regions and organisations (``registry``, ``loader``),
finding them in text (``finder``) and in the parties of events
(``parties``), the statements about each (``about``) and the events
between them (``events``)."""

from __future__ import annotations

from luoshi.places.finder import Mention, PlaceFinder
from luoshi.places.parties import org_id, resolve_party
from luoshi.places.registry import Pairing, Place, PlaceKind, Registry

__all__ = ["Mention", "Pairing", "Place", "PlaceFinder", "PlaceKind", "Registry", "org_id", "resolve_party"]
