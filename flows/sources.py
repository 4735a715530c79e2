"""The source list: a TOML file, validated when it is loaded."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from parsers.claims import METRICS
from parsers.errors import ConfigError
from parsers.lang import LANGUAGES

KINDS = ("rss", "html")


@dataclass(frozen=True, slots=True)
class Source:
    """One place prisonwatch reads: a feed whose items it follows, or a page."""

    id: str
    kind: str
    url: str
    lang: str | None = None
    selector: str | None = None
    follow: bool = True
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """How fetching behaves for every source."""

    max_items_per_source: int = 15
    timeout_seconds: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    retry_backoff_seconds: float = 1.0
    user_agent: str = "prisonwatch/0.1 (+https://github.com/prisonwatch/prisonwatch)"


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
        label = f"{where}: source #{i}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{label} is not a table")
        unknown = set(entry) - {"id", "kind", "url", "lang", "selector", "follow", "max_items"}
        if unknown:
            raise ConfigError(f"{label} has unknown keys: {', '.join(sorted(unknown))}")
        sid = entry.get("id")
        if not isinstance(sid, str) or not sid.strip():
            raise ConfigError(f"{label} needs an id")
        if sid in seen:
            raise ConfigError(f"{where}: duplicate source id {sid!r}")
        seen.add(sid)
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ConfigError(f"{where}: source {sid!r} has kind {kind!r}; use one of {', '.join(KINDS)}")
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: source {sid!r} needs an http(s) url, got {url!r}")
        lang = entry.get("lang")
        if lang is not None and lang not in LANGUAGES:
            raise ConfigError(f"{where}: source {sid!r} has unknown lang {lang!r}; known: {', '.join(LANGUAGES)}")
        max_items = entry.get("max_items")
        if max_items is not None and (not isinstance(max_items, int) or max_items < 0):
            raise ConfigError(f"{where}: source {sid!r} max_items must be a whole number >= 0")
        sources.append(Source(sid, kind, url, lang, entry.get("selector"), bool(entry.get("follow", True)), max_items))
    return Config(tuple(sources), settings, alerts)


def _settings(data: dict[str, Any], where: str) -> Settings:
    known = Settings.__dataclass_fields__
    unknown = set(data) - set(known)
    if unknown:
        raise ConfigError(f"{where}: unknown settings: {', '.join(sorted(unknown))}")
    try:
        return Settings(**{k: type(getattr(Settings(), k))(v) for k, v in data.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: bad setting: {exc}") from exc


def _alert_settings(data: dict[str, Any], where: str) -> AlertSettings:
    unknown = set(data) - set(AlertSettings.__dataclass_fields__)
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
