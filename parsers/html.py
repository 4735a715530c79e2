"""HTML pages and feeds -> documents: main text, title, publication date, links."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup, UnicodeDammit

from parsers.errors import ParseError

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button")
_MAIN = ("article", "main", "[role=main]", ".entry-content", ".post-content", ".article-body", "#content")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "td", "pre")
_RELEVANT = re.compile(
    r"pres[oa]s? pol[ií]tic|political prisoner|presos pol|prisioneir|prigionier|prisonniers? politiques|"
    r"excarcel|foro penal|penal forum|detenid|detained|arrest|detenç|detenci|liberad|libertad|released|"
    r"desaparecid|disappeared",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Page:
    """What an HTML page says: its title, main text, publication date and canonical URL."""

    title: str
    text: str
    published: str | None
    canonical: str | None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of an RSS or Atom feed."""

    url: str
    title: str
    summary: str
    published: str | None
    source_name: str | None = None


def html_to_page(html: str | bytes, selector: str | None = None) -> Page:
    """Main text of a page: the CSS selector's part if given, else <article>/<main>, else <body>."""
    soup = BeautifulSoup(html, "lxml")
    title = _meta(soup, "og:title") or (soup.title.get_text(" ", strip=True) if soup.title else "")
    published = _meta(soup, "article:published_time") or _time_tag(soup)
    canonical_tag = soup.find("link", rel="canonical")
    canonical = canonical_tag.get("href") if canonical_tag else None
    for tag in soup(_DROP):
        tag.decompose()
    root = None
    if selector:
        root = soup.select_one(selector)
    if root is None:
        for candidate in _MAIN:
            root = soup.select_one(candidate)
            if root is not None:
                break
    if root is None:
        root = soup.body or soup
    blocks = [b.get_text(" ", strip=True) for b in root.find_all(_BLOCKS)]
    text = "\n".join(b for b in blocks if b) or root.get_text("\n", strip=True)
    return Page(title=title.strip(), text=_squeeze(text), published=_iso_date(published), canonical=canonical)


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
# Named entities other than XML's five: with the DOCTYPE gone they are undefined, so they are dropped.
_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[A-Za-z_][\w.-]*;")


def parse_feed(data: bytes | str) -> list[FeedItem]:
    """Entries of an RSS/Atom feed; raises ParseError when the bytes are not a feed at all.

    A DOCTYPE (and any entity it declares) is removed first: external entities and entity expansion
    ("billion laughs") are never resolved."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parsed = feedparser.parse(_ENTITY.sub(b"", _DOCTYPE.sub(b"", raw)), resolve_relative_uris=False, sanitize_html=True)
    if parsed.bozo and not parsed.entries:
        raise ParseError(f"not a readable feed: {parsed.get('bozo_exception')}")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        raw_summary = entry.get("summary", "") or ""
        summary = BeautifulSoup(raw_summary, "lxml").get_text(" ", strip=True) if "<" in raw_summary else raw_summary
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None
        source = entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else None
        items.append(FeedItem(link, entry.get("title", "").strip(), summary, published, source))
    return items


def parse_gdelt(data: bytes) -> list[FeedItem]:
    """Articles of a GDELT DOC 2.0 artlist answer. GDELT reports errors as HTTP 200 with plain text:
    those raise ParseError with the text, never pass as an empty result."""
    text = data.decode("utf-8", errors="replace").strip()
    try:
        payload = json.loads(text) if text else {}
    except json.JSONDecodeError as exc:
        raise ParseError(f"GDELT answered with an error: {text.splitlines()[0][:200] if text else 'empty'}") from exc
    if not isinstance(payload, dict):
        raise ParseError("GDELT answered with something other than a JSON object")
    items = []
    for art in payload.get("articles") or []:
        url = art.get("url")
        if not url:
            continue
        seen = str(art.get("seendate") or "")
        published = f"{seen[:4]}-{seen[4:6]}-{seen[6:8]}" if re.match(r"\d{8}", seen) else None
        items.append(FeedItem(url, (art.get("title") or "").strip(), "", published, art.get("domain")))
    return items


def listing_links(html: str | bytes, base_url: str, title_match: str | None) -> list[FeedItem]:
    """Links of a listing page whose text contains `title_match` (all article-like links when None)."""
    soup = BeautifulSoup(html, "lxml")
    items: list[FeedItem] = []
    seen: set[str] = set()
    needle = (title_match or "").lower()
    for a in soup.find_all("a", href=True):
        text = a.get_text(" ", strip=True)
        href = urljoin(base_url, str(a["href"]))
        if not href.startswith(("http://", "https://")) or href in seen or not text:
            continue
        if needle and needle not in text.lower():
            continue
        seen.add(href)
        items.append(FeedItem(href, text, "", None))
    return items


def decode(body: bytes, declared: str | None) -> str:
    """Text of a response: the declared charset when it really decodes the bytes, else what the bytes
    and their <meta> say (a page declared UTF-8 but written in Latin-1 still comes out right)."""
    if declared:
        try:
            return body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    dammit = UnicodeDammit(body, ["utf-8", "windows-1252"], is_html=True)
    return dammit.unicode_markup or body.decode("utf-8", errors="replace")


def is_relevant(text: str) -> bool:
    """Whether a document speaks of political prisoners, releases or detentions at all."""
    return bool(_RELEVANT.search(text))


def _meta(soup: BeautifulSoup, prop: str) -> str | None:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    content = tag.get("content") if tag else None
    return content.strip() if isinstance(content, str) and content.strip() else None


def _time_tag(soup: BeautifulSoup) -> str | None:
    tag = soup.find("time", attrs={"datetime": True})
    value = tag.get("datetime") if tag else None
    return value if isinstance(value, str) else None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return m.group(1) if m else None


def _squeeze(text: str) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()
