"""One source, end to end up to storage: fetch the feed or page, follow items, extract claims."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from flows.fetch import Fetched, content_hash, fetch
from flows.sources import Settings, Source
from parsers import EXTRACTOR_VERSION, Claim, detect_language, extract_claims
from parsers.errors import ParseError
from parsers.html import FeedItem, html_to_page, is_relevant, parse_feed
from storage.queries import FetchRecord

Cache = dict[str, tuple[str | None, str | None, str | None]]


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


@dataclass(slots=True)
class SourceResult:
    """Everything one source produced in a run; `error` is set when the source itself failed."""

    source_id: str
    fetches: list[FetchRecord] = field(default_factory=list)
    documents: list[CollectedDocument] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


def collect_source(client: httpx.Client, source: Source, settings: Settings, cache: Cache) -> SourceResult:
    """Fetch one source; never raises for what the web does (errors are recorded in the result)."""
    result = SourceResult(source.id)
    top = _get(client, source, source.url, settings, cache, result)
    if top.outcome == "error":
        result.error = f"{source.url}: {top.error}"
        return result
    if top.outcome in ("not_modified", "unchanged"):
        return result  # nothing new: no extraction, no item followed
    if source.kind == "html":
        doc = _page_document(source, source.url, top, None)
        if doc is not None:
            result.documents.append(doc)
        return result
    try:
        items = parse_feed(top.body or b"")
    except ParseError as exc:
        result.error = f"{source.url}: {exc}"
        return result
    cap = source.max_items if source.max_items is not None else settings.max_items_per_source
    for item in items[:cap]:
        if not source.follow:
            result.documents.append(_item_document(source, item))
            continue
        page = _get(client, source, item.url, settings, cache, result)
        if page.outcome == "ok":
            doc = _page_document(source, item.url, page, item)
            if doc is not None:
                result.documents.append(doc)
        elif page.outcome == "error":
            # the article could not be read: the feed's own words still carry news
            result.documents.append(_item_document(source, item))
    return result


def _get(
    client: httpx.Client, source: Source, url: str, settings: Settings, cache: Cache, result: SourceResult
) -> Fetched:
    fetched = fetch(client, url, settings, cache.get(url))
    result.fetches.append(
        FetchRecord(
            source.id,
            url,
            fetched.outcome,
            fetched.status,
            fetched.etag,
            fetched.last_modified,
            fetched.content_hash,
            fetched.error,
            fetched.elapsed_ms,
        )
    )
    return fetched


def _page_document(source: Source, url: str, fetched: Fetched, item: FeedItem | None) -> CollectedDocument | None:
    body = fetched.body or b""
    page = html_to_page(body if fetched.encoding is None else fetched.text, source.selector)
    text = page.text
    title = page.title or (item.title if item else "")
    published = page.published or (item.published if item else None)
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return _document(source, url, title, published, text, fetched.content_hash or content_hash(body))


def _item_document(source: Source, item: FeedItem) -> CollectedDocument:
    parts = [item.title, item.summary]
    if item.source_name:
        parts.append(f"({item.source_name})")
    text = "\n".join(p for p in parts if p)
    return _document(source, item.url, item.title, item.published, text, content_hash(text.encode()))


def _document(source: Source, url: str, title: str, published: str | None, text: str, digest: str) -> CollectedDocument:
    lang = source.lang or detect_language(text)
    relevant = is_relevant(text)
    claims = tuple(extract_claims(text, lang, published)) if relevant else ()
    return CollectedDocument(url, source.id, title, published, lang, text, digest, relevant, claims)
