"""Pages and feeds to documents: pages written for these tests, one per phenomenon."""

from __future__ import annotations

import pytest

from parsers.errors import ParseError
from parsers.html import html_to_page, is_relevant, parse_feed

PAGE = """<!DOCTYPE html>
<html><head>
<title>Balance semanal | Diario de prueba</title>
<meta property="og:title" content="Balance semanal de presos políticos">
<meta property="article:published_time" content="2026-02-04T10:00:00-04:00">
<link rel="canonical" href="https://diario.example/balance">
<script>var menu = "Foro Penal 999 presos";</script>
<style>p { color: red }</style>
</head><body>
<header><p>Suscríbase</p></header>
<nav><ul><li><a href="/a">Portada</a></li><li><a href="/b">Política</a></li></ul></nav>
<!-- comentario: 888 presos -->
<article>
<h1>Balance <em>semanal</em></h1>
<p>Foro Penal contó <strong>350</strong> presos políticos.</p>
<p>   </p>
<ul><li>Mujeres: 20</li></ul>
<aside><p>Lea también: 777 detenidos</p></aside>
</article>
<footer><p>Todos los derechos reservados</p></footer>
</body></html>"""


def test_a_page_gives_its_title_date_canonical_and_main_text() -> None:
    page = html_to_page(PAGE)
    assert page.title == "Balance semanal de presos políticos"
    assert page.published == "2026-02-04"
    assert page.canonical == "https://diario.example/balance"
    assert page.text.splitlines() == ["Balance semanal", "Foro Penal contó 350 presos políticos.", "Mujeres: 20"]


@pytest.mark.parametrize("noise", ["999", "888", "777", "Suscríbase", "Portada", "derechos reservados", "color"])
def test_scripts_styles_comments_menus_and_asides_are_not_text(noise: str) -> None:
    assert noise not in html_to_page(PAGE).text


def test_bytes_are_read_in_the_charset_the_page_declares() -> None:
    html = "<html><head><meta charset='iso-8859-1'></head><body><p>Excarcelación de 12 presos</p></body></html>"
    assert html_to_page(html.encode("latin-1")).text == "Excarcelación de 12 presos"


def test_a_selector_picks_the_part_of_the_page_to_read() -> None:
    html = "<body><div class='nota'><p>Foro Penal: 300</p></div><div class='otro'><p>Otra nota</p></div></body>"
    assert html_to_page(html, ".nota").text == "Foro Penal: 300"
    assert html_to_page(html, "div.otro > p").text == "Otra nota"


def test_a_selector_that_matches_nothing_falls_back_to_the_main_text() -> None:
    html = "<body><main><p>Texto principal</p></main><p>Pie</p></body>"
    assert html_to_page(html, "#no-existe").text == "Texto principal"


def test_a_broken_selector_is_a_clear_error() -> None:
    with pytest.raises(ParseError, match="not a CSS selector"):
        html_to_page("<body><p>x</p></body>", "div[")


def test_a_page_without_blocks_gives_its_body_text() -> None:
    page = html_to_page("<html><body><div>Foro Penal <b>informó</b></div><div>300 presos</div></body></html>")
    assert page.text.splitlines() == ["Foro Penal", "informó", "300 presos"]


@pytest.mark.parametrize("html", ["", "   ", b""])
def test_an_empty_page_is_an_empty_document(html: str | bytes) -> None:
    page = html_to_page(html)
    assert (page.title, page.text, page.published, page.canonical) == ("", "", None, None)


def test_text_with_an_xml_declaration_is_read() -> None:
    html = "<?xml version='1.0' encoding='utf-8'?><html><body><p>Liberados 30</p></body></html>"
    assert html_to_page(html).text == "Liberados 30"


def test_a_time_tag_dates_a_page_without_meta() -> None:
    html = "<body><article><time datetime='2025-12-24T08:00'>24 dic</time><p>Texto</p></article></body>"
    assert html_to_page(html).published == "2025-12-24"


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("El Foro Penal informó ayer", True),
        ("Hay 300 PRESOS POLÍTICOS en el país", True),
        ("una presa política fue trasladada", True),
        ("Venezuela releases 20 political prisoners", True),
        ("Libertação de prisioneiros políticos", True),
        ("Les prisonniers politiques du pays", True),
        ("Il governo ha liberato i prigionieri", True),
        ("Detención de 12 manifestantes", True),
        ("El precio del agua subió en la región", False),
        ("Elections in Venezuela: the vote count", False),
    ],
)
def test_relevance_is_the_subject_in_any_of_the_languages(text: str, relevant: bool) -> None:
    assert is_relevant(text) is relevant


def test_a_feed_gives_its_items() -> None:
    rss = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
        "<item><title>Uno</title><link>https://x.example/1</link><description>&lt;p&gt;Foro Penal: "
        "&lt;b&gt;300&lt;/b&gt;&lt;/p&gt;</description><pubDate>Wed, 04 Feb 2026 10:00:00 GMT</pubDate></item>"
        "<item><title>Sin enlace</title></item></channel></rss>"
    )
    items = parse_feed(rss)
    assert [(i.url, i.title, i.summary, i.published) for i in items] == [
        ("https://x.example/1", "Uno", "Foro Penal: 300", "2026-02-04")
    ]


def test_bytes_that_are_not_a_feed_are_a_clear_error() -> None:
    with pytest.raises(ParseError, match="not a readable feed"):
        parse_feed(b"\x00\x01 not xml at all")


def test_whitespace_inside_a_block_is_one_space() -> None:
    html = "<body><p>Foro\tPenal\u00a0 contó\n\n   350 <b>presos</b>políticos</p></body>"
    assert html_to_page(html).text == "Foro Penal contó 350 presos políticos"
