"""Fetched pages into the store: text, title and date as the HTML loader
reads them, provenance kept, the same content twice changing nothing, a
changed page a new version beside the old, attachments followed, every
failure named while the rest are stored."""

from __future__ import annotations

from datetime import date

from site_server import SiteServer

from luoshi.fetch import FetchOptions, StoreSink, bring
from luoshi.fetch.records import versions_of_document, versions_of_url
from luoshi.source_types import TRUSTED_IMPORT, SourceType
from luoshi.store import Store
from luoshi.types import Kind

NEWS = "/nmg/zwyw/202605/t20260512_1001.html"


def test_a_page_is_stored_with_its_text_date_and_provenance(fetcher, site: SiteServer, store: Store):
    brought = bring([site.url(NEWS)], fetcher, StoreSink(store), FetchOptions(region="内蒙古自治区"))
    [outcome] = brought.outcomes
    assert outcome.state == "new"
    [(name, doc_id)] = outcome.documents
    doc = store.document(doc_id)
    assert doc is not None
    assert name == doc.name == f"127.0.0.1{NEWS}"
    assert doc.source == site.url(NEWS)
    assert (doc.title, doc.published, doc.region, doc.loader) == ("全区口岸经济运行稳中向好", date(2026, 5, 12),
                                                                  "内蒙古自治区", "html")  # fmt: skip
    assert "全区口岸货运量完成3650万吨" in doc.text and "蒙ICP备" not in doc.text
    assert doc.source_type is SourceType.NEWS and doc.confirmed_by == TRUSTED_IMPORT
    [version] = versions_of_document(store, doc_id)
    assert (version.url, version.final_url, version.source_name) == (site.url(NEWS), site.url(NEWS), None)
    assert version.etag and version.last_modified == "Tue, 12 May 2026 01:30:00 GMT" and version.http_date
    targets = [s for s in store.statements() if s.kind is Kind.TARGET]
    assert any(s.value == 1.2 and s.unit == "亿吨" for s in targets)


def test_a_gbk_page_without_a_charset_header_reads_right(fetcher, site: SiteServer, store: Store):
    [outcome] = bring([site.url("/swt/gbk/t20260301_2001.html")], fetcher, StoreSink(store)).outcomes
    doc = store.document(outcome.documents[0][1])
    assert doc is not None
    assert doc.title == "自治区商务厅召开全区商务工作会议"
    assert doc.published == date(2026, 3, 1)
    assert "社会消费品零售总额完成5560亿元" in doc.text


def test_the_same_content_twice_changes_nothing(fetcher, site: SiteServer, store: Store):
    sink = StoreSink(store)
    bring([site.url(NEWS)], fetcher, sink)
    before = store.counts()
    [again] = bring([site.url(NEWS)], fetcher, sink).outcomes
    assert again.state == "unchanged"
    assert store.counts() == before
    assert len(versions_of_url(store, site.url(NEWS))) == 1
    assert site.headers_of(NEWS)[-1]["If-None-Match"]  # asked conditionally: the answer was a 304


def test_a_changed_page_is_a_new_version_and_the_old_one_is_kept(fetcher, site: SiteServer, store: Store):
    sink = StoreSink(store)
    url = site.url("/changing.html")
    [first] = bring([url], fetcher, sink).outcomes
    site.version = 2
    [second] = bring([url], fetcher, sink).outcomes
    assert (first.state, second.state) == ("new", "new")
    old, new = versions_of_url(store, url)
    assert old.doc_id == first.documents[0][1] and new.doc_id == second.documents[0][1]
    assert [store.document(v.doc_id).name for v in (old, new)] == ["127.0.0.1/changing.html",  # type: ignore[union-attr]
                                                                   "127.0.0.1/changing.html (2)"]  # fmt: skip
    assert "420亿元" in store.document(old.doc_id).text  # type: ignore[union-attr]
    assert "428亿元" in store.document(new.doc_id).text  # type: ignore[union-attr]


def test_attachments_linked_from_a_page_are_fetched_as_documents(fetcher, site: SiteServer, store: Store):
    options = FetchOptions(attachments=True, source_type=SourceType.GOVERNMENT_DOCUMENT)
    brought = bring([site.url("/swt/tzgg/t20260401_4001.html")], fetcher, StoreSink(store), options)
    states = {o.url.rsplit("/", 1)[1]: (o.state, o.found_on) for o in brought.outcomes}
    page = site.url("/swt/tzgg/t20260401_4001.html")
    assert states == {
        "t20260401_4001.html": ("new", None),
        "P020260401_gongzuo_yaodian.pdf": ("new", page),
        "P020260401_renwu_fengong.docx": ("new", page),
    }  # the .doc link is not followed: luoshi does not read .doc
    by_loader = {d.loader: d for d in (store.document(i) for o in brought.outcomes for _, i in o.documents) if d}
    assert set(by_loader) == {"html", "pdf", "docx"}
    assert "外贸进出口总额力争突破2300亿元" in by_loader["pdf"].text
    assert "不少于80个" in by_loader["docx"].text
    assert all(d.source_type is SourceType.GOVERNMENT_DOCUMENT for d in by_loader.values())
    [version] = versions_of_document(store, by_loader["pdf"].id)
    assert version.found_on == page and version.content_type == "application/pdf"


def test_every_failure_is_named_per_url_and_the_others_are_stored(fetcher, site: SiteServer, store: Store):
    urls = [site.url(p) for p in ("/no/such.html", NEWS, "/error/500", "/private/secret.html", "/binary.bin",
                                  "/nmg/zwyw/202605/t20260514_1002.html")]  # fmt: skip
    brought = bring([*urls, "ftp://example.org/x"], fetcher, StoreSink(store))
    failures = dict(brought.tally().failures)
    assert failures == {
        urls[0]: "HTTP 404 页面不存在",
        urls[2]: "HTTP 500 网站服务器内部错误（共试 2 次）",
        urls[3]: "robots.txt 不允许抓取这个网址",
        urls[4]: "不支持的内容类型 application/zip：luoshi 读取HTML 网页、PDF、DOCX、XLSX 和纯文本",
        "ftp://example.org/x": "只能抓取 http 或 https 网址，这个网址的协议是 “ftp:”",
    }
    assert brought.tally().new == 2 and store.counts()["documents"] == 2
