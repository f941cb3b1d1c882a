"""A 通报 from a store: the scoreboard of its scope as of a date, the
owners assigned, the previous 通报 of the scope, then DOCX or PDF bytes.

    >>> b = make_bulletin(store, "内蒙古自治区", "2025")        # doctest: +SKIP
    >>> write_bulletin(b, "pdf", Path("通报.pdf"))
    >>> issue(store, b, by="cli")                              # kept for the next one
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from luoshi.bulletin.compose import compose
from luoshi.bulletin.content import Bulletin, build_bulletin
from luoshi.bulletin.fonts import FontsMissing, find_fonts
from luoshi.bulletin.snapshots import Snapshots
from luoshi.clock import beijing
from luoshi.errors import InputError
from luoshi.safe_write import written_path
from luoshi.store import StatementQuery, Store
from luoshi.store.base import StoredDocument
from luoshi.store.sql import SqlStore
from luoshi.track.board import Assessment, places_within, scoreboard
from luoshi.track.link_index import TrackIndex, assigned_owners

FORMATS = ("docx", "pdf")


def known_on(doc: StoredDocument) -> date | None:
    """The day a document became known: published, else stored (Beijing)."""
    if doc.published is not None:
        return doc.published
    return None if doc.ingested_at is None else beijing(doc.ingested_at).date()


def scoreboard_as_of(
    store: Store,
    region: str,
    period: str | None,
    owner: str | None = None,
    as_of: date | None = None,
    due_within: int | None = None,
) -> list[Assessment]:
    """The scoreboard of a region and period from the documents known on
    ``as_of`` (all of them when None), deadlines judged on that day (临期
    within ``due_within`` days): a 通报 dated in the past says what was
    known then."""
    docs = store.documents()
    if as_of is not None:
        docs = [d for d in docs if (known_on(d) or as_of) <= as_of]
    names = {d.name for d in docs}
    statements = (
        s for r in places_within(region) for s in store.statements(StatementQuery(region=r)) if s.doc in names
    )
    index = TrackIndex.build(statements, docs, assigned_owners(store))
    return scoreboard(index, region, period, None, as_of=as_of, due_within=due_within)


def _assigned(store: Store) -> dict[str, str]:
    if not isinstance(store, SqlStore):
        return {}
    from luoshi.accounts import Accounts

    return Accounts(store).assigned_owners()


def make_bulletin(
    store: Store,
    region: str,
    period: str,
    owner: str | None = None,
    as_of: date | None = None,
    issuer: str | None = None,
    now: datetime | None = None,
    due_within: int | None = None,
) -> Bulletin:
    """The 通报 of a region and period (one owner's when ``owner`` is given:
    a name holding it, 商务厅 finds 自治区商务厅) as of a day (today in
    Beijing when None), numbered and compared with the previous one stored."""
    now = beijing(now or datetime.now().astimezone())
    day = as_of or now.date()
    board = scoreboard_as_of(store, region, period, owner, day, due_within)
    assigned = _assigned(store)
    owners = {id(a): a.owner(assigned) for a in board}
    if owner:
        board = [a for a in board if owner in (owners[id(a)] or "")]
        named = {owners[id(a)] for a in board}
        if len(named) == 1:  # 商务厅 given, 自治区商务厅 meant: the 通报 names it in full
            owner = named.pop() or owner
    snaps = Snapshots(store.backend) if isinstance(store, SqlStore) else None
    previous = snaps.previous(region, period, owner, day) if snaps else None
    number = snaps.next_number(region, period, owner, day) if snaps else 1
    return build_bulletin(
        board,
        lambda a: owners[id(a)],
        region=region,
        period=period,
        owner=owner,
        as_of=day,
        issued_at=now,
        number=number,
        issuer=issuer,
        previous=previous,
    )


def issue(store: Store, b: Bulletin, by: str) -> int:
    """Keep ``b`` as issued (its statuses for the next 通报, its content for
    download) and record it in the audit log; returns its id."""
    if not isinstance(store, SqlStore):
        raise InputError(str(store), "只有数据库存储（DuckDB 或 PostgreSQL）可以保存通报")
    from luoshi.accounts import audit

    bulletin_id = Snapshots(store.backend).save(b, by)
    with store.backend.transaction():
        audit.write(
            store.backend,
            by,
            "bulletin.issue",
            f"bulletin:{bulletin_id}",
            None,
            {"title": b.title, "region": b.region, "period": b.period, "owner": b.owner,
             "as_of": b.as_of.isoformat(), "number": b.number, "tasks": len(b.tasks)},
        )  # fmt: skip
    return bulletin_id


def bulletin_bytes(b: Bulletin, fmt: str) -> bytes:
    """The 通报 as a DOCX or PDF file's bytes."""
    if fmt not in FORMATS:
        raise InputError("--format", f"通报只能写成 {' 或 '.join(FORMATS)}，不能是 {fmt!r}")
    try:
        fonts = find_fonts()
    except FontsMissing:
        if fmt == "pdf":
            raise
        fonts = None
    blocks = compose(b, fonts)
    if fmt == "pdf":
        from luoshi.bulletin.pdf_out import pdf_bytes

        assert fonts is not None
        return pdf_bytes(blocks, fonts)
    from luoshi.bulletin.docx_out import docx_bytes

    return docx_bytes(blocks)


def write_bulletin(b: Bulletin, fmt: str, path: Path) -> None:
    """The 通报 at ``path``, written whole or not at all."""
    data = bulletin_bytes(b, fmt)
    with written_path(path) as tmp:
        tmp.write_bytes(data)
