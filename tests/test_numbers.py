"""Numbers as news writes them, per language. Sentences are our own."""

import pytest

from parsers.lang import LANGUAGES
from parsers.numbers import NumberReader, parse_digits

CASES = [
    # (id, lang, text, expected values in order)
    ("es-thousands-dot", "es", "Hay 1.697 personas detenidas.", [1697]),
    ("en-thousands-comma", "en", "Some 1,697 people are held.", [1697]),
    ("es-thousands-comma", "es", "Son 1,697 presos.", [1697]),
    ("fr-thousands-space", "fr", "Il y a 1 697 prisonniers.", [1697]),
    ("fr-thousands-nbsp", "fr", "Il y a 1\u00a0697 prisonniers.", [1697]),
    ("it-mila-attached", "it", "Oltre 12mila persone arrestate.", [12000]),
    ("es-mil-after-digits", "es", "Más de 18 mil detenciones.", [18000]),
    ("pt-decimal-mil", "pt", "Cerca de 1,5 mil presos.", [1500]),
    ("pt-decimal-mil-2", "pt", "Foram 2,4 mil detenções.", [2400]),
    ("es-words-131", "es", "Fueron ciento treinta y uno los excarcelados.", [131]),
    ("es-words-2000", "es", "Hay dos mil detenidos.", [2000]),
    ("es-words-feminine", "es", "Seiscientas veintiséis mujeres presas.", [626]),
    ("en-words-hyphen", "en", "Forty-two people were freed.", [42]),
    ("pt-words-mil", "pt", "Mais de nove mil pessoas.", [9000]),
    ("es-quantity-centenar", "es", "Más de un centenar de menores.", [100]),
    ("es-quantity-half", "es", "Medio centenar de presos.", [50]),
    ("pt-quantity-dezenas", "pt", "Duas dezenas de presos.", [20]),
    ("en-time-is-not-count", "en", "At 17:20 they left.", []),
    ("en-percent-decimal", "en", "He won 51.20% of the vote.", []),
    ("en-ordinal", "en", "On the 4th day.", []),
    ("es-hashtag", "es", "#25Dic en la noche.", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_counts(lang: str, text: str, expected: list[int]) -> None:
    reader = NumberReader(LANGUAGES[lang])
    assert [m.value for m in reader.find(text)] == expected


@pytest.mark.parametrize(
    ("raw", "before_scale", "expected"),
    [
        ("1.697", False, 1697),
        ("1,697", False, 1697),
        ("6.805.209", False, 6805209),
        ("1,5", True, 1.5),
        ("51.20", False, 51.2),
        ("1 697", False, 1697),
    ],
)
def test_parse_digits(raw: str, before_scale: bool, expected: float) -> None:
    assert parse_digits(raw, before_scale) == expected


def test_quantity_words_are_approximate() -> None:
    reader = NumberReader(LANGUAGES["es"])
    (m,) = reader.find("un centenar de presos")
    assert m.qualifier == "approx"
