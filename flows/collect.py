"""One source, up to storage: fetch the feed, search or page, follow items, extract claims."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import httpx

from flows.fetch import Fetched, content_hash, fetch
from flows.sources import Settings, Source
from parsers import EXTRACTOR_VERSION, Claim, detect_language, extract_claims
from parsers.errors import ParseError
from parsers.html import FeedItem, html_to_page, is_relevant, listing_links, parse_feed, parse_gdelt
from parsers.urls import canonical_url
from storage.db import now
from storage.queries import FetchRecord

Cache = dict[str, tuple[str | None, str | None, str | None]]
T = TypeVar("T")
Offload = Callable[..., Any]  # offload(fn, *args) -> fn(*args), maybe in another process


def inline(fn: Callable[..., T], *args: Any) -> T:
    """Run the parsing in this process (the default, and what a single source or a test needs)."""
    return fn(*args)


@dataclass(frozen=True, slots=True)
class Known:
    """What earlier runs left: HTTP validators per URL, and URLs seen and found irrelevant."""

    cache: Cache = field(default_factory=dict)
    irrelevant: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CollectedDocument:
    """A document read this run, with the claims extracted from it."""

    url: str
    source_id: str
    title: str
    published: str | None
    lang: str
    text: str
    content_hash: str
    relevant: bool
    claims: tuple[Claim, ...]
    extractor_version: str = EXTRACTOR_VERSION
    raw: bytes | None = None  # the body as fetched, kept (compressed) for re-extraction


@dataclass(slots=True)
class SourceResult:
    """Everything one source produced in a run; `error` is set when the source itself failed."""

    source_id: str
    fetches: list[FetchRecord] = field(default_factory=list)
    documents: list[CollectedDocument] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False  # not due this run (interval_minutes)

    @property
    def failed(self) -> bool:
        return self.error is not None


class _Collector:
    """State of one source's collection in one run."""

    def __init__(
        self,
        client: httpx.Client,
        source: Source,
        settings: Settings,
        known: Known,
        deadline: float,
        offload: Offload = inline,
    ) -> None:
        self.client, self.source, self.settings, self.known, self.deadline = client, source, settings, known, deadline
        self.offload = offload  # where the CPU-bound parsing runs (a process pool in a monitoring run)
        self.result = SourceResult(source.id)
        self.seen_urls: set[str] = set()

    def run(self) -> SourceResult:
        top = self.get(self.source.url)
        if self.source.kind == "wordpress" and top.outcome == "error" and self.source.fallback_url:
            return self.listing(top)
        if top.outcome == "error":
            self.result.error = f"{self.source.url}: {top.error}"
        elif top.outcome == "ok":
            self.read(top)
        return self.result  # not_modified / unchanged: nothing new, nothing extracted

    def read(self, top: Fetched) -> None:
        kind = self.source.kind
        try:
            if kind == "html":
                self.page(self.source.url, top, None)
                return
            items = self.offload(parse_gdelt if kind == "gdelt" else parse_feed, top.body or b"")
        except ParseError as exc:
            self.result.error = f"{self.source.url}: {exc}"
            # an unreadable answer is not cached: the next run reads it again instead of skipping it as unchanged
            top_record = self.result.fetches[0]
            self.result.fetches[0] = replace(top_record, outcome="error", error=str(exc))
            return
        self.items(items)

    def listing(self, feed: Fetched) -> SourceResult:
        """WordPress without a working feed: read the listing page and follow the matching links."""
        page = self.get(self.source.fallback_url or "")
        if page.outcome == "error":
            self.result.error = f"{self.source.url}: {feed.error}; fallback {self.source.fallback_url}: {page.error}"
        elif page.outcome == "ok":
            self.items(
                listing_links(page.text, page.final_url or self.source.fallback_url or "", self.source.title_match)
            )
        return self.result

    def items(self, items: list[FeedItem]) -> None:
        cap = self.source.max_items if self.source.max_items is not None else self.settings.max_items_per_source
        for item in items[:cap]:
            if time.monotonic() > self.deadline:
                break  # the run's time budget is spent: the rest waits for the next run
            url = canonical_url(item.url, self.settings.mirrors)
            if url in self.seen_urls or url in self.known.irrelevant:
                continue  # the same story twice in one run, or already seen and found irrelevant
            self.seen_urls.add(url)
            if not self.source.follow or self.source.kind == "google_news":
                self.add(_item_document(self.source, item, url))
                continue
            page = self.get(item.url)
            if page.outcome == "ok":
                self.page(url, page, item)
            elif page.outcome == "error" and (item.title or item.summary):
                self.add(_item_document(self.source, item, url))  # the feed's own words still carry news

    def page(self, url: str, fetched: Fetched, item: FeedItem | None) -> None:
        self.add(self.offload(_page_document, self.source, self.settings.mirrors, url, fetched, item))

    def add(self, doc: CollectedDocument) -> None:
        if all(d.url != doc.url for d in self.result.documents):
            self.result.documents.append(doc)

    def get(self, url: str) -> Fetched:
        at = now()
        fetched = fetch(self.client, url, self.settings, self.known.cache.get(url))
        self.result.fetches.append(
            FetchRecord(
                self.source.id,
                url,
                fetched.outcome,
                fetched.status,
                fetched.etag,
                fetched.last_modified,
                fetched.content_hash,
                fetched.error,
                fetched.elapsed_ms,
                at,
            )
        )
        return fetched


def collect_source(
    client: httpx.Client,
    source: Source,
    settings: Settings,
    known: Known,
    deadline: float | None = None,
    offload: Offload = inline,
) -> SourceResult:
    """Fetch one source; never raises for what the web does (errors are recorded in the result)."""
    budget = deadline or time.monotonic() + settings.run_budget_seconds
    return _Collector(client, source, settings, known, budget, offload).run()


def _page_document(
    source: Source, mirrors: dict[str, str], url: str, fetched: Fetched, item: FeedItem | None
) -> CollectedDocument:
    """A fetched page, read and extracted: the CPU-bound part of collecting a page."""
    page = html_to_page(fetched.text, source.selector)
    canonical = canonical_url(page.canonical, mirrors) if page.canonical else url
    title = page.title or (item.title if item else "")
    text = page.text if not title or page.text.startswith(title) else f"{title}\n{page.text}"
    published = page.published or (item.published if item else None)
    return _document(source, canonical, title, published, text, fetched.content_hash or "", fetched.body)


def _item_document(source: Source, item: FeedItem, url: str) -> CollectedDocument:
    parts = [item.title, item.summary, f"({item.source_name})" if item.source_name else ""]
    text = "\n".join(p for p in parts if p)
    return _document(source, url, item.title, item.published, text, content_hash(text.encode()))


def _document(
    source: Source, url: str, title: str, published: str | None, text: str, digest: str, raw: bytes | None = None
) -> CollectedDocument:
    lang = source.lang or detect_language(text)
    relevant = is_relevant(text)
    claims = tuple(extract_claims(text, lang, published, url)) if relevant else ()
    digest = digest or content_hash(text.encode())
    if not relevant:  # only its hash is stored: the text and body need not travel or wait in memory
        text, raw = "", None
    return CollectedDocument(url, source.id, title, published, lang, text, digest, relevant, claims, raw=raw)
