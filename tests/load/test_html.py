"""Saved web pages: main text, title and date out of the page; navigation left out."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.errors import FormatError
from luoshi.load import iter_paths, load_path
from luoshi.load.metadata import labelled_date

PARAGRAPHS = [
    "记者从盟商务局获悉，2025年全盟口岸货运量1.3亿吨，同比增长8.5%，创历史新高。",
    "中欧班列开行数量稳步增加，全年经阿尔山口岸开行中欧班列120列，运送货物1.1万标箱。",
    "下一步，我盟将继续完善口岸基础设施，力争2026年口岸货运量达到1.5亿吨。",
]
NAVIGATION = ["政务公开", "互动交流", "新闻中心", "版权所有", "蒙ICP备", "网站地图"]
GB2312_DECLARATIONS = [
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    '<meta charset="gb2312">',
]


def news_page(declaration: str, head: str = "", info: str = "发布时间：2026-02-12 09:30 来源：兴安日报") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html><head>
{declaration}
<title>兴安盟口岸货运量创新高_兴安盟人民政府</title>
{head}
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/xwzx/">新闻中心</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">您的位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 本地要闻</div>
<div class="article">
<h1>兴安盟口岸货运量创新高</h1>
<div class="info">{info} 【字号：大 中 小】 打印本页</div>
<div class="content">
{body}</div>
</div>
<div class="footer"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>
<p>主办：兴安盟人民政府办公室 地址：乌兰浩特市兴安北大路 版权所有 蒙ICP备00000000号</p></div>
</body></html>
"""


@pytest.mark.parametrize("declaration", GB2312_DECLARATIONS, ids=["http-equiv", "meta-charset"])
def test_gb2312_news_page_gives_main_text_title_and_date(tmp_path, declaration):
    data = news_page(declaration).encode("gb2312")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: only the declaration says how to read it
    path = tmp_path / "news.html"
    path.write_bytes(data)
    [document] = load_path(path)
    assert (document.name, document.source, document.loader) == ("news.html", str(path), "html")
    assert "\n".join(PARAGRAPHS) in document.text  # paragraphs in order, one a line
    assert not [word for word in NAVIGATION if word in document.text]
    assert document.title == "兴安盟口岸货运量创新高"
    assert document.published == date(2026, 2, 12)
    assert document.region is None


def test_info_line_left_in_by_the_extractor_is_skipped(tmp_path):
    path = tmp_path / "news.html"
    path.write_bytes(news_page(GB2312_DECLARATIONS[0]).encode("gb2312"))
    [document] = load_path(path)
    kept = [line for line in document.text.split("\n") if "来源" in line]
    assert kept  # trafilatura keeps it with favor_recall, after the paragraphs
    for line in kept:
        start = document.text.index(line)
        assert any(s <= start < e for s, e in document.skip)
    for paragraph in PARAGRAPHS:
        start = document.text.index(paragraph)
        assert not any(s <= start < e for s, e in document.skip)


def test_utf8_page_takes_its_date_from_meta_tags(tmp_path, finds_port_freight):
    page = news_page('<meta charset="utf-8">', head='<meta name="PubDate" content="2026-02-09 10:00">', info="")
    path = tmp_path / "utf8.htm"
    path.write_text(page, encoding="utf-8")
    [document] = load_path(path)
    assert document.loader == "html"
    assert "\n".join(PARAGRAPHS) in document.text
    assert document.published == date(2026, 2, 9)
    finds_port_freight(document)


def test_xhtml_with_an_xml_declaration_in_gb2312(tmp_path):
    page = (
        '<?xml version="1.0" encoding="gb2312"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>口岸简报</title></head><body>'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</body></html>"
    )
    path = tmp_path / "x.html"
    path.write_bytes(page.encode("gb2312"))
    [document] = load_path(path)
    assert "\n".join(PARAGRAPHS) in document.text
    assert document.title == "口岸简报"


def test_a_year_in_the_prose_is_not_a_publication_date(tmp_path):
    # htmldate's extensive search would read 2025年 as 2025-01-01; it is off.
    path = tmp_path / "undated.html"
    path.write_text(news_page('<meta charset="utf-8">', info=""), encoding="utf-8")
    assert load_path(path)[0].published is None


def test_tables_in_the_main_text_are_kept(tmp_path):
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in [("口岸货运量", "1.3亿吨"), ("中欧班列", "120列")])
    page = f"<html><head><title>统计</title></head><body><p>{PARAGRAPHS[0]}</p><table>{rows}</table></body></html>"
    path = tmp_path / "table.html"
    path.write_text(page, encoding="utf-8")
    text = load_path(path)[0].text
    assert text.index("口岸货运量") < text.index("1.3亿吨", text.index("中欧班列") - 20) < text.index("120列")


@pytest.mark.parametrize(
    ("page", "found"),
    [
        ("<div>发布日期：2026年2月12日</div>", date(2026, 2, 12)),
        ("<td>发布时间：</td>\n<td>&nbsp;2026-02-12 09:30</td>", date(2026, 2, 12)),
        ("<span>时间：2026/2/9</span>", date(2026, 2, 9)),
        ("<p>会议时间：2026-03-01</p>", None),
        ("<p>日期：2026-13-01</p><p>发表日期：2026-02-03</p>", date(2026, 2, 3)),
        ("<p>2026年2月12日</p>", None),
    ],
)
def test_labelled_date_in_the_page(page, found):
    assert labelled_date(page) == found


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>空白页</title></head><body></body></html>",
        "<html><head><title>x</title><script>var a = 1;</script></head><body><script>go()</script></body></html>",
        "口岸货运量1.3亿吨。这是一段纯文本，没有标记。",
    ],
    ids=["empty-body", "script-only", "plain-text"],
)
def test_page_without_main_text_is_a_format_error(tmp_path, refused, page):
    path = tmp_path / "hollow.html"
    path.write_text(page, encoding="utf-8")
    assert ": 网页中找不到正文" in refused(path, FormatError)


def test_folders_yield_pages_documents_and_pdfs(tmp_path):
    for name in ["a.html", "b.htm", "c.pdf", "d.docx", "e.doc", "f.HTML"]:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in iter_paths([str(tmp_path)])] == ["a.html", "b.htm", "c.pdf", "d.docx", "f.HTML"]
