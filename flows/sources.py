"""The source list: a TOML file, validated when it is loaded."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from cssselect import GenericTranslator, SelectorError

from parsers.claims import METRICS
from parsers.errors import ConfigError
from parsers.lang import LANGUAGES

# rss / atom / wordpress: a feed whose items are followed to their pages (wordpress may fall back to a
# listing page); google_news: a Google News RSS search, the items themselves are the documents;
# gdelt: the GDELT DOC 2.0 API (artlist, JSON), its articles are followed; html: one page.
KINDS = ("rss", "atom", "wordpress", "google_news", "gdelt", "html")
GOOGLE_NEWS = "https://news.google.com/rss/search?q={q}&hl={hl}&gl={gl}&ceid={ceid}"
GDELT = "https://api.gdeltproject.org/api/v2/doc/doc?query={q}&mode=artlist&format=json&maxrecords=75&sort=datedesc"


@dataclass(frozen=True, slots=True)
class Source:
    """One place prisonwatch reads."""

    id: str
    kind: str
    url: str
    lang: str | None = None
    selector: str | None = None  # CSS selector of the part of a page that matters
    follow: bool = True  # follow feed items to their pages (google_news never does)
    max_items: int | None = None  # items followed per run (default: settings.max_items_per_source)
    interval_minutes: int = 0  # fetch at most this often, whatever the schedule (0: every run)
    stale_after_days: int | None = None  # alert once when no relevant document came for this long
    fallback_url: str | None = None  # wordpress: listing page read when the feed is missing
    title_match: str | None = None  # wordpress fallback: follow only links whose text contains this
    query: str | None = None  # google_news / gdelt: the search (used to build the default URL)


@dataclass(frozen=True, slots=True)
class Settings:
    """How fetching behaves for every source."""

    max_items_per_source: int = 15
    timeout_seconds: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    retry_backoff_seconds: float = 1.0
    user_agent: str = "prisonwatch/0.1 (+https://github.com/prisonwatch/prisonwatch; counts of political prisoners)"
    respect_robots: bool = True
    per_host_concurrency: int = 2
    per_host_interval_seconds: float = 1.0  # at least this long between two requests to one host
    run_budget_seconds: float = 900.0  # a run stops following new items after this long
    allow_loopback: bool = False  # fetch 127.0.0.1 / ::1 (tests and local mirrors only)
    allow_private: bool = False  # fetch private and link-local addresses (never by default)
    down_after_runs: int = 3  # consecutive failed runs before one "source down" alert
    mirrors: dict[str, str] = field(default_factory=dict)  # mirror host -> canonical host
    # processes that read pages and feeds in a run: 1, the run's own (least memory); 0, one per core; N, N
    parse_processes: int = 1


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """When a change becomes an alert, and how alerts are grouped."""

    digest: bool = False  # one message per run instead of one per change
    media_min_documents: int = 2  # unattributed press figures need this many documents
    headline_only: bool = True  # breakdowns (women, a prison...) are stored but not alerted
    min_change: dict[str, int] = field(default_factory=dict)  # per metric, e.g. {"detentions": 5}


@dataclass(frozen=True, slots=True)
class Config:
    sources: tuple[Source, ...]
    settings: Settings = field(default_factory=Settings)
    alerts: AlertSettings = field(default_factory=AlertSettings)


def default_config_path() -> Path:
    return Path(str(resources.files("flows").joinpath("data/sources.toml")))


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate a source file; raise ConfigError naming the bad entry."""
    cfg_path = Path(path) if path else default_config_path()
    try:
        data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"source file not found: {cfg_path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path} is not valid TOML: {exc}") from exc
    return parse_config(data, str(cfg_path))


def parse_config(data: dict[str, Any], where: str = "config") -> Config:
    settings = _settings(data.get("settings", {}), where)
    alerts = _alert_settings(data.get("alerts", {}), where)
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: no [[source]] entries")
    seen: set[str] = set()
    sources = []
    for i, entry in enumerate(entries, 1):
        source = _source(entry, f"{where}: source #{i}", where)
        if source.id in seen:
            raise ConfigError(f"{where}: duplicate source id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    return Config(tuple(sources), settings, alerts)


def _source(entry: Any, label: str, where: str) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{label} is not a table")
    known = {f.name for f in fields(Source)} | {"hl", "gl", "ceid"}
    unknown = set(entry) - known
    if unknown:
        raise ConfigError(f"{label} has unknown keys: {', '.join(sorted(unknown))}")
    sid = entry.get("id")
    if not isinstance(sid, str) or not sid.strip():
        raise ConfigError(f"{label} needs an id")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: source {sid!r} has kind {kind!r}; use one of {', '.join(KINDS)}")
    url = entry.get("url") or _search_url(kind, entry, sid, where)
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: source {sid!r} needs an http(s) url, got {url!r}")
    lang = entry.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise ConfigError(f"{where}: source {sid!r} has unknown lang {lang!r}; known: {', '.join(LANGUAGES)}")
    for key in ("max_items", "interval_minutes", "stale_after_days"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ConfigError(f"{where}: source {sid!r} {key} must be a whole number >= 0")
    fallback = entry.get("fallback_url")
    if fallback is not None and not str(fallback).startswith(("http://", "https://")):
        raise ConfigError(f"{where}: source {sid!r} fallback_url must be an http(s) url")
    if fallback and kind != "wordpress":
        raise ConfigError(f"{where}: source {sid!r}: fallback_url is only for kind wordpress")
    selector = entry.get("selector")
    if selector is not None:
        try:
            GenericTranslator().css_to_xpath(str(selector))
        except SelectorError as exc:
            raise ConfigError(f"{where}: source {sid!r} selector {selector!r} is not a CSS selector: {exc}") from exc
    return Source(
        id=sid,
        kind=kind,
        url=url,
        lang=lang,
        selector=selector,
        follow=bool(entry.get("follow", kind != "google_news")) and kind != "google_news",
        max_items=entry.get("max_items"),
        interval_minutes=entry.get("interval_minutes") or 0,
        stale_after_days=entry.get("stale_after_days"),
        fallback_url=fallback,
        title_match=entry.get("title_match"),
        query=entry.get("query"),
    )


def _search_url(kind: str, entry: dict[str, Any], sid: str, where: str) -> str | None:
    query = entry.get("query")
    if kind not in ("google_news", "gdelt"):
        return None
    if not isinstance(query, str) or not query.strip():
        raise ConfigError(f"{where}: source {sid!r} of kind {kind} needs a query (or a url)")
    if kind == "gdelt":
        return GDELT.format(q=quote_plus(query))
    hl, gl = entry.get("hl", "es-419"), entry.get("gl", "VE")
    return GOOGLE_NEWS.format(q=quote_plus(query), hl=hl, gl=gl, ceid=entry.get("ceid", f"{gl}:{hl}"))


def _settings(data: dict[str, Any], where: str) -> Settings:
    defaults = Settings()
    unknown = set(data) - {f.name for f in fields(Settings)}
    if unknown:
        raise ConfigError(f"{where}: unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        expected = type(getattr(defaults, key))
        if expected is dict:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: setting {key} must be a table")
            values[key] = {str(k): str(v) for k, v in value.items()}
            continue
        try:
            values[key] = expected(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: bad setting {key}: {exc}") from exc
    return Settings(**values)


def _alert_settings(data: dict[str, Any], where: str) -> AlertSettings:
    unknown = set(data) - {f.name for f in fields(AlertSettings)}
    if unknown:
        raise ConfigError(f"{where}: unknown [alerts] settings: {', '.join(sorted(unknown))}")
    min_change = data.get("min_change", {})
    if not isinstance(min_change, dict) or not all(isinstance(v, int) and v >= 1 for v in min_change.values()):
        raise ConfigError(f"{where}: [alerts] min_change must map metrics to whole numbers >= 1")
    bad = set(min_change) - set(METRICS)
    if bad:
        raise ConfigError(f"{where}: [alerts] min_change names unknown metrics: {', '.join(sorted(bad))}")
    media = data.get("media_min_documents", 2)
    if not isinstance(media, int) or media < 1:
        raise ConfigError(f"{where}: [alerts] media_min_documents must be a whole number >= 1")
    return AlertSettings(
        bool(data.get("digest", False)), media, bool(data.get("headline_only", True)), dict(min_change)
    )
