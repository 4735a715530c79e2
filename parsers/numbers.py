"""Find counts written in digits, number words or quantity words, with their character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from parsers.lang.base import Language


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number found in text: its value, where it is, and how it was written."""

    value: int
    start: int
    end: int
    kind: str  # "digits" | "words" | "quantity"
    qualifier: str | None = None  # set by quantity words ("un centenar" is approximate)


_DIGITS = re.compile(
    r"(?<![\w.,:/#$€£-])"
    r"((?>\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?![.,]?\d)|\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,]\d+)?))"
    r"(?:\s?(?P<scale>[^\W\d_]+))?"
    r"(?![0-9_:/%]|[a-záéíóúñüçàèìòùâêôãõ])"  # "24Civiles" (lost line break) still ends at 24
)
_ORDINAL_SUFFIX = re.compile(r"^(?:st|nd|rd|th|º|ª|°|er|e|o|a)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class NumberReader:
    """Reads counts in one language; compiled once per language table."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._scales = {k.lower(): v for k, v in lang.scale_words.items()}
        self._quantity = re.compile(rf"(?<!\w)({_alternation(list(lang.quantity_words))})(?!\w)", re.IGNORECASE)
        self._quantity_values = {k.lower(): v for k, v in lang.quantity_words.items()}
        words = _alternation(sorted(lang.number_words | lang.one_words | lang.number_connectors))
        first = _alternation(sorted(lang.number_words | lang.one_words))
        # a run starts with a number word: a lone connector ("y", "and", one word in ten of a text) is no run
        self._word_runs = re.compile(rf"(?<!\w)(?:{first})(?:[\s-]+(?:{words}))*(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[NumberMention]:
        found = self._digits(text) + self._words(text) + self._quantities(text)
        found.sort(key=lambda m: (m.start, -m.end))
        # drop mentions nested in an earlier one (a quantity phrase containing a number word)
        kept: list[NumberMention] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

    def _digits(self, text: str) -> list[NumberMention]:
        out = []
        for m in _DIGITS.finditer(text):
            raw = m.group(1)
            end = m.end(1)
            scale_word = (m.group("scale") or "").lower()
            attached = m.group("scale") is not None and m.start("scale") == m.end(1)
            if _ORDINAL_SUFFIX.match(text[end : end + 3]) and (attached or scale_word in ("st", "nd", "rd", "th")):
                continue
            scale = self._scales.get(scale_word)
            value = parse_digits(raw, scale is not None)
            if value is None:
                continue
            if scale:
                value = round(value * scale)
                end = m.end("scale")
            elif attached:
                continue  # "4x4", "2a": not a count
            if value != int(value):
                continue
            out.append(NumberMention(int(value), m.start(1), end, "digits"))
        return out

    def _words(self, text: str) -> list[NumberMention]:
        """Spelled numbers; only the stretches made of number words are read word by word."""
        out: list[NumberMention] = []
        for m in self._word_runs.finditer(text):
            out += self._read_run(text, m.start(), m.end())
        return out

    def _read_run(self, text: str, start: int, end: int) -> list[NumberMention]:
        lang = self.lang
        out = []
        run: list[re.Match[str]] = []

        def flush() -> None:
            while run and run[-1].group(0).lower() in lang.number_connectors:
                run.pop()
            if not run:
                return
            phrase = " ".join(w.group(0).lower() for w in run)
            value = _spelled(phrase, lang.code)
            preceding = text[max(0, run[0].start() - 4) : run[0].start()].lower()
            if phrase in ("ciento", "cento") and preceding.strip() in ("por", "per"):
                value = None  # "por ciento", "per cento": percent, not a hundred
            if value is not None and value > 0:
                out.append(NumberMention(value, run[0].start(), run[-1].end(), "words"))
            run.clear()

        for w in _WORD.finditer(text, start, end):
            word = w.group(0).lower()
            gap = text[run[-1].end() : w.start()] if run else ""
            if run and gap.strip(" -"):
                flush()
            if word in lang.number_words or (run and word in lang.number_connectors):
                run.append(w)
            elif word in lang.one_words:
                if not (run and run[-1].group(0).lower() in lang.number_connectors):
                    flush()
                run.append(w)  # "un" ends a spelled number ("ciento treinta y un") or stands alone
                flush()
            else:
                flush()
        flush()
        return out

    def _quantities(self, text: str) -> list[NumberMention]:
        return [
            NumberMention(self._quantity_values[m.group(1).lower()], m.start(), m.end(), "quantity", "approx")
            for m in self._quantity.finditer(text)
        ]


@lru_cache(maxsize=4096)
def _spelled(phrase: str, lang: str) -> int | None:
    """The value of a spelled number ("ciento treinta y uno"), None if it is not one; the same few phrases
    ("un", "una", "dos") come back in every text, so their reading is kept."""
    try:
        return int(text2num(phrase, lang))
    except (ValueError, TypeError):
        return None


def parse_digits(raw: str, before_scale: bool = False) -> float | None:
    """Read "1.697", "1,697", "1 697", "1,5" (before a scale word) as a number.

    A separator followed by exactly three digits groups thousands, whatever the language;
    otherwise it is a decimal mark (only meaningful before a scale word like "mil").
    """
    compact = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in compact:
        return float(compact.replace(" ", ""))
    parts = re.split(r"[.,]", compact)
    if len(parts) == 1:
        return float(parts[0])
    if all(len(p) == 3 for p in parts[1:]) and not (before_scale and len(parts) == 2):
        return float("".join(parts))
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    return None
