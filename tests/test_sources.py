"""The source list is validated when it is loaded."""

from __future__ import annotations

import pytest

from flows.sources import default_config_path, load_config, parse_config
from parsers.errors import ConfigError


def test_default_sources_are_valid_and_real() -> None:
    config = load_config(default_config_path())
    ids = [s.id for s in config.sources]
    assert "foro-penal" in ids and "google-news-es" in ids and "google-news-en" in ids
    assert all(s.url.startswith("https://") for s in config.sources)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "source": [
                    {"id": "a", "kind": "rss", "url": "http://x.test"},
                    {"id": "a", "kind": "rss", "url": "http://y.test"},
                ]
            },
            "duplicate source id 'a'",
        ),
        ({"source": [{"id": "a", "kind": "ftp", "url": "http://x.test"}]}, "kind 'ftp'"),
        ({"source": [{"id": "a", "kind": "rss", "url": "file:///etc/passwd"}]}, "needs an http(s) url"),
        ({"source": [{"kind": "rss", "url": "http://x.test"}]}, "needs an id"),
        ({"source": [{"id": "a", "kind": "rss", "url": "http://x.test", "lang": "xx"}]}, "unknown lang"),
        ({"source": [{"id": "a", "kind": "rss", "url": "http://x.test", "colour": "red"}]}, "unknown keys"),
        ({"source": []}, "no [[source]] entries"),
        (
            {"settings": {"speed": 3}, "source": [{"id": "a", "kind": "rss", "url": "http://x.test"}]},
            "unknown settings",
        ),
        (
            {"source": [{"id": "a", "kind": "html", "url": "http://x.test", "selector": "div["}]},
            "selector 'div[' is not a CSS selector",
        ),
    ],
    ids=[
        "duplicate",
        "bad-kind",
        "bad-url",
        "no-id",
        "bad-lang",
        "unknown-key",
        "empty",
        "bad-setting",
        "bad-selector",
    ],
)
def test_bad_config_is_refused_with_a_clear_message(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=__import__("re").escape(message)):
        parse_config(data)


def test_missing_file_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
