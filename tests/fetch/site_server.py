"""A small government-style web site on loopback, for the fetch tests and
bench/fetch.py: the team-written pages under ``site/`` (news articles, a
GBK page served without a charset, a paged 政府文件 listing, robots.txt, a
page that changes between two runs, a notice with PDF and DOCX
attachments), article and feed templates filled in per item (an RSS feed
of 50 items), and the misbehaviour a real portal shows: redirects and
redirect loops, 404, 500, a 503 that passes, a slow answer, a huge body
declared or not, a gzip bomb.

    with SiteServer(files={...}) as site:
        site.url("/nmg/zwgk/index.html")

``requests`` logs each request's path and headers; ``version`` picks which
text /changing.html serves.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "site"
TEMPLATES = SITE / "templates"
FEED_ITEMS = 50
LAST_MODIFIED = "Tue, 12 May 2026 01:30:00 GMT"
REGIONS = ["呼和浩特市", "包头市", "呼伦贝尔市", "兴安盟", "通辽市", "赤峰市", "锡林郭勒盟", "乌兰察布市",
           "鄂尔多斯市", "巴彦淖尔市", "乌海市", "阿拉善盟"]  # fmt: skip
TASKS = ["全面完成老旧小区改造任务", "建成高标准农田50万亩", "新增新能源装机300万千瓦", "培育外贸企业100家"]
_ARTICLE = re.compile(r"/nmg/zwgk/202605/t202605(\d{2})_30(\d{2})\.html")
_FEED_ARTICLE = re.compile(r"/nmrb/content_(\d+)\.html")
_CHAIN = re.compile(r"/chain/(\d+)")


def article(n: int, title: str | None = None, day: str = "2026-05-10", office: str = "自治区人民政府办公厅") -> str:
    region = REGIONS[n % len(REGIONS)]
    return (
        (TEMPLATES / "article.html")
        .read_text(encoding="utf-8")
        .format(
            title=title or f"{region}2026年经济社会发展工作安排（第{n}期）",
            date=day,
            office=office,
            region=region,
            n=n,
            gdp=1000 + 37 * n,
            growth=f"{4 + (n % 30) / 10:.1f}",
            revenue=80 + 3 * n,
            jobs=20000 + 500 * n,
            task=TASKS[n % len(TASKS)],
        )
    )


def feed(base: str) -> str:
    item = (TEMPLATES / "rss_item.xml").read_text(encoding="utf-8")
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    items = "\n".join(
        item.format(
            base=base,
            n=n,
            title=f"{REGIONS[n % len(REGIONS)]}经济运行情况（第{n}期）",
            region=REGIONS[n % len(REGIONS)],
            rfc_date=format_datetime(start + timedelta(hours=n), usegmt=True),
        )
        for n in range(1, FEED_ITEMS + 1)
    )
    return (TEMPLATES / "rss.xml").read_text(encoding="utf-8").format(base=base, items=items)


def sitemap(base: str) -> str:
    urls = [f"{base}/nmg/zwyw/202605/t20260512_1001.html", f"{base}/nmg/zwyw/202605/t20260514_1002.html",
            f"{base}/about.html"]  # fmt: skip
    locs = "".join(f"<url><loc>{u}</loc><lastmod>2026-05-14</lastmod></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'


class SiteServer:
    """The site on ``host`` (127.0.0.1, or 127.0.0.2 for the address tests),
    a free port, in a thread; ``files`` maps extra paths to (bytes, content type)."""

    def __init__(self, host: str = "127.0.0.1", files: dict[str, tuple[bytes, str]] | None = None) -> None:
        self.host = host
        self.files = dict(files or {})
        self.version = 1
        self.slow_seconds = 2.0
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between them

            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with site.lock:
                    site.requests.append((self.path, dict(self.headers.items())))
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                    hit = site.hits[self.path]
                site.answer(self, hit)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="fetch-site", daemon=True)

    def __enter__(self) -> SiteServer:
        _bomb()  # packed before any client waits on it
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]

    def headers_of(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.requests if p == path]

    # -- answers ------------------------------------------------------------------
    def answer(self, h: BaseHTTPRequestHandler, hit: int) -> None:
        path = h.path.split("?")[0]
        if path in self.files:
            body, kind = self.files[path]
            return self.send(h, 200, body, kind)
        if path == "/nmrb/feed.xml":
            return self.send(h, 200, feed(self.base).encode(), "application/rss+xml; charset=utf-8")
        if path == "/sitemap.xml":
            return self.send(h, 200, sitemap(self.base).encode(), "application/xml")
        if m := _ARTICLE.fullmatch(path):
            return self.send(h, 200, article(int(m.group(2)), day=f"2026-05-{m.group(1)}").encode(), "text/html")
        if m := _FEED_ARTICLE.fullmatch(path):
            n = int(m.group(1))
            page = article(n, title=f"{REGIONS[n % len(REGIONS)]}经济运行情况（第{n}期）", office="内蒙古日报")
            return self.send(h, 200, page.encode(), "text/html; charset=utf-8")
        if path == "/changing.html":
            return self.static(h, SITE / f"changing_v{self.version}.html", "text/html; charset=utf-8")
        if path == "/old/news.html":
            return self.redirect(h, 301, "/nmg/zwyw/202605/t20260512_1001.html")
        if path == "/loop/a":
            return self.redirect(h, 302, "/loop/b")
        if path == "/loop/b":
            return self.redirect(h, 302, "/loop/a")
        if m := _CHAIN.fullmatch(path):
            n = int(m.group(1))
            return self.redirect(h, 302, f"/chain/{n - 1}" if n > 0 else "/nmg/zwyw/202605/t20260512_1001.html")
        if path == "/to-loopback":
            return self.redirect(h, 302, f"http://127.0.0.1:{self.port}/nmg/zwyw/202605/t20260512_1001.html")
        if path == "/to-ftp":
            return self.redirect(h, 302, "ftp://example.org/file.txt")
        if path == "/error/500":
            return self.send(h, 500, b"<h1>500 Internal Server Error</h1>", "text/html")
        if path == "/flaky.html":
            if hit == 1:
                return self.send(h, 503, b"busy", "text/plain", {"Retry-After": "0"})
            return self.static(h, SITE / "nmg/zwyw/202605/t20260514_1002.html", "text/html; charset=utf-8")
        if path == "/slow.html":
            time.sleep(self.slow_seconds)
            return self.static(h, SITE / "nmg/zwyw/202605/t20260514_1002.html", "text/html; charset=utf-8")
        if path == "/huge.html":
            return self.stream(h, b"<p>" + "全区口岸货运量".encode() * 20000 + b"</p>\n", 40)
        if path == "/huge-declared.pdf":
            h.send_response(200)
            h.send_header("Content-Type", "application/pdf")
            h.send_header("Content-Length", str(100 * 1024 * 1024))
            h.end_headers()
            return None
        if path == "/bomb.html":
            return self.send(h, 200, _bomb(), "text/html", {"Content-Encoding": "gzip"})
        if path == "/binary.bin":
            return self.send(h, 200, bytes(range(256)) * 16, "application/zip")
        file = (SITE / path.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if SITE in file.parents and file.is_file() and "templates" not in file.parts:
            return self.static(h, file, _content_type(file))
        return self.send(h, 404, "<h1>404 页面不存在</h1>".encode(), "text/html; charset=utf-8")

    def static(self, h: BaseHTTPRequestHandler, file: Path, kind: str) -> None:
        body = file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            return self.send(h, 304, b"", None, {"ETag": etag, "Last-Modified": LAST_MODIFIED})
        self.send(h, 200, body, kind, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    @staticmethod
    def send(
        h: BaseHTTPRequestHandler, status: int, body: bytes, kind: str | None, extra: dict[str, str] | None = None
    ) -> None:
        h.send_response(status)
        if kind:
            h.send_header("Content-Type", kind)
        for key, value in (extra or {}).items():
            h.send_header(key, value)
        if status != 304:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if status != 304:
            h.wfile.write(body)

    @staticmethod
    def redirect(h: BaseHTTPRequestHandler, status: int, location: str) -> None:
        SiteServer.send(h, status, b"", "text/html", {"Location": location})

    @staticmethod
    def stream(h: BaseHTTPRequestHandler, chunk: bytes, times: int) -> None:
        """``chunk`` ``times`` over, chunked: no Content-Length to refuse it by."""
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        try:
            for _ in range(times):
                h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            h.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit


def _content_type(file: Path) -> str:
    if "gbk" in file.parts:
        return "text/html"  # a GBK page whose server names no charset
    known = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
    return known.get(file.suffix, "application/octet-stream")


@functools.cache
def _bomb() -> bytes:
    """30 MB of spaces, gzipped once: packing them takes longer than the
    client's read timeout on a busy machine, which must not decide the test."""
    return gzip.compress(b"<html><body>" + b" " * (30 * 1024 * 1024) + b"</body></html>")
