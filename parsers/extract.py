"""Text -> count claims. One engine; everything language-specific comes from parsers.lang tables.

For each number that can be a count of people the engine decides, from cues around it in its
sentence: the metric (the noun after the number, else the nearest verb), the qualifier (the phrase
before it), who asserts it (an organisation named in the sentence, else the last speaker when the
sentence reports speech, else the press), the group and place it is limited to, and its dates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from parsers.claims import Claim
from parsers.cues import COPULAS, Cue, LanguageEngine, engine
from parsers.dates import DateMention, month_end, parse_published
from parsers.lang import LANGUAGES, detect_language
from parsers.numbers import NumberMention
from parsers.places import CITIES, PRISONS, STATES
from parsers.publishers import publisher_org

EXTRACTOR_VERSION = "1.3.0"

STOCKS = {"political_prisoners", "restricted_liberty", "disappeared"}
FLOWS = {"releases", "detentions", "releases_announced"}
_VERB_METRIC = {
    "release": "releases",
    "arrest": "detentions",
    "hold": "political_prisoners",
    "disappear": "disappeared",
    "restrict": "restricted_liberty",
}
# Filler words allowed between a number and its noun: articles, "new", "other", "de", "more".
_FILLER = re.compile(
    r"^(?:\s|[\"“”«»()]|\b(?:de|of|do|da|dos|das|di|des|del|los|las|the|new|nuevas?|nuevos|novas?|novos|"
    r"otr[oa]s|other|more|más|mais|più|plus|additional|further|people|personas|pessoas|persone|"
    r"personnes|venezuelans|venezolanos|confirmed|verified|identified|reported|registered|"
    r"considerad[oa]s|considered|como|as|are|is|son|sont|são|sono|el número de|el total de|the number of|"
    r"the total of|o número de|o total de|el|la|o|a|such|these|those|tales|estos|estas|esses|essas)\b)*$",
    re.IGNORECASE,
)
# A sentence ends at . ! ? before a capital, at a blank line, or at a line break that is not a hard wrap
# (a wrapped line ends without punctuation and the next one goes on in lower case or with a number).
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"”»]?\s+(?=[\"“«¿¡•\-–(]?[A-ZÁÉÍÓÚÑÜ])|\n\s*\n\s*|"
    r"(?<=[.!?…:;\"”»)])[ \t]*\n\s*|\n(?![a-záéíóúñü\d(«“\"])"
)
_NOT_COUNT_BEFORE = re.compile(
    r"(?:\b(?:art[íi]culo|article|art\.|tipo|type|n[º°o]\.?|número|number|p[áa]gina|page|ley|law|decreto|"
    r"resolución|grado|level|nivel|top|edad de|aged|age|edades de|years old)\s*|[$€£#]\s?|US\$\s?)$",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(
    r"(?:\b(?:a|to|en|at|para un total de|un total de|a total of|total of|total de|totale di|"
    r"hasta|up to|in|cifr[óo] en|ascendi[óo] a|ascienden? a|subi[óo] a|subieron a|rose to|"
    r"increased to|increasing the number of political prisoners to|elevado (?:esta cifra )?a|"
    r"aumentado a|para|alcanz[óo]|llega a|llegó a|de)\s*)$",
    re.IGNORECASE,
)
# Words that point back to a figure of the same kind: "la cifra", "un total de", "otros 92", "las primeras 160".
_FIGURE_WORDS = re.compile(
    r"\b(?:la cifra|una cifra|esta cifra|the figure|a figure|el total|un total|the total|a total|the number|"
    r"el número|la cantidad|o total|um total|il totale|un totale|le nombre|le total|the count|el balance|"
    r"el saldo|suma|sumó|en total|in total|no total|entre los|entre las|among the|among those|del total de|"
    r"do total de|se registraron|"
    r"se contabilizaron|se computaron|were recorded|were registered|"
    r"registaram-se|foram registrad[oa]s)\b|"
    r"\b(?:(?:ils|elles|they|ellos|ellas|eles|elas)\s+(?:sont|are|were|son|eran|são|eram)|"
    r"otros|otras|outros|outras|altri|altre|other|another|las primeras|los primeros|the first|"
    r"as primeiras|os primeiros|las últimas|los últimos)\s+$",
    re.IGNORECASE,
)
_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|los|las|el|la|os|as|les|i|gli|these|those|estos|estas|esos|esas|aquellos|esses|essas|estes|estas|"
    r"questi|quei|ces)\s+$",
    re.IGNORECASE,
)
_PREDICATE_BEFORE = re.compile(
    r"\b(?:fueron|were|was|have been|has been|had been|han sido|ha sido|foram|sono stati|ont été|são|están|"
    r"estão|are|is|remain|permanecen|siguen|se encuentran|continúan|continuam|quedaron|got|sono state|sono|"
    r"erano state|erano|state|sont)\s+$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\W*(?:[-•*·]|\d+[.)])?\s*\w[^.:]{0,40}:\s*\S")
_REFERENCE_BEFORE = re.compile(
    r"\b(?:of the|of these|of those|de los|de las|de estos|de estas|dos|das|destes|di questi|dei|des)\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SHARE_AFTER = re.compile(
    r"^[^.;]*?,\s*(?:lo que|which|o que|il che|ciò che|ce qui)\s+(?:represent|representa|rappresenta|équivaut)"
    r"\w*\s+(?:el|o|a|the|il|le|un|una|about|cerca del?)?\s*\d+(?:[.,]\d+)?\s*(?:%|por ciento|percent|per cento)",
    re.IGNORECASE,
)
_SUBSET_AFTER = re.compile(
    r"^\s*(?:(?:people|personas|pessoas|persone|personnes)\s+)?"
    r"(?:of the|of these|of those|of whom|out of|de los|de las|de estos|de estas|de ellos|de ellas|"
    r"dos|das|destes|destas|di questi|dei quali|di cui|des|parmi)\b",
    re.IGNORECASE,
)
_COPULA_GROUP = re.compile(
    r"(?:\s+(?:de|of|dos|das|di|des)\s+(?:los|las|the|esos|estos|these|those|os|as|i|les)?\s*"
    r"[^\W\d][\w’' ]{0,30}?)?"
    rf"\s*(?:{COPULAS}|is|es)\s+(?:members of the\s+|miembros de la\s+)?",
    re.IGNORECASE,
)
# Words that may follow a list item without making it a different kind of count.
_FUNCTION_WORDS = frozenset(
    "en in em el la los las de del desde since on at y e and et para por a al hasta entre con with com "
    "no na nos nas the this este esta el que who which hicieron fueron were was cada each per ogni".split()
)
_PARTICIPLE = re.compile(r"(?:ad[oa]s?|id[oa]s?|ed|at[ie]|it[ie])$")
_STATE_CLAUSE_BREAK = re.compile(
    r"[;]|,\s*(?:ninguno|ninguna|none|nenhum|nenhuma|nessuno|aucun|while|whereas|but|mientras|pero|aunque|"
    r"enquanto|mas|mentre|tandis)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;]|,\s*(?:while|whereas|but|mientras|pero|aunque|enquanto|mas|mentre|tandis)\b", re.I)
_COPULA_BEFORE_NOUN = re.compile(rf"\s+(?:{COPULAS})\s+", re.IGNORECASE)
_GENERIC_PEOPLE = re.compile(
    r"personas?|people|persons?|individuals|individuos|pessoas?|persone|personnes|ciudadan[oa]s|citizens|"
    r"cidadãos|venezolan[oa]s|venezuelan[oa]s|venezuelans",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r",\s*(?:que|quien|quienes|cuyo|cuya|who|which|whose|qui|che|o qual|a qual|"
    r"(?P<article>una|uno|un|a|an|the|el|la|um|uma))\s[^,.;]*,",
    re.IGNORECASE,
)
_PERIOD_PREP = re.compile(r"\b(?:en|in|em|nel|durante|during|en el año|in the year)\s+$", re.IGNORECASE)
_SINGULAR_ARTICLE = re.compile(r"\b(?:el|il|le)\s+$", re.IGNORECASE)
_DAY_ARTICLE = re.compile(r"\b(?:el|the|o|le|il|on the)\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(
    r"(?:\b(?:en|in|em|no|na|nel|nello|de|del|from|at|à|dans)\s+(?:el\s+|la\s+|the\s+|"
    r"estado\s+|state of\s+|stato di\s+|prisión de\s+|cárcel de\s+)?"
    r"|\b(?:known as|called|conocid[oa] como|llamad[oa]|conhecid[oa] como|chamad[oa]|noto come)\s+)$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\)?\s*(?:,?\s*(?:\w+\s+){0,5}(?:con|with|com)\s*|\s*\(\s*|\s*:\s*)",
    re.IGNORECASE,
)
_EACH = re.compile(
    r"^\s*(?:\w+\s+){0,3}(?:cada uno|cada una|each|per ogni|por estado|para cada|cada estado|em cada)\b",
    re.IGNORECASE,
)
_PLACE_RANK = {**{p: 0 for p in PRISONS}, **{p: 1 for p in CITIES}, **{p: 2 for p in STATES}}
_AUX_ONLY = re.compile(
    r"\s*(?:(?:were|was|have|has|had|been|be|being|fueron|han|ha|sido|foram|foi|sono|state|stati|ont|été|se|"
    r"já|ya|already|also|también|então|están|está|estaban|estão|stanno|sono|are|\w+mente|\w+ly)\s+)*",
    re.IGNORECASE,
)
_AGE_AFTER_NAME = re.compile(r"[A-ZÁÉÍÓÚ][\wáéíóúñ]+,\s*$")
# Counts of people held must be about political detention, not the prison population at large.
_POLITICAL = re.compile(r"politi|polític|foro penal|penal forum|#presospol", re.IGNORECASE)
_AND = "y|e|and|et|ed"  # the conjunctions that join the items of a list
_NEXT_ITEM = re.compile(rf"\s*(?:[,;]\s*(?:(?:{_AND})\s+)?|(?:{_AND})\s+)$", re.IGNORECASE)  # ", y 72"
_NEXT_ITEM_LATER = re.compile(rf"[,;]\s*(?:(?:{_AND})\s+)?$|\s(?:{_AND})\s+$", re.IGNORECASE)
_GENERIC_ONE_AFTER = re.compile(r"\s*(?:persona|person|pessoa|personne)\s+(?:que|who|that|qui|che)\b", re.IGNORECASE)
_GOAL_BEFORE = re.compile(r"\b(?:para|to|pour|per)\s+\w+(?:ar|er|ir|re)\s+(?:a\s+)?$", re.IGNORECASE)
_TOTAL_DETAINEES = re.compile(
    r"\btotal\s+(?:de\s+|of\s+)?(?:los\s+|las\s+|os\s+|as\s+|the\s+)?(?:detenid[oa]s|detid[oa]s|detainees)\b"
    r"(?!\s+(?:desde|since|tras|after|após|durante|during|en\s+las\s+protestas))",
    re.IGNORECASE,
)
_PART_OF_TOTAL_BEFORE = re.compile(
    r"\b(?:del total de|of the total|do total de|dal totale di|du total des?)\s+(?:[^\W\d]+\s+){0,4}?[^\W\d]+,\s*$",
    re.IGNORECASE,
)
_FEW_WORDS = re.compile(r"(?:\s*[^\W\d]+){0,2}")
_ASIDE = re.compile(
    r",\s*(?:di cui|of whom|including|among them|de los cuales|de las cuales|entre ellos|incluidos|incluyendo|"
    r"dos quais|das quais|entre eles|incluindo|dont)\b[^,;.]*,",
    re.IGNORECASE,
)
_HAD_BEFORE = re.compile(r"\b(?:tenían|tenía|had|tinham|tinha|avevano|aveva|avaient|avait)\s+$", re.IGNORECASE)
_OUT_OF_BEFORE = re.compile(
    r"\b(?:out of|de un total de|de un total|of a total of|su un totale di)\s+(?:the\s+)?$", re.IGNORECASE
)
_UPDATED_BEFORE = re.compile(
    r"\b(?:actualizad[oa]s?|aggiornat[oa]|updated|atualizad[oa]s?|mis à jour|mise à jour)\s+"
    r"(?:al|el|a|il|on|as of|em|au|le|of)?\s*$",
    re.IGNORECASE,
)
_CLOSED_BEFORE = re.compile(
    r"\b(?:cerr[óo]|cierra|closed|closes|fechou|fecha|chiuso|chiude|ferm[ée])\s+(?:el\s+|the\s+|o\s+|il\s+|le\s+)?"
    r"(?:mes\s+de\s+|month\s+of\s+|mês\s+de\s+|mese\s+di\s+|mois\s+de\s+)?$",
    re.IGNORECASE,
)
_FIGURES_WORD = re.compile(
    r"\b(?:the figures|these figures|the data|the report|las cifras|estas cifras|los datos|el balance|el informe|"
    r"os números|os dados|o balanço|o relatório|i dati|le cifre|il bilancio|les chiffres|le bilan)\b",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"[0-2]?\d[.:h][0-5]\d")
_TIME_UNIT = re.compile(r"\s*(?:horas?|hrs?|h|am|pm|a\.m\.|p\.m\.)\b", re.IGNORECASE)
_VAGUE_PAST = re.compile(
    r"\b(?:la semana pasada|last week|na semana passada|la settimana scorsa|la semaine dernière|"
    r"hace (?:unos|varios|algunos) días|a few days ago|days ago|há alguns dias|il y a quelques jours)\b",
    re.IGNORECASE,
)
# "protestas que dejaron 25 muertos y 2.400 detenidos": the toll of a past event, not a count of today (but
# "las excarcelaciones dejaron a 300 presos tras las rejas" is today's count: no casualties in it)
_TOLL = re.compile(
    r"\b(?:dejaron|dejó|deixaram|deixou|left|ont laissé|a laissé|hanno lasciato)\b[^.;]{0,80}?"
    r"\b(?:muert[oa]s|muertes|fallecid[oa]s|herid[oa]s|dead|deaths|killed|injured|wounded|mort[oa]s|mortes|"
    r"ferid[oa]s|morts|blessés|morti|feriti)\b",
    re.IGNORECASE,
)
_PAST_COPULA = re.compile(r"\b(?:eram|eran|were|erano|étaient|había|havia|there were)\b", re.IGNORECASE)
_PRONOUN_COPULA = re.compile(
    rf"\s*(?:(?:ils|elles|they|ellos|ellas|eles|elas|loro)\s+)?(?:{COPULAS})"
    r"(?:\s+(?:plus de|more than|over|más de|mais de|più di|about|around|environ|unos|cerca de|circa))?\s*",
    re.IGNORECASE,
)
_COPULA = re.compile(COPULAS, re.IGNORECASE)
_SUM_BEFORE = re.compile(r"\b(?:total|totale|suma|sum|soma|en tout|in tutto)\b", re.IGNORECASE)
_THAT_PERIOD = re.compile(
    r"\b(?:en|durante|in|during|em|nesse|neste|nel|pendant)\s+(?:ese|este|dicho|aquel|that|this|esse|este|quel|"
    r"questo|cette|ce)\s+(?:lapso|per[ií]odo|tiempo|period|time|periodo|período|période|laps)\b",
    re.IGNORECASE,
)
_VENEZUELA = re.compile(
    r"v[eé]n[eé]zu[eé]l|venezol|caracas|maduro|foro penal|chavis|bolivarian|\bsebin\b|\bdgcim\b|helicoide|tocor[oó]n|"
    r"tocuyito|ramo verde|fuerte tiuna|zulia|t[aá]chira|anzo[aá]tegui|carabobo|barquisimeto|maracaibo|maracay",
    re.IGNORECASE,
)  # the country, its institutions, prisons and states that exist nowhere else


def _richer(first: Claim, again: Claim) -> Claim:
    """The same figure said twice: keep the first, completed by what the repeat says more precisely."""
    return replace(
        first,
        qualifier=first.qualifier if first.qualifier != "exact" else again.qualifier,
        since=first.since or again.since,
    )


def _merge_restatements(claims: list[Claim]) -> list[Claim]:
    """One figure said twice is one claim: an unattributed repeat of an attributed figure, or a
    national repeat of a figure already given for a place or group, is dropped."""
    attributed = {(c.metric, c.value) for c in claims if c.org != "media"}
    narrowed = {(c.metric, c.value, c.org) for c in claims if not c.is_headline}
    out = []
    for c in claims:
        if c.org == "media" and (c.metric, c.value) in attributed:
            continue
        if c.is_headline and (c.metric, c.value, c.org) in narrowed:
            continue
        out.append(c)
    return out


def _period(dates: list[DateMention]) -> tuple[DateMention | None, DateMention | None]:
    """The last range these dates spell out: its start (or "since" date) and its end."""
    end = next((d for d in reversed(dates) if d.role == "range_end"), None)
    if end is None:
        return None, None
    start = next((d for d in reversed(dates) if d.role in ("range_start", "since") and d.start < end.start), None)
    return start, end


def _key(c: Claim) -> tuple:
    return (c.metric, c.value, c.org, c.group, c.scope)


@dataclass
class _Ledger:
    """A document's claims so far, one per (metric, value, org, group, scope), and what is known of each."""

    claims: list[Claim] = field(default_factory=list)
    seen: dict[tuple, int] = field(default_factory=dict)
    assumed: set[int] = field(default_factory=set)  # dated by the report or publication, not by the text
    restated: set[int] = field(default_factory=set)  # given again later in the text

    def add(self, claim: Claim, assumed_date: bool = False) -> None:
        """A new claim, or a repeat that completes the first ("#19Feb Son 237" dates a figure given undated)."""
        first = self.seen.get(_key(claim))
        if first is None:
            self.seen[_key(claim)] = len(self.claims)
            if assumed_date:
                self.assumed.add(len(self.claims))
            self.claims.append(claim)
            return
        kept = _richer(self.claims[first], claim)
        if first in self.assumed and not assumed_date:
            kept = replace(kept, as_of=claim.as_of, since=kept.since or claim.since)
            self.assumed.discard(first)
        self.claims[first] = kept
        self.restated.add(first)

    def attribute(self, indices: list[int], unattributed: set[str], org: str) -> None:
        """Give these claims, where nobody claims them yet, to `org`."""
        for i in indices:
            if self.claims[i].org in unattributed:
                self.claims[i] = replace(self.claims[i], org=org)
        self.seen = {_key(c): i for i, c in enumerate(self.claims)}

    def redate(self, indices: list[int], since: str | None, as_of: str | None) -> None:
        """The period these claims count ("the figures cover the period from July 28 to August 8")."""
        for i in dict.fromkeys(indices):
            start = self.claims[i].since or (since if self.claims[i].metric in FLOWS else None)
            self.claims[i] = replace(self.claims[i], as_of=as_of, since=start)
            self.assumed.discard(i)


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    paragraph = 0
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            out.append(_Sentence(pos, m.start(), paragraph))
        if "\n" in m.group(0):
            paragraph += 1
        pos = m.end()
    if pos < len(text):
        out.append(_Sentence(pos, len(text), paragraph))
    return out


def normalize(text: str) -> str:
    """NFKC (Unicode bold letters in posts become plain), unified spaces and apostrophes."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2019", "'").replace("\r", "")


def extract_claims(
    text: str, lang: str | None = None, published: str | None = None, url: str | None = None
) -> list[Claim]:
    """All count claims in a document, deduplicated, in text order. `url`, when known, tells whose site
    the document is on: what Foro Penal's own site says without attribution is Foro Penal's. A text without
    `published` is taken as written before today: "sábado 23 de febrero" is the last such Saturday."""
    text = normalize(text)
    code = lang if lang in LANGUAGES else detect_language(text)
    if not _VENEZUELA.search(text):
        return []
    return _Extraction(engine(code), _focus(text), published, publisher_org(url)).run()


LONG_TEXT = 8_000  # characters; longer documents are read paragraph by paragraph where it matters
_WORTH_READING = re.compile(
    r"\d|preso|prison|detenid|detain|arrest|excarcel|liberad|libertad|released|freed|"
    r"desaparec|disappear|cautelar|foro penal|penal forum",
    re.IGNORECASE,
)


def _focus(text: str) -> str:
    """A long page (menus, comments, unrelated stories) reduced to the paragraphs that can hold a count, each
    with the paragraph before it (attributions often sit there), plus the opening ones (title, date line).
    The paragraphs are kept verbatim and in order, so evidence stays a quote of the page."""
    if len(text) <= LONG_TEXT:
        return text
    paragraphs = text.split("\n")
    keep = set(range(min(3, len(paragraphs))))
    for i, p in enumerate(paragraphs):
        if _POLITICAL.search(p) or (_WORTH_READING.search(p) and re.search(r"\d", p)):
            keep.update((i - 1, i))
    return "\n".join(paragraphs[i] for i in sorted(keep) if 0 <= i < len(paragraphs))


class _Extraction:
    """State of one document's extraction: cues, dates, the last speaker and the last claim."""

    def __init__(
        self, language: LanguageEngine, text: str, published: str | None, publisher: str | None = None
    ) -> None:
        self.e = language
        self.publisher = publisher  # whose site this is (None: the press)
        self.text = text
        self.pub_date, self.pub_text = parse_published(published)
        self.all_cues = language.cues(text)
        self.sentences = _sentences(text)
        self.dates = language.dates.find(text, self.pub_date, month_end(self.pub_text))
        # an undated text: the latest day it writes out in full stands in for the publication date
        self.doc_date = None if published else language.dates.document_date(text, self.dates)
        self.numbers = language.numbers.find(text)
        self.last_org: str | None = None
        self.last_claim: Claim | None = None
        self.last_claim_sentence = -10
        self.last_held_sentence = -10  # the last sentence with a count of political prisoners
        self.sentence_claims: list[Claim] = []  # the claims of the sentence being read
        self.speech: tuple[int, str] | None = None  # (sentence, day) of the last dated speech
        self.assumed_date = False  # the last claim's as_of is the report's or publication's, not its own
        self.date_parts: dict[int, bool] = {}  # number start -> part of a date or time (asked very often)
        self.last_claim_end = 0
        self.verb_distance = 0
        self.distributed: list[Claim] = []
        self.basis: str | None = None
        self.figure_group: str | None = None
        self.values_seen: set[int] = set()
        self.header: tuple[str | None, str | None] | None = None  # (org, as_of) of a "...:" line above a list

    def _drop_generic_orgs(self) -> None:
        """ "la ONG Foro Penal", "the NGO Foro Penal": a generic word right before a name is not a second org."""
        orgs = [c for c in self.all_cues if c.kind == "org"]
        generic = set()
        for a, b in zip(orgs, orgs[1:], strict=False):
            gap = self.text[a.end : b.start]
            if a.value != b.value and len(gap.split()) <= 2 and not re.search(r"[.,;:]|\band\b|\by\b", gap):
                generic.add(a)
        self.all_cues = [c for c in self.all_cues if c not in generic]

    def run(self) -> list[Claim]:
        self._drop_generic_orgs()
        ledger = _Ledger()
        self.report_date = self._find_report_date()
        unattributed = {"media", self.publisher or "media"}
        previous: list[int] = []  # claims added by the sentence before
        recent: list[int] = []  # claims of the last sentences that gave any
        first_line = self.text.lstrip().split("\n", 1)[0].strip()
        titled = "\n" in self.text.strip() and len(first_line) <= 200 and not first_line.endswith((".", "!", "?"))
        title_claims: list[int] = []
        lead_org: str | None = None
        for index, sentence in enumerate(self.sentences):
            cues = [c for c in self.all_cues if sentence.start <= c.start and c.end <= sentence.end]
            if any(c.kind == "foreign" for c in cues):
                self._remember_org(cues)
                previous = []
                continue
            source = self._trailing_attribution(sentence, cues)
            if source is not None and previous:  # "... 59 presos políticos. Según reveló la ONG Foro Penal."
                ledger.attribute(previous, unattributed, source)
            before_count = len(ledger.claims)
            self._read_sentence(index, sentence, cues, ledger)
            added = list(range(before_count, len(ledger.claims)))
            period = self._figures_period(sentence)
            if period is not None:
                # "The figures ... cover the period from July 28 to August 8.": the figures just given, and any
                # flow the report gave without a date of its own ("el balance incluye ... hasta el 10 de agosto")
                undated = sorted(i for i in ledger.assumed if i < before_count and ledger.claims[i].metric in FLOWS)
                ledger.redate((recent if not added else []) + undated, *period)
            recent = (previous + added)[-12:] if added else recent
            previous = added
            self._remember_speech(index, sentence, cues)
            if sentence.paragraph == 0 and titled:
                title_claims += added
            elif sentence.paragraph <= 2 and lead_org is None:
                lead_org = next((ledger.claims[i].org for i in added if ledger.claims[i].org not in unattributed), None)
            self._remember_org(cues)
        if lead_org is not None:
            # a headline's figure, repeated in the body, is the source's that its lead names ("... reveló su balance")
            ledger.attribute([i for i in title_claims if i in ledger.restated], unattributed, lead_org)
        return _merge_restatements(ledger.claims)

    def _read_sentence(self, index: int, sentence: _Sentence, cues: list[Cue], ledger: _Ledger) -> None:
        """The claims of every number of one sentence, into the ledger."""
        self.sentence_claims = []
        numbers = [n for n in self.numbers if sentence.start <= n.start and n.end <= sentence.end]
        self._update_header(sentence, cues, numbers)
        for number in numbers:
            claim = self._claim(number, sentence, index, cues, numbers)
            if claim is None:
                continue
            for extra in self.distributed[1:]:
                if _key(extra) not in ledger.seen:
                    ledger.add(extra)
            self.last_claim, self.last_claim_sentence, self.last_claim_end = claim, index, number.end
            self.sentence_claims.append(claim)
            if claim.metric == "political_prisoners":
                self.last_held_sentence = index
            self.values_seen.add(claim.value)
            ledger.add(claim, self.assumed_date)

    def _figures_period(self, s: _Sentence) -> tuple[str | None, str | None] | None:
        """A sentence about the figures just given ("Las cifras cubren del 28 de julio al 8 de agosto"): the
        period they count, as (since, as_of)."""
        if not _FIGURES_WORD.search(self.text[s.start : s.end]):
            return None
        start, end = _period([d for d in self.dates if s.start <= d.start < s.end])
        if end is None or start is None or end.precision == "year":
            return None  # "the report on detentions between 2018 and 2023" is what it studied, not a count's date
        return start.first_day, end.last_day

    def _remember_speech(self, index: int, s: _Sentence, cues: list[Cue]) -> None:
        """A dated speech ("El pasado 22 de marzo, Himiob dijo que ..."): its day dates the quote that follows."""
        if not any(c.kind == "reporting" for c in cues):
            return
        days = [
            d for d in self.dates if s.start <= d.start < s.end and d.precision == "day" and d.role in ("bare", "as_of")
        ]
        if days and days[0].value:
            self.speech = (index, days[0].value)

    def _trailing_attribution(self, s: _Sentence, cues: list[Cue]) -> str | None:
        """ "... 59 ciudadanos son considerados presos políticos. Según reveló este lunes la ONG Foro Penal.":
        a short sentence that opens with an attribution and names a source, after unattributed figures."""
        text = self.text[s.start : s.end]
        if len(text) > 160 or any(s.start <= n.start < s.end for n in self.numbers if not self._inside_date(n)):
            return None
        lead = len(text) - len(text.lstrip(" \t\n\"'«“—-"))
        opens = any(c.kind == "reporting" and c.start - s.start <= lead + 1 for c in cues)
        orgs = [c for c in cues if c.kind == "org" and c.value]
        return orgs[0].value if opens and orgs else None

    def _update_header(self, s: _Sentence, cues: list[Cue], numbers: list[NumberMention]) -> None:
        """A line ending with a colon ("Balance de Foro Penal al 19 de mayo:") heads the list below it."""
        line = self.text[s.start : s.end].rstrip()
        if line.endswith(":") and all(self._inside_date(n) for n in numbers):
            orgs = [c.value for c in cues if c.kind == "org"]
            dates = [d for d in self.dates if s.start <= d.start and d.end <= s.end and d.role in ("as_of", "bare")]
            self.header = (orgs[0] if orgs else self.last_org, dates[0].value if dates else None)
        elif not _LIST_ITEM.match(line):
            self.header = None

    def _remember_org(self, cues: list[Cue]) -> None:
        orgs = [c for c in cues if c.kind == "org"]
        if orgs:
            self.last_org = orgs[-1].value

    # -- one number ---------------------------------------------------------------------------
    def _claim(
        self, n: NumberMention, s: _Sentence, index: int, cues: list[Cue], numbers: list[NumberMention]
    ) -> Claim | None:
        text = self.text
        before = text[s.start : n.start]
        after = text[n.end : s.end]
        if self._not_a_count(n, before, after):
            return None
        if any(c.kind == "place" and c.start <= n.start and n.end <= c.end for c in cues):
            return None  # "Zona 7", "Yare 3": part of a prison's name
        if n.value == 1 and n.kind != "digits" and (_GENERIC_ONE_AFTER.match(after) or _GOAL_BEFORE.search(before)):
            return None  # "una persona que queda con medidas...", "para soltar a una persona": anyone, not a count
        if n.value in self.values_seen and _DEFINITE_BEFORE.search(before[-8:]):
            return None
        if any(c.kind == "event" and 0 <= c.start - n.end <= 30 and self._ended(c) for c in cues):
            return None  # "y a 5.383 que tenían medidas cautelares": people whose measures are over
        if _SHARE_AFTER.search(after[:160]):
            return None  # "39 detenidas en redadas, lo que representa el 32 % de los casos": a part of a total
        if _REFERENCE_BEFORE.search(before[-25:]) and n.value in self.values_seen:
            return None  # "125 of the 281 detainees": 281 is a figure already given
        # "el sábado 31 a 40": 31 is a day; "un total de 259": "un" is an article; neither bounds the number
        counts = [m for m in numbers if not self._inside_date(m) and not (m.value == 1 and m.kind != "digits")]
        words = _FEW_WORDS.match(text, n.end)
        aside = _ASIDE.match(text, words.end() if words else n.end)
        skip_to = aside.end() if aside else n.start  # "119 persone, di cui 11 adolescenti, sono state arrestate"
        next_number = min((m.start for m in counts if m.start > skip_to), default=s.end)
        prev_number = max((m.end for m in counts if m.end <= n.start), default=s.start)
        noun = self._noun_after(n, cues, next_number)
        label = self._label_before(n, cues) or self._colon_topic(n, cues, s.start)
        group = self._group(n, cues, noun, label, next_number)
        if group is None and _PART_OF_TOTAL_BEFORE.search(before[-80:]):
            return None  # "del total de las aprehensiones, 1.673 se hicieron tras...": a part, not a breakdown
        metric, basis = self._metric(n, cues, noun, label, group, before, index, prev_number, next_number)
        if metric is None and self._in_list(n, group, before, cues, index):
            metric, basis = (self.last_claim.metric if self.last_claim else None), "list"
        last = self.last_claim
        if metric is None and last is not None and index == self.last_claim_sentence and _OUT_OF_BEFORE.search(before):
            metric, basis = last.metric, "list"  # "held 777 political prisoners ... out of the 863 confirmed"
        if metric is None and _PRONOUN_COPULA.fullmatch(before) and index > 0:
            # "... tous les prisonniers politiques. Ils sont 268, selon des ONG.": they, named just before
            prev = self.sentences[index - 1]
            named = [c for c in self.all_cues if c.kind == "event" and prev.start <= c.start < prev.end]
            metric, basis = (named[-1].value, "noun") if named else (None, None)
        if metric is None:
            return None
        if basis in ("figure", "list") and group is None and self._own_noun_after(n):
            return None  # "entre los que 1.748 son adultos": a subset the schema has no group for
        if basis == "figure" and group is None:
            group = self.figure_group
        self.basis = basis
        if (
            basis in ("noun", "list")
            and noun is not None
            and noun.kind == "person"
            and noun.value is None
            and (
                _COPULA_BEFORE_NOUN.fullmatch(self.text[n.end : noun.start])
                and not _GENERIC_PEOPLE.fullmatch(self.text[noun.start : noun.end])
            )
        ):
            return None  # "47 são estudantes": a subset by occupation, not a count of ours
        if group is None and (_SUBSET_AFTER.match(after) or self._after_subset_marker(n, cues)):
            return None  # "six of the detainees...", "including nine cases": a part that is not a group
        inherited = basis in ("figure", "list")
        if n.value == 1 and basis not in ("noun", "label", "group", "list"):
            return None
        if metric == "political_prisoners" and not self._political_context(s, index, group):
            return None
        place = self._scope(n, cues, prev_number, next_number)
        if n.value == 1 and basis == "list" and place is None:
            return None  # "un total", "uno menos": a lone "one" continues a list only with its place
        scope = self._place_names(place, cues, n) if place else None
        if inherited and self.last_claim is not None:  # a list item keeps what it does not say itself
            scope = scope or self.last_claim.scope
            if basis == "list" and index == self.last_claim_sentence:
                group = group or self.last_claim.group
        qualifier = self._qualifier(n, before)
        org = self._org(n, s, cues, group, scope, inherited, index, metric)
        as_of, since = self._dates(n, s, metric, inherited, group is not None or scope is not None)
        evidence = self._evidence(n, s)
        claim = Claim(metric, n.value, qualifier, org, group, scope, as_of, since, evidence)
        self.distributed = self._distribute(claim, place, n, cues) if place else [claim]
        return self.distributed[0]

    def _after_subset_marker(self, n: NumberMention, cues: list[Cue]) -> bool:
        return any(c.kind == "subset" and 0 <= n.start - c.end <= 3 for c in cues)

    def _political_context(self, s: _Sentence, index: int, group: str | None) -> bool:
        """The sentence, or one of the three before it, speaks of political detention, or it continues a
        breakdown of political prisoners (a long one, one group per line)."""
        last = self.last_claim
        if group is not None and last is not None and last.metric == "political_prisoners":
            if index - self.last_claim_sentence <= 1:
                return True
        start = self.sentences[max(0, index - 3)].start
        return bool(_POLITICAL.search(self.text[start : s.end]))

    def _not_a_count(self, n: NumberMention, before: str, after: str) -> bool:
        if re.match(r"^\s*\(\s*\d+(?:[.,]\d+)?\s*%\s*\)", after):
            return True  # "63 (52 %)": a share of a total, not a figure of its own
        ranged = re.match(r"^\s*(?:\w{1,3}|[-–])\s*\d[\d.,]*", after)
        if ranged and self.e.unit_re.match(after[ranged.end() :]):
            return True  # "entre 17 e 22 anos": the unit after the range applies to both ends
        if n.value <= 31 and _DAY_ARTICLE.search(before[-6:]) and not re.match(r"^\s*[^\W\d]", after):
            return True
        if n.value <= 31 and _SINGULAR_ARTICLE.search(before[-4:]) and not re.match(r"^\s*%", after):
            return True  # "el 31 salieron otros 92": a singular article before a day number makes it a date
        if n.kind == "digits":
            raw = self.text[n.start : n.end]
            if re.fullmatch(r"(?:19|20)\d{2}", raw) and not self.e.unit_re.match(after):
                # a year, unless a person noun follows right away ("2200 personas")
                following = [c for c in self.all_cues if c.start >= n.end and c.start - n.end <= 2]
                if not any(c.kind in ("event", "person", "group") for c in following):
                    return True
            if _AGE_AFTER_NAME.search(before[-30:]) and re.match(r"^\s*[,)]", after):
                return True
        if self.e.unit_re.match(after):
            return True
        if _NOT_COUNT_BEFORE.search(before[-20:]):
            return True
        if self._inside_date(n):
            return True
        return bool(re.match(r"^\s*(?:[-–]\s*\d|h\b|:\d|am\b|pm\b)", after, re.IGNORECASE))

    def _inside_date(self, n: NumberMention) -> bool:
        """Part of a date, or a time of day ("hasta las 10.00 horas del 10 de agosto"): no count."""
        known = self.date_parts.get(n.start)
        if known is None:
            known = self.date_parts[n.start] = self._date_part(n)
        return known

    def _date_part(self, n: NumberMention) -> bool:
        if any(d.start <= n.start and n.end <= d.end for d in self.dates):
            return True
        return bool(_TIME_OF_DAY.fullmatch(self.text[n.start : n.end])) and bool(
            _TIME_UNIT.match(self.text, n.end)
            or re.search(r"\b(?:las|a las|at|às|alle)\s+$", self.text[: n.start][-8:])
        )

    def _noun_after(self, n: NumberMention, cues: list[Cue], limit: int) -> Cue | None:
        """The first event, person or group noun after the number, with only filler words between;
        past a plain "people" to what they are ("250 people are political prisoners")."""
        found: Cue | None = None
        start = n.end
        for c in cues:
            if c.start < start or c.start >= limit or c.kind not in ("event", "person", "group"):
                continue
            gap = self.text[start : c.start]
            if len(gap) > 40 or not _FILLER.match(gap) or (c.start == n.end and self.text[c.start].isupper()):
                break  # (a capital glued to the digits starts the next line: "24Civiles: 197")
            found, start = c, c.end
            if not (c.kind == "person" and c.value is None):
                break
        return found

    def _colon_topic(self, n: NumberMention, cues: list[Cue], s_start: int) -> Cue | None:
        """ "las excarcelaciones fueron estas: 150 en diciembre": the number opens a list after a colon."""
        colon = self.text.rfind(":", s_start, n.start)
        if colon == -1 or self.text[colon + 1 : n.start].strip():
            return None
        events = [c for c in cues if c.kind == "event" and s_start <= c.start and c.end <= colon]
        return events[-1] if events else None

    def _label_before(self, n: NumberMention, cues: list[Cue]) -> Cue | None:
        """ "Excarcelaciones: 7", "Hombres: 808": a noun then a colon right before the number."""
        for c in reversed(cues):
            if c.end <= n.start and c.kind in ("event", "person", "group", "verb"):
                if c.kind == "verb" and _COPULA.fullmatch(self.text[c.start : c.end]):
                    continue  # "i prigionieri politici erano più di 900": the copula is part of the gap
                if self.e.label_re.match(self.text[c.end : n.start]):
                    return c
                return None
        return None

    def _group(self, n: NumberMention, cues: list[Cue], noun: Cue | None, label: Cue | None, limit: int) -> str | None:
        for c in (noun, label):
            if c is not None and c.kind == "group":
                if c is noun and self._everyone(c, cues):
                    return None  # "2.200 hombres, mujeres, niños y niñas": everyone, a total
                return c.value
        if noun is not None:
            # "40 military officers", "60 members of the military": a group right after the noun
            for c in cues:
                if c.kind == "group" and noun.end <= c.start < limit and c.start - noun.end <= 20:
                    gap = self.text[noun.end : c.start]
                    if re.fullmatch(r"[\s\w]*", gap) and len(gap.split()) <= 3 and "," not in gap:
                        return c.value
        # "364 son hombres", "268 de los presos son civiles", "eight of the individuals are members of the
        # armed forces": a group after a copula
        for c in cues:
            if c.kind == "group" and n.end <= c.start < limit and c.start - n.end <= 50:
                if _COPULA_GROUP.fullmatch(self.text[n.end : c.start]):
                    return c.value
        return None

    def _everyone(self, first: Cue, cues: list[Cue]) -> bool:
        """Groups listed one after another that are not one breakdown: men and women (and children)."""
        listed = {first.value}
        end = first.end
        for c in sorted((c for c in cues if c.kind == "group" and c.start >= first.end), key=lambda c: c.start):
            if not re.fullmatch(r"\s*(?:,|y|e|and|et|o|or)\s*(?:,|y|e|and|et)?\s*", self.text[end : c.start]):
                break
            listed.add(c.value)
            end = c.end
        return {"men", "women"} <= listed

    def _metric(
        self,
        n: NumberMention,
        cues: list[Cue],
        noun: Cue | None,
        label: Cue | None,
        group: str | None,
        before: str,
        index: int,
        lo: int,
        hi: int,
    ) -> tuple[str | None, str | None]:
        """The metric and what it rests on: "noun", "label", "group", "figure" (inherited from the
        figure a "la cifra" refers to), "amount" ("cifró en N ..."), "verb" (nothing but a verb)."""
        head = next((c for c in (noun, label) if c is not None and c.kind != "group"), None)
        if head is not None and head.kind == "verb":
            head = Cue(head.start, head.end, "event", _VERB_METRIC.get(head.value or ""))
        verb = self._nearest_verb(n, cues, lo, hi, exclude=head)
        metric: str | None
        if head is not None:
            basis = "noun" if head is noun else "label"
            if head.value not in (None, "political_prisoners", "detentions"):
                metric = head.value
            elif verb is not None and self._verb_overrides(n, verb):
                metric = _VERB_METRIC.get(verb.value or "")
            elif head.value is None:
                # "ten people began a hunger strike": people, but no count of ours, unless the sentence
                # names the figure ("elevó esta cifra a 2200 personas")
                metric = self._figure_metric(n, cues, before, index) or self._amount_metric(n, cues, before)
                if metric is None and verb is not None and verb.start > n.end and self._predicate_after(n, verb):
                    metric = _VERB_METRIC.get(verb.value or "")  # "119 persone, di cui 11..., sono state arrestate"
            else:
                metric = head.value
        elif group is not None:
            basis = "group"
            metric = self._figure_metric(n, cues, before, index)
            governed = verb is not None and self.verb_distance <= 15
            continues = self.last_claim is not None and index - self.last_claim_sentence <= 1
            if metric is None and continues and not governed and self.last_claim is not None:
                metric = self.last_claim.metric  # "249 presos são homens, 15 são mulheres"
            if metric is None and verb is not None and self._verb_overrides(n, verb):
                metric = _VERB_METRIC.get(verb.value or "")
        elif (figure := self._figure_metric(n, cues, before, index)) is not None:
            basis, metric = "figure", figure
        else:
            basis, metric = "amount", self._amount_metric(n, cues, before)
            if metric is None and verb is not None and self._predicate_after(n, verb):
                basis, metric = "verb", _VERB_METRIC.get(verb.value or "")
        if metric == "releases" and self._future_near(n, cues, lo, hi):
            metric = "releases_announced"
        if metric == "detentions" and self._detainees_held(n, group, verb, index, lo, hi):
            metric = "political_prisoners"
        return metric, (basis if metric else None)

    def _dated(self, n: NumberMention, lo: int, hi: int) -> bool:
        """A start date or period stands in the number's stretch of the sentence (arrests since, in 2022...)."""
        return any(lo <= d.start < hi and d.role in ("since", "range_start") for d in self.dates)

    def _detainees_held(
        self, n: NumberMention, group: str | None, verb: Cue | None, index: int, lo: int, hi: int
    ) -> bool:
        """Detainees counted as a stock, not as arrests: "el total de los detenidos", or detainees broken down by
        group next to a count of political prisoners ("895 presos políticos ... 72 detenidos tienen doble
        nacionalidad"); never with a start date or an arrest or release that governs the number."""
        if self._dated(n, lo, hi):
            return False
        if _TOTAL_DETAINEES.search(self.text[max(lo, n.start - 40) : min(hi, n.end + 50)]):
            return True
        governed = verb is not None and verb.value in ("arrest", "release") and self.verb_distance <= 40
        return group is not None and index - self.last_held_sentence <= 6 and not governed

    def _verb_overrides(self, n: NumberMention, verb: Cue) -> bool:
        """A verb changes what "N presos políticos" counts only when it is attached to the number."""
        return self.verb_distance <= 40

    def _predicate_after(self, n: NumberMention, verb: Cue) -> bool:
        """ "80 were let go", "otros 92 salieron": the verb is the number's own predicate."""
        if verb.end <= n.start:  # "liberó a 90", "d'en libérer 80": the verb governs the number
            return verb.value in ("release", "arrest") and bool(
                re.fullmatch(r"\s*(?:a|à|d'en|de)?\s*", self.text[verb.end : n.start])
            )
        gap = self.text[n.end : verb.start]
        # "2.200 hombres, mujeres, niños y niñas fueron detenidos": the people named, then the predicate
        people = [
            c for c in self.all_cues if c.kind in ("group", "person") and n.end <= c.start and c.end <= verb.start
        ]
        for c in sorted(people, key=lambda c: c.start, reverse=True):
            gap = gap[: c.start - n.end] + " " + gap[c.end - n.end :]
        gap = _ASIDE.sub(" ", gap)  # "119 persone, di cui 11 adolescenti, sono state arrestate"
        return bool(_AUX_ONLY.fullmatch(re.sub(rf"\s*(?:,|\b(?:{_AND})\b)\s*", " ", gap)))

    def _figure_metric(self, n: NumberMention, cues: list[Cue], before: str, index: int) -> str | None:
        """ "la cifra de excarcelados subió a N", "the number of people released had gone up to N": the
        metric named after the figure word; a bare "la cifra", "otros N" takes the last claim's metric."""
        m = _FIGURE_WORDS.search(before[-70:])
        if m is None:
            return None
        start = n.start - len(before[-70:]) + m.end()
        self.figure_group = next(
            (c.value for c in cues if c.kind == "group" and start <= c.start < n.start and c.start - start <= 40), None
        )
        fig_start = n.start - len(before[-70:]) + m.start()
        named = [
            c for c in cues if start <= c.start < n.start and c.start - start <= 40 and c.kind in ("event", "verb")
        ] or [c for c in cues if c.kind == "verb" and 0 <= fig_start - c.end <= 3]  # "se han arrestado un total de"
        if named:
            c = named[0]
            return c.value if c.kind == "event" else _VERB_METRIC.get(c.value or "")
        recent = self.last_claim is not None and index - self.last_claim_sentence <= 2
        return self.last_claim.metric if recent and self.last_claim else None

    def _future_near(self, n: NumberMention, cues: list[Cue], lo: int, hi: int) -> bool:
        """A promise in the number's own clause: "prometió liberar a 90", "80 prisoners would be freed"."""
        for c in cues:
            if c.kind != "future" or c.start < lo or c.end > hi + 40:
                continue
            if c.end <= n.start:
                gap = self.text[c.end : n.start]
                if len(gap) <= 60 and not _CLAUSE_BREAK.search(gap):
                    return True
            elif c.start - n.end <= 60 and not _CLAUSE_BREAK.search(self.text[n.end : c.start]):
                return True
        return False

    def _nearest_verb(self, n: NumberMention, cues: list[Cue], lo: int, hi: int, exclude: Cue | None) -> Cue | None:
        best: tuple[int, Cue] | None = None
        for c in cues:
            if c is exclude or c.start < lo or c.end > hi:
                continue
            if exclude is not None and c.start < exclude.end and exclude.start < c.end:
                continue  # "detidos" is the noun here, not also a verb
            if c.kind == "verb":
                kind = c.value
            elif c.kind == "event" and c.value not in ("political_prisoners",):
                kind = {
                    "releases": "release",
                    "detentions": "arrest",
                    "disappeared": "disappear",
                    "restricted_liberty": "restrict",
                }.get(c.value or "")
            else:
                continue
            if kind is None:
                continue
            if c.end <= n.start and self._previous_counts_verb(c, n, lo):
                continue  # "68 están desaparecidas y 72 detenidos": the verb is the previous number's
            distance = n.start - c.end if c.end <= n.start else c.start - n.end
            if distance > 90:
                continue
            if kind == "restrict" and self._ended(c):
                continue  # "5.383 que tenían medidas cautelares": a state that has ended
            if kind in ("restrict", "disappear") and c.start >= n.end:
                if _STATE_CLAUSE_BREAK.search(self.text[n.end : c.start]):
                    continue  # "80 excarcelados, ninguno ha sido exonerado de medidas": another clause's state
                distance -= 100  # "N presos ... siguen desaparecidos": the state outranks "siguen"
            elif (
                kind != "hold"
                and c.kind == "verb"
                and _PREDICATE_BEFORE.search(self.text[max(0, c.start - 20) : c.start])
            ):
                distance -= 40
            if best is None or distance < best[0]:
                best = (distance, Cue(c.start, c.end, "verb", kind))
        if best is None:
            return None
        self.verb_distance = best[0]
        return best[1]

    def _previous_counts_verb(self, c: Cue, n: NumberMention, lo: int) -> bool:
        """The verb follows the previous count of the sentence, closer to it than to this number, and a comma
        or a conjunction starts this number's item ("249 presos são homens, 15 são mulheres")."""
        before = [m for m in self.numbers if lo - 1 <= m.end <= c.start and not self._inside_date(m)]
        if not before:
            return False
        gap = self.text[c.end : n.start]
        right_after = bool(_NEXT_ITEM.match(gap))  # "68 desaparecidas y 72"
        if not right_after and not _NEXT_ITEM_LATER.search(gap):
            return False
        return any(right_after or c.start - m.end < n.start - c.end for m in before)

    def _ended(self, c: Cue) -> bool:
        """Restrictive measures someone had ("que tenían medidas cautelares"): a state that is over."""
        return c.value in ("restricted_liberty", "restrict") and bool(
            _HAD_BEFORE.search(self.text[max(0, c.start - 16) : c.start])
        )

    def _amount_metric(self, n: NumberMention, cues: list[Cue], before: str) -> str | None:
        """ "cifró en 237 el número de privados", "rose to 48": the metric noun sits around an amount verb."""
        if not _AMOUNT_BEFORE.search(before[-40:]):
            return None
        window = [
            c
            for c in cues
            if c.kind == "event" and abs(c.start - n.start) <= 60 and not self._ended(c)  # "que tenían medidas"
        ]
        after = [c for c in window if c.start >= n.end and c.start - n.end <= 40]
        if after:
            return after[0].value
        if not window:
            return None
        return min(window, key=lambda c: abs(c.start - n.start)).value

    def _in_list(self, n: NumberMention, group: str | None, before: str, cues: list[Cue], index: int) -> bool:
        """A number that continues a list after a claim: a group ("y 87 mujeres"), a place ("Carabobo,
        con 194", "Guárico (8)"), or the next item of an enumeration ("160 en 2024; 99 en Navidad")."""
        if self.last_claim is None or index - self.last_claim_sentence > 2:
            return False
        if group is not None:
            return True
        tail = before[-40:]
        place_before = any(c.kind == "place" and 0 <= n.start - c.end <= 12 for c in cues)
        if place_before and re.search(r"(?:,?\s*(?:con|with|com)\s*|\s*\(\s*|\s*:\s*)$", tail):
            return True
        if self._own_noun_after(n):
            return False  # "14 indígenas": another subset, not the next item of the list
        label = re.search(r"([^\W\d][^\n:]{0,30}):\s*$", before)
        if label:
            start = n.start - len(before) + label.start(1)
            end = n.start - len(before) + label.end(1)
            if not any(start <= c.start and c.end <= end for c in cues):
                return False  # "Con sentencia: 149": a label none of the tables knows is another kind of count
        if re.search(r":\s*$", before) and index - self.last_claim_sentence <= 2:
            return True  # "Según el Gobierno: 160 en diciembre; 99 en Navidad"
        if index == self.last_claim_sentence and 0 < n.start - self.last_claim_end <= 80:
            gap = self.text[self.last_claim_end : n.start]
            # "463 presos y desde diciembre de 2025 han sido 303": the date does not break the list
            for d in sorted(self.dates, key=lambda d: d.start, reverse=True):
                if self.last_claim_end <= d.start and d.end <= n.start:
                    gap = gap[: d.start - self.last_claim_end] + gap[d.end - self.last_claim_end :]
            return bool(re.search(rf"[,;:]\s*(?:\w+\s+){{0,4}}$|\b(?:{_AND})\s+(?:\w+\s+){{0,3}}$", gap))
        return False

    def _own_noun_after(self, n: NumberMention) -> bool:
        """The number is followed (past a copula) by a word of its own that none of the tables knows."""
        m = re.match(r"\s*(?:(?:son|are|were|são|sono|sont|is|es|se)\s+)?([^\W\d_]+)", self.text[n.end : n.end + 40])
        if m is None:
            return False
        word = m.group(1).lower()
        if word in _FUNCTION_WORDS or _PARTICIPLE.search(word):
            return False
        return not any(c.start == n.end + m.start(1) for c in self.all_cues)

    def _scope(self, n: NumberMention, cues: list[Cue], prev_number: int, next_number: int) -> Cue | None:
        """The place a count is limited to: "detenidas en Zulia", "Carabobo, con 194", "Rodeo II (Miranda) con 4"."""
        places = [c for c in cues if c.kind == "place"]
        for c in places:
            if n.end <= c.start < next_number and c.start - n.end <= 80:
                gap = self.text[n.end : c.start]
                if _PLACE_AFTER.search(gap) and not ("," in gap and len(gap) > 45):
                    return c
        candidates = [
            c
            for c in places
            if prev_number <= c.end <= n.start
            and n.start - c.end <= 45
            and (
                _PLACE_BEFORE.fullmatch(self.text[c.end : n.start])
                or (  # "en el Táchira se tiene un total de 259": the place leads the clause of the number
                    _PLACE_AFTER.search(self.text[max(0, c.start - 16) : c.start])
                    and not re.search(r"[,;:.()]", self.text[c.end : n.start])
                )
            )
        ]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (_PLACE_RANK.get(c.value or "", 3), n.start - c.end))

    def _place_names(self, place: Cue, cues: list[Cue], n: NumberMention) -> str:
        """ "arrested in Caracas and Barquisimeto": places joined after the number are one scope ("Caracas,
        Barquisimeto"), unless the count is given for each of them (see _distribute)."""
        names = [self.text[place.start : place.end]]
        if place.start < n.end or _EACH.match(self.text[n.end : n.end + 40]):
            return names[0]
        last = place
        for c in sorted((c for c in cues if c.kind == "place" and c.start >= place.end), key=lambda c: c.start):
            # only "and": "Villa Rosa, Porlamar" is a neighbourhood and its city, not two places
            if not re.fullmatch(rf"\s+(?:{_AND})\s+", self.text[last.end : c.start]):
                break
            names.append(self.text[c.start : c.end])
            last = c
        return ", ".join(names)

    def _distribute(self, claim: Claim, place: Cue, n: NumberMention, cues: list[Cue]) -> list[Claim]:
        """ "Lara, Monagas e Táchira (5 per ogni stato)": one claim per place listed before the number."""
        if not _EACH.match(self.text[n.end : n.end + 40]):
            return [claim]
        places = [c for c in cues if c.kind == "place" and c.end <= place.start]
        chain = [place]
        for c in reversed(places):
            if re.fullmatch(r"\s*(?:,|y|e|and|et)\s*", self.text[c.end : chain[-1].start]):
                chain.append(c)
            else:
                break
        return [replace(claim, scope=self.text[c.start : c.end]) for c in reversed(chain)]

    def _qualifier(self, n: NumberMention, before: str) -> str:
        m = self.e.qualifier_re.search(before[-30:].rstrip(" «“\"'"))  # "plus de « 12.000"
        if m:
            return self.e.qualifiers[m.group("q").lower()]
        return n.qualifier or "exact"

    def _org(
        self,
        n: NumberMention,
        s: _Sentence,
        cues: list[Cue],
        group: str | None,
        scope: str | None,
        inherited: bool,
        index: int,
        metric: str,
    ) -> str:
        named = [c for c in cues if c.kind == "org"]
        done = metric != "releases_announced"  # who promises a release speaks for it; who did one only acted
        orgs = [c for c in named if self._attributable(n, c) and not (done and self._actor(n, c, cues))]
        anaphora = any(c.kind == "anaphora" and c.end <= n.start for c in cues)
        if named and not orgs and not (anaphora and self.last_org):
            return "media"  # the sentence names someone, but for another clause, or as the one who acted
        if orgs:
            main = [c for c in orgs if not self._in_relative_clause(c, s)]
            orgs = main or orgs
            own = self._own_source(n, orgs, cues)
            if own is not None:
                return own.value or "media"
            subject = self._reporting_subject(n, orgs, cues)
            if subject is not None:
                return subject.value or "media"

            def rank(c: Cue) -> float:
                distance = n.start - c.end if c.end <= n.start else (c.start - n.end) * 1.3
                near_verb = any(
                    r.kind == "reporting" and min(abs(r.start - c.end), abs(c.start - r.end)) < 40 for r in cues
                )
                return distance - (60 if near_verb else 0)

            return min(orgs, key=rank).value or "media"
        recent = self.last_claim is not None and index - self.last_claim_sentence <= 1
        list_item = bool(_LIST_ITEM.match(self.text[s.start : s.end]))
        if list_item and self.header is not None and self.header[0]:
            return self.header[0]
        narrowed = group is not None or scope is not None or inherited or list_item
        if narrowed and recent and self.last_claim is not None:
            return self.last_claim.org
        if self._continues_the_last(n, s, index, metric):
            return self.last_claim.org  # type: ignore[union-attr]  # "... con 1,7 mil. Em 28 de julho, eram 199."
        after_quote = self._org_after_quote(n, s) or self._dialogue_speaker(n)
        if after_quote is not None:
            return after_quote
        speech = any(c.kind in ("reporting", "anaphora") for c in cues) or self._quoted(n, s)
        if speech and self.last_org:
            return self.last_org
        return self.publisher or "media"

    def _actor(self, n: NumberMention, org: Cue, cues: list[Cue]) -> bool:
        """ "The government released 44", "a ditadura prendeu 114": the subject of the release or arrest is
        who acted, not who counted; without a reporting verb the figure is the reporter's."""
        if org.end > n.start:
            return False
        for c in cues:  # "según el Gobierno, ...": the org is named as the source
            gap = self.text[c.end : org.start] if c.kind == "reporting" and c.end <= org.start else None
            if gap is not None and len(gap.split()) <= 2 and not re.search(r"[,;:.]", gap):
                return False
        if any(c.kind == "reporting" and org.end <= c.start < n.start for c in cues):
            return False
        return any(
            c.kind == "verb"
            and c.value in ("release", "arrest")
            and org.end <= c.start < n.start
            and c.start - org.end <= 40
            and not re.search(r"[,;:(]", self.text[org.end : c.start])
            for c in cues
        )

    def _continues_the_last(self, n: NumberMention, s: _Sentence, index: int, metric: str) -> bool:
        """A short sentence right after an attributed figure, giving the same measure at another date with no
        speaker of its own, continues that speaker's account."""
        last = self.last_claim
        if last is None or index - self.last_claim_sentence != 1 or last.metric != metric:
            return False
        if last.org in ("media", self.publisher) or s.end - s.start > 90:
            return False
        previous = self.sentences[index - 1]
        dated = any(s.start <= d.start < s.end and d.role in ("bare", "as_of") for d in self.dates)
        then = _PAST_COPULA.search(self.text[s.start : n.start])  # "Em 28 de julho, eram 199"
        return previous.paragraph == s.paragraph and bool(dated or then)

    def _own_source(self, n: NumberMention, orgs: list[Cue], cues: list[Cue]) -> Cue | None:
        """ "y de las 297 que registra la ONG Foro Penal", "300, según Provea": a source named right after the
        number, through a reporting verb, is the number's own (an organisation before it belongs elsewhere)."""
        for r in cues:
            if r.kind != "reporting" or r.start < n.end or r.start - n.end > 16:
                continue
            if re.search(r"[.;]", self.text[n.end : r.start]):
                continue
            return next((o for o in orgs if 0 <= o.start - r.end <= 12), None)
        return None

    def _reporting_subject(self, n: NumberMention, orgs: list[Cue], cues: list[Cue]) -> Cue | None:
        """ "Foro Penal, ..., cifró en 237", "while Delcy Rodríguez said some 80": the organisation whose
        reporting verb comes next, with no other organisation in between, speaks for the number."""
        verbs = [r for r in cues if r.kind == "reporting" and r.start < n.start]
        best: Cue | None = None
        for c in orgs:
            if c.end > n.start:
                continue
            verb = next((r for r in verbs if r.start >= c.end), None)
            if verb is None or any(o is not c and c.end <= o.start < verb.start for o in orgs):
                continue
            if _CLAUSE_BREAK.search(self.text[verb.end : n.start]):
                continue  # "X confirmó 56, mientras que otras fuentes ... 76": 76 is not X's
            # "las autoridades cometen ..., afirmó Amnistía": the name right after the verb is who speaks
            inverted = next((o for o in orgs if o is not c and 0 <= o.start - verb.end <= 6), None)
            best = inverted or c
        return best

    def _in_relative_clause(self, c: Cue, s: _Sentence) -> bool:
        """An organisation inside ", que ... ," or ", who ... ," describes someone; it does not speak."""
        for m in _RELATIVE.finditer(self.text, s.start, s.end):
            if m.start() <= c.start and c.end <= m.end():
                if m.group("article") is None:
                    return True
                # an apposition describes the name right before it ("Foro Penal, una ONG ..., afirma");
                # ", a rights group said ..." or ", el Foro Penal ha confirmado" is a clause of its own
                after_name = any(o.kind == "org" and 0 <= m.start() - o.end <= 1 for o in self.all_cues)
                speaks = any(r.kind == "reporting" and m.start() <= r.start < m.end() for r in self.all_cues)
                if after_name and not speaks:
                    return True
        return False

    def _attributable(self, n: NumberMention, org: Cue) -> bool:
        """An organisation after the number speaks for it only through an attribution phrase
        ("..., según Foro Penal", "..., Foro Penal said"); otherwise it is an actor of another clause."""
        if org.end <= n.start:
            return True
        lead = self.text[max(0, org.start - 40) : org.start]
        tail = self.text[org.end : org.end + 20]
        return bool(self.e.attribution_re.search(lead) or self.e.reported_re.match(tail))

    def _org_after_quote(self, n: NumberMention, s: _Sentence) -> str | None:
        """“..., N ...,” said Romero: a quote attributed after it closes."""
        if not self._quoted(n, s):
            return None
        close = min((i for i in (self.text.find(q, n.end) for q in '”»"') if i != -1), default=-1)
        if close == -1 or close - n.end > 400:
            return None
        for c in self.all_cues:
            if c.kind == "org" and close < c.start <= close + 80:
                # "», dijo Romero", "», según Foro Penal"; not "», sous le régime de Maduro"
                between = [r for r in self.all_cues if r.kind in ("reporting", "anaphora") and close < r.start < c.end]
                if between or self.e.reported_re.match(self.text[c.end : c.end + 20]):
                    return c.value
                return None
        return None

    def _dialogue_speaker(self, n: NumberMention) -> str | None:
        """ "– Hay 264 presos ... – dijo Himiob": a paragraph opened by a dash is speech; the speaker follows
        the closing dash and a reporting verb."""
        start = self.text.rfind("\n", 0, n.start) + 1
        if not re.match(r"\s*[–—-]\s", self.text[start : start + 4]):
            return None
        end = self.text.find("\n", n.end)
        end = len(self.text) if end == -1 else end
        close = re.search(r"\s[–—-]\s*(?=\w)", self.text[n.end : end])
        if close is None:
            return None
        tail_start = n.end + close.end()
        verbs = [c for c in self.all_cues if c.kind == "reporting" and tail_start <= c.start <= tail_start + 5]
        if not verbs:
            return None
        org = next((c for c in self.all_cues if c.kind in ("org",) and verbs[0].end <= c.start < end), None)
        if org is not None:
            return org.value
        return (
            self.last_org
            if any(c.kind == "anaphora" and verbs[0].end <= c.start < end for c in self.all_cues)
            else None
        )

    def _quoted(self, n: NumberMention, s: _Sentence) -> bool:
        """Inside a quotation: opened before the number in the sentence, or closed after it (a quote that
        began in an earlier sentence: "... Los presos políticos son 241”, indicó")."""
        before = self.text[s.start : n.start]
        opens = sum(before.count(q) for q in "“«")
        closes = sum(before.count(q) for q in "”»")
        if opens > closes or before.count('"') % 2 == 1:
            return True
        after = self.text[n.end : s.end]
        close = min((i for i in (after.find("”"), after.find("»")) if i != -1), default=-1)
        return close != -1 and not any(q in after[:close] for q in "“«")

    def _dates(
        self, n: NumberMention, s: _Sentence, metric: str, inherited: bool, narrowed: bool
    ) -> tuple[str | None, str | None]:
        """as_of and since from the dates of the sentence that belong to this number."""
        ds = [
            d
            for d in self.dates
            if s.start <= d.start
            and d.end <= s.end
            and self._owns(n, d)
            and not self._previous_items_date(d, n, s)
            and not self._next_items_date(d, n, s)
        ]
        flow = metric in FLOWS
        since = as_of = None

        def nearest(*roles: str) -> DateMention | None:
            pool = [d for d in ds if d.role in roles]
            return min(pool, key=lambda d: abs(d.start - n.start)) if pool else None

        d_since = nearest("since", "range_start")
        if d_since is not None:
            since = d_since.first_day
        d_end = nearest("as_of", "range_end")
        if d_end is not None:
            as_of = d_end.value if d_end.precision == "month" and d_end.role == "as_of" else d_end.last_day
            today = self.pub_date.isoformat() if self.pub_date else None
            if as_of and today and d_end.precision == "year" and as_of > today:
                as_of = self.report_date or today  # "entre 2017, 2018 y 2019", said in 2019: counted up to now
        bare = nearest("bare")
        # "15 más que la semana pasada, cuando se computaron 1.793": a time the text leaves open, not the report's
        vague = _VAGUE_PAST.search(self.text[max(s.start, n.start - 60) : n.start])
        if as_of is None and bare is not None and abs(bare.start - n.start) < 120 and not vague:
            as_of, since = self._bare_date(bare, flow, since)
        if as_of is None and not ds and _THAT_PERIOD.search(self.text[s.start : s.end]):
            since, as_of = self._previous_period(s)  # "cifró en 39 los arrestos en ese lapso"
        if as_of is None and not ds and self.header is not None and self.header[1]:
            as_of = self.header[1]
        if as_of is None and not ds and self.speech is not None and self._quoted(n, s):
            # "El pasado 22 de marzo, Himiob dijo ... “Los presos políticos son 241”": the day of the speech
            if self.sentences.index(s) - self.speech[0] <= 3:
                as_of = self.speech[1]
        self.assumed_date = False
        vague = vague or _VAGUE_PAST.search(self.text[n.end : min(s.end, n.end + 40)])
        vague = vague or _TOLL.search(self.text[max(s.start, n.start - 100) : min(s.end, n.end + 60)])
        if as_of is None and not self._past(ds) and not vague:
            as_of = self.report_date or self._published_as_of(metric)
            self.assumed_date = True  # no date of its own: the report's or the publication's
        same = self.last_claim is not None and self.last_claim.metric == metric
        if same and self.last_claim is not None and (inherited or narrowed) and not ds:
            as_of, since = self.last_claim.as_of, self.last_claim.since
            if _SUM_BEFORE.search(self.text[max(s.start, n.start - 30) : n.start]):
                # "102 el 24 ... y el 31 otros 92, para un total de 194": the sum runs from the first item
                starts = [c.since for c in self.sentence_claims if c.metric == metric and c.since]
                since = min(starts) if starts else since
        elif not ds and self._coordinated(n, s):
            # "Cerró el mes de marzo con 234 presos políticos y con 7210 personas bajo cautelares": one date
            as_of = self.last_claim.as_of  # type: ignore[union-attr]
        if metric in ("political_prisoners", "restricted_liberty"):
            since = None  # a stock has no start date
        return as_of, since

    def _previous_items_date(self, d: DateMention, n: NumberMention, s: _Sentence) -> bool:
        """ "88 en Año Nuevo de 2025 y 116 anunciadas este lunes": a date between the previous count and a
        separator (comma, semicolon, "y") before this number is the previous item's."""
        if d.end > n.start or d.role != "bare":
            return False
        gap = self.text[d.end : n.start]
        if not (_NEXT_ITEM.match(gap) or re.match(r"\s*[;,]", gap)):
            return False
        return any(
            s.start <= m.end <= d.start and d.start - m.end <= 40 and not self._inside_date(m) for m in self.numbers
        )

    def _coordinated(self, n: NumberMention, s: _Sentence) -> bool:
        """This number is the next item ("y con 7210", "and 90") after a dated claim of the same sentence."""
        last = self.last_claim
        if last is None or last.as_of is None or self.last_claim_end < s.start or self.last_claim_end > n.start:
            return False
        gap = self.text[self.last_claim_end : n.start]
        return len(gap) <= 80 and bool(re.search(rf"(?:\b(?:{_AND})\s+(?:con|with|com|avec)?\s*|,\s*)$", gap))

    def _next_items_date(self, d: DateMention, n: NumberMention, s: _Sentence) -> bool:
        """ "460 presos y desde diciembre de 2025 han sido 300": a date after a separator that leads the next
        count of the sentence is that count's."""
        gap = self.text[n.end : d.start]
        if d.start < n.end or not re.search(rf"(?:[,;]|\b(?:{_AND})\b)\s*(?:[^\W\d]+\s+){{0,2}}$", gap):
            return False
        return any(
            d.end <= m.start <= d.end + 40
            and m.start < s.end
            and not self._inside_date(m)
            and not (m.value == 1 and m.kind != "digits")
            for m in self.numbers
        )

    def _previous_period(self, s: _Sentence) -> tuple[str | None, str | None]:
        """The period ("entre el 16 de marzo y el 14 de abril") the sentence before spelled out: (since, as_of)."""
        start, end = _period([d for d in self.dates if d.end <= s.start and s.start - d.end <= 300])
        return (start.first_day if start else None), (end.last_day if end else None)

    def _bare_date(self, d: DateMention, flow: bool, since: str | None) -> tuple[str | None, str | None]:
        """A date with no preposition: the day of the event ("el lunes"), or the period counted ("en 2021")."""
        if d.first_day is None:  # "today", "hoy": the day the figures were given
            return self.report_date or d.value, since
        if d.precision == "day":
            return d.value, since or (d.value if flow else None)
        if d.precision == "month" and _CLOSED_BEFORE.search(self.text[max(0, d.start - 30) : d.start]):
            return d.last_day, since  # "cerró el mes de marzo con 234 presos": the count at the month's end
        if not flow:
            return (d.value if d.precision == "month" else None), since
        if d.precision == "year" and d.value and len(d.value) == 10:  # "this year"
            return d.value, since or d.first_day
        period = _PERIOD_PREP.search(self.text[max(0, d.start - 12) : d.start])
        if d.precision == "year" and not period and not self.e.dates.last_year_re.fullmatch(self.text[d.start : d.end]):
            return None, since
        if self.pub_date is not None and d.last_day and d.last_day >= self.pub_date.isoformat():
            return self.pub_date.isoformat(), since or d.first_day  # the period is still running
        return d.last_day, since or d.first_day

    def _owns(self, n: NumberMention, d: DateMention) -> bool:
        """A date belongs to the nearest count: no other count stands between them."""
        lo, hi = sorted((n.start, d.start))
        return not any(
            lo < m.start < hi and m is not n and not self._inside_date(m) and not (m.value == 1 and m.kind != "digits")
            for m in self.numbers  # "un total de 26": an article "un" is no count between them
        )

    def _find_report_date(self) -> str | None:
        """The day the figures were given: "Balance al 12 de mayo:" in a title, "said Wednesday", or a list
        "actualizada al 14 de abril" / "aggiornato 14 aprile" anywhere in the text."""
        for d in self.dates:
            if d.precision == "day" and d.value and _UPDATED_BEFORE.search(self.text[max(0, d.start - 30) : d.start]):
                if self.pub_date is None or d.value <= self.pub_date.isoformat():
                    return d.value
        sentences = self.sentences[:4]
        if not sentences or self.pub_date is None:
            return None
        first = sentences[0]
        for d in self.dates:
            if first.start <= d.start < first.end and d.role == "as_of" and d.precision == "day":
                return d.value
        reporting = [c for c in self.all_cues if c.kind == "reporting" and c.start < sentences[-1].end]
        for d in self.dates:
            if d.role != "bare" or d.precision != "day" or d.first_day is None or d.start > sentences[-1].end:
                continue
            if any(0 <= d.start - r.end <= 12 or 0 <= r.start - d.end <= 24 for r in reporting):
                return d.value if d.value and d.value <= self.pub_date.isoformat() else None
        return None

    def _past(self, ds: list[DateMention]) -> bool:
        """A sentence dated to an earlier year speaks of the past: no publication-date fallback."""
        if self.pub_date is None:
            return False
        return any(d.value and d.role == "bare" and d.value[:4] < str(self.pub_date.year) for d in ds)

    def _published_as_of(self, metric: str) -> str | None:
        if self.pub_date is not None:
            return self.pub_date.isoformat()
        if self.pub_text and metric in STOCKS:
            return self.pub_text
        return self.doc_date.isoformat() if self.doc_date else None

    def _evidence(self, n: NumberMention, s: _Sentence) -> str:
        sentence = self.text[s.start : s.end].strip()
        if len(sentence) <= 220:
            return sentence
        start = max(s.start, n.start - 100)
        end = min(s.end, n.end + 110)
        return self.text[start:end].strip()


__all__ = ["EXTRACTOR_VERSION", "extract_claims", "normalize"]
