"""Bringing documents in from the web: fetch pages and files, follow feeds,
listing pages and sitemaps, and keep where each document came from.

    safety     only http(s), no private or loopback addresses unless allowed
    robots     robots.txt, once per site
    client     the polite client (``Fetcher``): rate and connection caps per
               host, conditional GET, retries, redirects, size and time limits
    documents  a fetched page or file as documents, by the usual loaders
    links      article links of listings, feed items, sitemap URLs, attachments
    sources    sources.yaml: feeds, listings, sitemaps, each with a schedule
    records    the store's tables: versions of each URL, runs, web-added sources
    intake     fetch, load, extract and store a list of URLs (``bring``)
    watch      run sources now or on their schedules (``Watcher``)
"""

from luoshi.fetch.client import Fetcher, FetchFailed, FetchLimits, NotModified, Page, Validators
from luoshi.fetch.intake import Brought, FetchOptions, Outcome, Sink, StoreSink, bring
from luoshi.fetch.safety import AddressPolicy, UnsafeAddress
from luoshi.fetch.sources import Source, SourceKind, read_sources
from luoshi.fetch.watch import Watcher, run_source

__all__ = [
    "AddressPolicy",
    "Brought",
    "FetchFailed",
    "FetchLimits",
    "FetchOptions",
    "Fetcher",
    "NotModified",
    "Outcome",
    "Page",
    "Sink",
    "Source",
    "SourceKind",
    "StoreSink",
    "UnsafeAddress",
    "Validators",
    "Watcher",
    "bring",
    "read_sources",
    "run_source",
]
