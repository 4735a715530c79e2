"""German."""

from parsers.lang.base import Language

DE = Language(
    code="de",
    stopwords=frozenset("der die das und in den von zu mit ist sind nicht ein eine des dem im für auf wurden".split()),
    number_words=frozenset(
        "null eins ein eine zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig "
        "vierzig fünfzig sechzig siebzig achtzig neunzig hundert tausend".split()
    ),
    number_connectors=frozenset({"und"}),
    one_words=frozenset({"ein", "eine", "einen"}),
    scale_words={"tausend": 1000, "millionen": 1_000_000},
    quantity_words={"ein dutzend": 12, "hundert": 100},
    qualifiers={"mindestens": "at_least", "mehr als": "more_than", "über": "more_than",
                "weniger als": "fewer_than", "bis zu": "up_to", "etwa": "approx", "rund": "approx",
                "fast": "approx", "knapp": "approx", "ungefähr": "approx"},
    non_count_units=("jahre", "jahren", "monate", "tage", "stunden", "%", "prozent", "dollar", "euro",
                     "stimmen", "tote", "verletzte", "anwälte", "länder"),
    event_nouns={"freilassungen": "releases", "festnahmen": "detentions", "verhaftungen": "detentions",
                 "politische gefangene": "political_prisoners", "politischen gefangenen": "political_prisoners",
                 "gefangene": "political_prisoners", "verschwundene": "disappeared"},
    person_nouns={"menschen": None, "personen": None, "bürger": None, "venezolaner": None},
    verbs={"freigelassen": "release", "entlassen": "release", "festgenommen": "arrest", "verhaftet": "arrest",
           "inhaftiert": "hold", "sitzen": "hold", "verschwunden": "disappear"},
    future=("freilassen will", "sollen freigelassen", "werden freigelassen", "angekündigt", "versprochen"),
    groups={"männer": "men", "frauen": "women", "zivilisten": "civilians", "militärs": "military",
            "soldaten": "military", "ausländer": "foreigners", "minderjährige": "minors"},
    org_aliases={"foro penal": "foro_penal", "alfredo romero": "foro_penal", "regierung": "government",
                 "maduro": "government", "generalstaatsanwalt": "government", "ngo": "other_ngo",
                 "uno": "other", "vereinten nationen": "other"},
    reporting=("sagte", "laut", "nach angaben", "teilte mit", "erklärte", "berichtete"),
    anaphora=("die organisation", "die ngo", "der bericht"),
    subset_markers=("davon", "darunter"),
    months={"januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
            "september": 9, "oktober": 10, "november": 11, "dezember": 12},
    weekdays={"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
              "sonntag": 6},
    today=("heute", "derzeit"),
    yesterday=("gestern",),
    as_of_preps=("bis zum", "zum", "am"),
    since_preps=("seit", "seit dem"),
    range_preps=(("zwischen dem", "und dem"), ("vom", "bis")),
    this_year=("dieses jahr", "in diesem jahr"),
    end_of=("ende",),
    foreign_places=("nicaragua", "kuba", "belarus", "russland", "iran"),
)
