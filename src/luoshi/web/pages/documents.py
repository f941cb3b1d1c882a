"""文档: the stored documents and a search through their texts (``/documents``),
one text with its figures marked (``/documents/{id}``), and an admin's
confirmation of a document (``/documents/{id}/confirm``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.accounts import Role
from luoshi.questions import parse_question
from luoshi.source_types import CHOOSABLE
from luoshi.store import StatementQuery
from luoshi.web import writes
from luoshi.web.auth import check_csrf, state_of
from luoshi.web.errors import WebError
from luoshi.web.highlight import KIND_WORDS, pieces
from luoshi.web.inputs import MAX_OFFSET
from luoshi.web.links import document_href
from luoshi.web.pages.choices import indicator_choices, main_region
from luoshi.web.pages.render import Who, render
from luoshi.web.pages.sources import fetched_from
from luoshi.web.question_links import chips, filtered_page

router = APIRouter(include_in_schema=False)
SEARCH_HITS = 200


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, who: Who, q: str = "") -> HTMLResponse:
    """The stored documents, or where a phrase is said in them (``q``); a
    question (兴安盟 2025年 欠进度的目标) also shows the filters read from it
    and the page they lead to, and where the whole question is said nowhere,
    the words no filter took are searched for instead."""
    state = state_of(request)
    q = q.strip()
    question = parse_question(q, home=main_region(state)) if q else None
    searched = q
    hits = state.reader().search(q, limit=SEARCH_HITS) if q else []
    if question and question.filters and not hits and question.rest_words:
        searched = question.rest_words[0]
        hits = state.reader().search(searched, limit=SEARCH_HITS)
    found = [(h, *h.snippet.partition(searched), document_href(h.doc_id, h.start, h.end)) for h in hits]
    offered = [(i, label) for i, label, _ in indicator_choices(state, None)]
    return render(
        request, "documents.html", who, documents=state.documents(), q=q, searched=searched, hits=found,
        most=SEARCH_HITS, chips=chips(question) if question else [],
        filtered=filtered_page(question, offered) if question else None,
    )  # fmt: skip


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, who: Who, doc_id: str, at: str | None = None) -> HTMLResponse:
    store = state_of(request).reader()
    doc = store.document(doc_id)
    if doc is None:
        raise WebError(404, f"没有这份文档：{doc_id}")
    statements = sorted(store.statements(StatementQuery(doc=doc.id)), key=lambda s: (s.start, s.end))
    focus = _span(at)
    cut = pieces(doc.text, statements, focus)
    focus_at = next((i for i, p in enumerate(cut) if p.focus), None)
    return render(
        request, "document.html", who, doc=doc, statements=statements, pieces=cut, focus=focus, focus_at=focus_at,
        kind_words=KIND_WORDS, source_types=CHOOSABLE, fetched=fetched_from(store, doc.id),
    )  # fmt: skip


@router.post("/documents/{doc_id}/confirm")
def confirm_form(
    request: Request, who: Who, doc_id: str, csrf: Annotated[str, Form()],
    source_type: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:  # fmt: skip
    """An admin vouches for a document: its figures count for every target."""
    user = who.require(Role.ADMIN)
    check_csrf(request, who, csrf)
    doc = writes.confirm_document(state_of(request), user, doc_id, writes.source_type_field(source_type))
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


def _span(at: str | None) -> tuple[int, int] | None:
    if not at:
        return None
    start, _, end = at.partition("-")
    if not (start.isascii() and start.isdigit() and end.isascii() and end.isdigit()) or int(start) > int(end):
        raise WebError(422, f"参数 at 应为“起点-终点”，不是 {at}")
    if int(end) > MAX_OFFSET:
        raise WebError(422, f"参数 at 的终点太大：文档没有第 {end} 个字")
    return int(start), int(end)
