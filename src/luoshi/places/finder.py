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

import ahocorasick

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
        self._automaton = ahocorasick.Automaton()
        for name, found in self._surfaces.items():
            self._automaton.add_word(name, (len(name), found))
        for word in not_places:  # 兴安岭 is no 兴安盟: a longer word that names nothing
            if word not in self._surfaces:
                self._automaton.add_word(word, (len(word), ()))
        self._automaton.make_automaton()

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
        hits = []
        for stop, (length, found) in self._automaton.iter(text, start, end):
            hits.append((stop + 1 - length, -length, found))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        mentions: list[Mention] = []
        free = start
        for s, minus_length, found in hits:
            if s >= free:
                free = s - minus_length
                if found:
                    mentions.append(Mention(s, free, text[s:free], found))
        return mentions
