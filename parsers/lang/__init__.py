"""Per-language tables behind one interface (see base.Language)."""

from parsers.lang.base import Language
from parsers.lang.de import DE
from parsers.lang.en import EN
from parsers.lang.es import ES
from parsers.lang.fr import FR
from parsers.lang.it import IT
from parsers.lang.pt import PT

LANGUAGES: dict[str, Language] = {t.code: t for t in (ES, EN, PT, IT, FR, DE)}


def detect_language(text: str) -> str:
    """Pick the language whose stopwords are most frequent in the text (Spanish on a tie)."""
    words = text.lower().split()[:400]
    best, best_score = "es", 0
    for code, table in LANGUAGES.items():
        score = sum(1 for w in words if w in table.stopwords)
        if score > best_score:
            best, best_score = code, score
    return best


__all__ = ["LANGUAGES", "Language", "detect_language"]
