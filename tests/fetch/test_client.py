"""The polite client against the loopback site: what it brings back, and
each failure named with its reason while the rest are still fetched."""

from __future__ import annotations

import pytest
from fetch_kit import TEST_LIMITS, allowing

from luoshi.fetch import Fetcher, FetchFailed, FetchLimits, NotModified, Page


def fetch(fetcher: Fetcher, url: str) -> Page:
    got = fetcher.fetch(url)
    assert isinstance(got, Page)
    return got


def reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchFailed) as failed:
        fetcher.fetch(url)
    assert failed.value.url == url
    return failed.value.reason


def test_a_page_comes_with_its_provenance_headers(fetcher, site):
    page = fetch(fetcher, site.url("/nmg/zwyw/202605/t20260512_1001.html"))
    assert "全区口岸货运量完成3650万吨" in page.body.decode("utf-8")
    assert (page.status, page.content_type, page.charset) == (200, "text/html", "utf-8")
    assert page.etag and page.last_modified == "Tue, 12 May 2026 01:30:00 GMT" and page.http_date
    assert page.final_url == page.url


def test_the_user_agent_names_luoshi_and_robots_txt_is_read_once(fetcher, site):
    fetch(fetcher, site.url("/nmg/zwyw/202605/t20260512_1001.html"))
    fetch(fetcher, site.url("/nmg/zwyw/202605/t20260514_1002.html"))
    assert site.paths().count("/robots.txt") == 1
    agents = {h["User-Agent"] for _, h in site.requests}
    assert len(agents) == 1 and agents.pop().startswith("luoshi/")


def test_robots_txt_disallowing_a_path_keeps_the_client_off_it(fetcher, site):
    assert reason(fetcher, site.url("/private/secret.html")) == "robots.txt 不允许抓取这个网址"
    assert "/private/secret.html" not in site.paths()


def test_a_conditional_get_with_the_last_etag_gets_not_modified(fetcher, site):
    url = site.url("/nmg/zwyw/202605/t20260512_1001.html")
    first = fetch(fetcher, url)
    again = fetcher.fetch(url, first.validators)
    assert isinstance(again, NotModified)
    assert site.headers_of("/nmg/zwyw/202605/t20260512_1001.html")[-1]["If-None-Match"] == first.etag


def test_a_redirect_is_followed_and_the_final_url_kept(fetcher, site):
    page = fetch(fetcher, site.url("/old/news.html"))
    assert page.url == site.url("/old/news.html")
    assert page.final_url == site.url("/nmg/zwyw/202605/t20260512_1001.html")


def test_redirect_loops_and_long_chains_fail_with_their_reason(fetcher, site):
    assert reason(fetcher, site.url("/loop/a")).startswith("重定向循环")
    assert reason(fetcher, site.url("/chain/9")) == "重定向超过 5 次"
    assert isinstance(fetcher.fetch(site.url("/chain/4")), Page)  # five hops is the limit, not past it


def test_a_redirect_to_another_scheme_is_refused(fetcher, site):
    assert reason(fetcher, site.url("/to-ftp")).startswith("重定向到不允许的网址：只能抓取 http 或 https")


def test_http_errors_are_named_by_status(fetcher, site):
    assert reason(fetcher, site.url("/no/such/page.html")) == "HTTP 404 页面不存在"
    assert reason(fetcher, site.url("/error/500")) == "HTTP 500 网站服务器内部错误（共试 2 次）"
    assert site.paths().count("/error/500") == 2  # retried once (TEST_LIMITS.retries)


def test_a_503_that_passes_is_retried_into_a_page(fetcher, site):
    page = fetch(fetcher, site.url("/flaky.html"))
    assert "全区春播进度过半" in page.body.decode("utf-8")
    assert site.paths().count("/flaky.html") == 2


def test_a_slow_answer_times_out_after_its_retries(fetcher, site):
    assert reason(fetcher, site.url("/slow.html")) == "超时：0.5 秒没有收到数据（共试 2 次）"


def test_huge_bodies_are_dropped_at_the_limit_declared_or_not(fetcher, site):
    assert reason(fetcher, site.url("/huge-declared.pdf")) == "响应有 100.0 MB，超过 4 MB 上限"
    assert reason(fetcher, site.url("/huge.html")) == "响应超过 4 MB 上限"


def test_a_gzip_bomb_stops_at_the_limit_unpacked(fetcher, site):
    assert reason(fetcher, site.url("/bomb.html")) == "解压后超过 4 MB 上限"


def test_the_per_host_rate_spaces_requests(site):
    # two requests a second: the third request of a host waits its turn
    with Fetcher(allowing(site), FetchLimits(**{**TEST_LIMITS.__dict__, "per_host_rate": 2.0}), trust_env=False) as f:
        gate = f._gate(site.host)
        starts = []
        for _ in range(3):
            with gate.turn():
                starts.append(gate.next_start)
    assert all(later - earlier >= 0.5 for earlier, later in zip(starts, starts[1:], strict=False))
