"""Where bench/scale.py keeps the store it builds once and reuses: a DuckDB
file, or a PostgreSQL database of its own (dedicated to the benchmark: it is
copied whole as a template, renamed and dropped). Either is built under a
second name and renamed when complete, so a broken build is never reused,
and carries a manifest (how many copies, when, how long the build took):
a JSON file beside the DuckDB file, the comment of the PostgreSQL database.
Measurements that write (the full rebuild, one new document, ingest) go to
a scratch copy, so every run meets the store as it was built; a copy the
disk has no room for is refused before it starts (bench/scale.py
--in-place then writes into the store itself).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

Manifest = dict[str, Any]


class Place(Protocol):
    """A store's location: ``url`` is what open_store and `luoshi serve --db` take."""

    url: str
    back_end: str

    def manifest(self) -> Manifest | None:
        """The manifest of a complete build; None when there is none."""

    def exists(self) -> bool: ...

    def start_building(self) -> str:
        """The URL to build into (emptied first)."""

    def start_building_from(self, source: Any) -> str:
        """The URL to build into, holding a copy of ``source`` (a place of the same back end)."""

    def finish(self, manifest: Manifest) -> None:
        """The build becomes the store, with its manifest."""

    def set_manifest(self, manifest: Manifest) -> None: ...

    def discard(self) -> None: ...

    def size_mb(self) -> float: ...

    def check_room(self) -> None:
        """SystemExit when the disk has no room for a scratch copy."""

    def scratch(self) -> AbstractContextManager[str]:
        """A throwaway copy of the store, its URL; SystemExit when the disk has no room for it."""


class DuckDBFile:
    back_end = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.url = str(self.path)
        self._partial = self.path.with_name(self.path.name + ".building")
        self._manifest = self.path.with_name(self.path.name + ".json")

    def exists(self) -> bool:
        return self.path.exists()

    def manifest(self) -> Manifest | None:
        if not (self.path.exists() and self._manifest.exists()):
            return None
        found: Manifest = json.loads(self._manifest.read_text(encoding="utf-8"))
        return found

    def start_building(self) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (self._partial, _wal(self._partial)):
            leftover.unlink(missing_ok=True)
        return str(self._partial)

    def start_building_from(self, source: DuckDBFile) -> str:
        building = self.start_building()
        shutil.copyfile(source.path, building)
        return building

    def finish(self, manifest: Manifest) -> None:
        self._partial.rename(self.path)
        self.set_manifest(manifest)

    def set_manifest(self, manifest: Manifest) -> None:
        self._manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    def discard(self) -> None:
        for path in (self.path, _wal(self.path), self._manifest):
            path.unlink(missing_ok=True)

    def size_mb(self) -> float:
        return sum(p.stat().st_size for p in (self.path, _wal(self.path)) if p.exists()) / 2**20

    def check_room(self) -> None:
        room(self.path.parent, self.size_mb())

    @contextmanager
    def scratch(self) -> Iterator[str]:
        self.check_room()
        with tempfile.TemporaryDirectory(prefix="luoshi-scale-", dir=self.path.parent) as folder:
            copy = Path(folder) / "scratch.duckdb"
            shutil.copy(self.path, copy)
            yield str(copy)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def room(folder: Path, megabytes: float) -> None:
    """Refuse a copy of ``megabytes`` (and a tenth more, for what the
    measurements add) that the disk under ``folder`` cannot hold."""
    free = shutil.disk_usage(folder).free / 2**20
    if free < megabytes * 1.1:
        raise SystemExit(
            f"no room for a scratch copy of the store ({megabytes:,.0f} MB, {free:,.0f} MB free under {folder}): "
            "run with --in-place (the measurements then add their documents to the store itself)"
        )


class PostgresDatabase:
    """A database of its own on a PostgreSQL server (created when missing);
    a ``?schema=`` in the URL is kept, the database is what is copied."""

    back_end = "postgresql"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.name = parts.path.strip("/")
        if not self.name or self.name in ("postgres", "template0", "template1"):
            raise SystemExit(f"{url}: name a database of the benchmark's own (it is copied, renamed and dropped)")
        self.url = url
        self._parts = parts
        self._admin = urlunsplit(parts._replace(path="/postgres", query=""))

    def _with_name(self, name: str) -> str:
        return urlunsplit(self._parts._replace(path=f"/{name}"))

    def _sql(self, statement: str, *fills: Any, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run ``statement`` on the server's maintenance database, its {}
        filled in turn: a str as a quoted name, else as given (sql.Literal)."""
        import psycopg
        from psycopg import sql

        pieces = [sql.Identifier(f) if isinstance(f, str) else f for f in fills]
        query = sql.SQL(statement).format(*pieces)  # type: ignore[arg-type]
        with psycopg.connect(self._admin, autocommit=True, connect_timeout=10) as con:
            cursor = con.execute(query, params)
            return list(cursor.fetchall()) if cursor.description else []

    def exists(self) -> bool:
        return bool(self._sql("SELECT 1 FROM pg_database WHERE datname = %s", params=[self.name]))

    def manifest(self) -> Manifest | None:
        rows = self._sql(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", params=[self.name]
        )
        if not rows or not rows[0][0]:
            return None
        try:
            found: Manifest = json.loads(rows[0][0])
        except ValueError:
            return None
        return found

    def start_building(self) -> str:
        partial = self.name + "_building"
        self._sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", partial)
        self._sql("CREATE DATABASE {}", partial)
        return self._with_name(partial)

    def start_building_from(self, source: PostgresDatabase) -> str:
        partial = self.name + "_building"
        self._sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", partial)
        self._sql("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY", partial, source.name)
        return self._with_name(partial)

    def finish(self, manifest: Manifest) -> None:
        self._sql("ALTER DATABASE {} RENAME TO {}", self.name + "_building", self.name)
        self.set_manifest(manifest)

    def set_manifest(self, manifest: Manifest) -> None:
        from psycopg import sql

        self._sql("COMMENT ON DATABASE {} IS {}", self.name, sql.Literal(json.dumps(manifest, ensure_ascii=False)))

    def discard(self) -> None:
        self._sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)

    def size_mb(self) -> float:
        return float(self._sql("SELECT pg_database_size(%s)", params=[self.name])[0][0]) / 2**20

    def check_room(self) -> None:
        (data,) = self._sql("SHOW data_directory")[0]
        if Path(data).is_dir():  # a server on this machine: its disk is ours to check
            room(Path(data), self.size_mb())

    @contextmanager
    def scratch(self) -> Iterator[str]:
        # A file-level copy: as fast as the disk, where a dump and restore
        # would rebuild every index. Needs no other connection to the store.
        copy = self.name + "_scratch"
        self.check_room()
        self._sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", copy)
        self._sql("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY", copy, self.name)
        try:
            yield self._with_name(copy)
        finally:
            self._sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", copy)
