"""Finding the registry's places in text: every name and alias in one
automaton, matched leftmost-longest over the untouched text, so 满洲里口岸
is the ports of 满洲里 and not the city, and offsets index the caller's
string.

    >>> f = PlaceFinder.default()
    >>> [(m.start, m.end, [p.id for p in m.places]) for m in f.find("兴安盟党政考察团赴山东考察")]
    [(0, 3, ['league:152200']), (9, 11, ['partner:370000'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs

from luoshi.places.registry import Place, Registry
from luoshi.rules import load_yaml


@dataclass(frozen=True, slots=True)
class Mention:
    """Where text names one or more entries (满洲里口岸: three ports)."""

    start: int
    end: int
    text: str
    places: tuple[Place, ...]


class PlaceFinder:
    def __init__(self, registry: Registry, not_places: Iterable[str] = ()) -> None:
        self.registry = registry
        surfaces: dict[str, list[Place]] = {}
        for place in registry:
            for name in place.names:
                surfaces.setdefault(name, []).append(place)
        for name, ids in registry.groups.items():
            surfaces[name] = [p for p in map(registry.get, ids) if p is not None]
        self._surfaces = {name: tuple(dict.fromkeys(found)) for name, found in surfaces.items()}
        words: dict[str, tuple[Place, ...]] = dict(self._surfaces)
        for word in not_places:  # 兴安岭 is no 兴安盟: a longer word that names nothing
            words.setdefault(word, ())
        self._found = tuple(words.values())
        self._automaton = ahocorasick_rs.AhoCorasick(list(words), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    @classmethod
    @cache
    def default(cls) -> PlaceFinder:
        """The finder of the bundled registry, built once per process."""
        return cls(Registry.default(), load_yaml("region_aliases.yaml").get("not_regions", ()))

    def named(self, name: str) -> tuple[Place, ...]:
        """The entries ``name`` is a name of, exactly; () when none."""
        return self._surfaces.get(name.strip(), ())

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Mentions in ``text[start:end]``, leftmost-longest, not overlapping."""
        start, end, _ = slice(start, end).indices(len(text))
        if start >= end:
            return []
        mentions: list[Mention] = []
        for i, s, e in self._automaton.find_matches_as_indexes(text[start:end]):
            if found := self._found[i]:
                mentions.append(Mention(start + s, start + e, text[start + s : start + e], found))
        return mentions
