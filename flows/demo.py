"""`prisonwatch demo`: the whole pipeline offline against a local site and a local chat webhook.

The pages below are written for the demo (shaped like a Foro Penal weekly balance and news items);
their figures move between the two rounds so that alerts fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from flows.localserver import SiteServer

Page = tuple[str, str, str, str]  # path, title, published ISO date, body paragraphs (one per line)

ROUND_1: list[Page] = [
    (
        "/foro-penal/balance-2026-02-02/",
        "Balance semanal de presos políticos",
        "2026-02-03",
        "Foro Penal informó que al 2 de febrero de 2026 hay 687 presos políticos en Venezuela.\n"
        "De ese total, 600 son hombres y 87 son mujeres.\n"
        "La organización contabilizó 350 excarcelaciones de presos políticos desde el 8 de enero.",
    ),
    (
        "/news/government-figure/",
        "Government gives its own release count",
        "2026-02-04",
        "Interior minister Diosdado Cabello said on Wednesday that 895 people have been released since "
        "November, a figure that Foro Penal has not verified.\n"
        "The minister did not publish a list of names.",
    ),
]
ROUND_2: list[Page] = [
    (
        "/foro-penal/balance-2026-02-09/",
        "Nuevo balance de presos políticos",
        "2026-02-10",
        "Según Foro Penal, al 9 de febrero de 2026 quedan 644 presos políticos en el país.\n"
        "Foro Penal verificó 393 excarcelaciones de presos políticos desde el 8 de enero.\n"
        "Alfredo Romero, director de la ONG, pidió que se publiquen las listas completas.",
    ),
]


def _page_html(title: str, published: str, body: str) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.splitlines())
    return (
        f"<html><head><title>{escape(title)}</title>"
        f'<meta property="article:published_time" content="{published}T12:00:00-04:00"></head>'
        f"<body><nav>Inicio | Noticias | Contacto</nav><article><h1>{escape(title)}</h1>{paragraphs}"
        f"</article><footer>Demo site for prisonwatch</footer></body></html>"
    )


def _feed_xml(site: SiteServer, title: str, pages: list[Page]) -> str:
    items = []
    for path, item_title, published, body in pages:
        when = format_datetime(datetime.fromisoformat(published).replace(hour=12, tzinfo=UTC))
        items.append(
            f"<item><title>{escape(item_title)}</title><link>{site.url(path)}</link>"
            f"<pubDate>{when}</pubDate><description>{escape(body.splitlines()[0])}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>{site.base_url}</link><description>demo</description>{''.join(items)}</channel></rss>"
    )


@dataclass(frozen=True, slots=True)
class DemoSite:
    """The demo site's two feeds; `publish(round)` makes the site show that round."""

    site: SiteServer

    def publish(self, rounds: int) -> None:
        pages = ROUND_1 + (ROUND_2 if rounds >= 2 else [])
        for path, title, published, body in pages:
            self.site.put(path, _page_html(title, published, body))
        foro = [p for p in pages if p[0].startswith("/foro-penal/")]
        news = [p for p in pages if p[0].startswith("/news/")]
        self.site.put(
            "/foro-penal/feed/",
            _feed_xml(self.site, "Foro Penal (demo)", list(reversed(foro))),
            "application/rss+xml; charset=utf-8",
        )
        self.site.put(
            "/news/feed/", _feed_xml(self.site, "Noticias (demo)", news), "application/rss+xml; charset=utf-8"
        )

    def sources_toml(self) -> str:
        return (
            "[settings]\nretries = 1\nretry_backoff_seconds = 0.1\ntimeout_seconds = 5\n"
            "allow_loopback = true  # the demo site runs on 127.0.0.1\nper_host_interval_seconds = 0\n\n"
            f'[[source]]\nid = "foro-penal-demo"\nkind = "rss"\nurl = "{self.site.url("/foro-penal/feed/")}"\n'
            'lang = "es"\nselector = "article"\n\n'
            f'[[source]]\nid = "news-demo"\nkind = "rss"\nurl = "{self.site.url("/news/feed/")}"\nlang = "en"\n'
        )
