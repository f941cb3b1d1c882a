"""Documents included in an index without linking (an upload job's batches)
link, once read, exactly as an index built from every statement at once."""

from __future__ import annotations

from track_samples import Text, index_of

from luoshi.track.link_index import TrackIndex

PLAN = Text("计划.txt", "2026年，全区口岸货运量力争达到1.4亿吨，到发中欧班列300列。", "2026-01-20", "政府工作报告")
BRIEFS = [
    Text(
        f"通报{n}.txt",
        f"2026年1—{n}月，全区口岸货运量完成{n / 10 + 0.1:.1f}亿吨，到发中欧班列{20 * n}列。",
        f"2026-{n + 1:02d}-05",
    )  # fmt: skip
    for n in range(1, 9)
]


def _links(index: TrackIndex) -> dict[tuple[str, int], tuple[object, ...]]:
    return {
        (k.target.doc, k.target.start): (k.chosen.statement if k.chosen else None, k.candidates, k.conflicts)
        for k in index.links()
    }


def test_documents_included_one_by_one_link_as_an_index_built_at_once() -> None:
    index = index_of(PLAN)
    touched = set()
    for brief in BRIEFS:
        touched |= index.include(brief.stored(), brief.statements())
    whole = index_of(PLAN, *BRIEFS)
    assert _links(index) == _links(whole)
    assert {key[1] for key in touched} >= {"port_freight_volume", "china_europe_trains"}
    chosen = {k.chosen.statement.quote for k in index.links() if k.chosen}
    assert chosen == {"全区口岸货运量完成0.9亿吨", "到发中欧班列160列"}  # the latest brief's figures
