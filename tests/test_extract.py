"""Count claims from sentences written for these tests, one row per phenomenon and language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from parsers import Claim, extract_claims
from parsers.dates import year_by_weekday

# Each row: id, lang, published, text, expected claims as dicts of the fields that matter.
# Every claim the extractor returns must be listed (no extras), and listed fields must match.
ROWS: list[tuple[str, str, str | None, str, list[dict[str, Any]]]] = [
    (
        "es-stock-attributed-as-of",
        "es",
        "2026-03-10",
        "Según el Foro Penal, al 8 de marzo había 512 presos políticos en Venezuela.",
        [dict(metric="political_prisoners", value=512, org="foro_penal", as_of="2026-03-08", qualifier="exact")],
    ),
    (
        "es-releases-since",
        "es",
        "2026-03-10",
        "Foro Penal contabilizó 410 excarcelaciones de presos políticos desde el 8 de enero en Venezuela.",
        [dict(metric="releases", value=410, org="foro_penal", since="2026-01-08")],
    ),
    (
        "es-future-release",
        "es",
        "2026-03-10",
        "El gobierno de Venezuela liberará a 90 presos políticos, anunció el ministro.",
        [dict(metric="releases_announced", value=90, org="government")],
    ),
    (
        "es-past-release",
        "es",
        "2026-03-10",
        "El gobierno de Venezuela liberó a 90 presos políticos este lunes, informó el ministro.",
        [dict(metric="releases", value=90, org="government", as_of="2026-03-09")],
    ),
    (
        "en-will-be-freed",
        "en",
        "2025-06-02",
        "Venezuela's attorney general said 75 prisoners will be freed in the coming days.",
        [dict(metric="releases_announced", value=75, org="government")],
    ),
    (
        "en-were-freed-at-least",
        "en",
        "2025-06-02",
        "At least 75 prisoners were freed in Venezuela on Sunday, Foro Penal said.",
        [dict(metric="releases", value=75, org="foro_penal", qualifier="at_least", as_of="2025-06-01")],
    ),
    (
        "en-more-than-detained-since-year",
        "en",
        "2023-05-01",
        "Foro Penal says more than 15,000 people have been arrested for political reasons in Venezuela since 2014.",
        [dict(metric="detentions", value=15000, org="foro_penal", qualifier="more_than", since="2014-01-01")],
    ),
    (
        "pt-stock-pelo-menos",
        "pt",
        "2025-01-20",
        "Pelo menos 1.600 pessoas continuam presas por motivos políticos na Venezuela, segundo o Foro Penal.",
        [dict(metric="political_prisoners", value=1600, org="foro_penal", qualifier="at_least")],
    ),
    (
        "es-approx-casi",
        "es",
        "2025-01-20",
        "Casi 900 personas permanecen detenidas por razones políticas en Venezuela, de acuerdo con Foro Penal.",
        [dict(metric="political_prisoners", value=900, qualifier="approx", org="foro_penal")],
    ),
    (
        "es-breakdown-men-women",
        "es",
        "2025-05-20",
        "Foro Penal registró 880 presos políticos en Venezuela al 19 de mayo. "
        "De ellos, 790 son hombres y 90 son mujeres.",
        [
            dict(metric="political_prisoners", value=880, org="foro_penal", group=None, as_of="2025-05-19"),
            dict(metric="political_prisoners", value=790, org="foro_penal", group="men", as_of="2025-05-19"),
            dict(metric="political_prisoners", value=90, org="foro_penal", group="women", as_of="2025-05-19"),
        ],
    ),
    (
        "es-label-colon-list",
        "es",
        "2025-05-20",
        "Balance de Foro Penal sobre Venezuela al 19 de mayo de 2025:\n"
        "Presos políticos: 880\nMilitares: 170\nExcarcelaciones: 6",
        [
            dict(metric="political_prisoners", value=880, org="foro_penal"),
            dict(metric="political_prisoners", value=170, group="military", org="foro_penal"),
            dict(metric="releases", value=6, org="foro_penal"),
        ],
    ),
    (
        "en-disappeared",
        "en",
        "2025-02-10",
        "Foro Penal said 45 political prisoners in Venezuela remain disappeared.",
        [dict(metric="disappeared", value=45, org="foro_penal")],
    ),
    (
        "es-restrictive-measures",
        "es",
        "2024-02-10",
        "Más de 9.000 personas siguen sujetas a medidas restrictivas de libertad en Venezuela, según Foro Penal.",
        [dict(metric="restricted_liberty", value=9000, qualifier="more_than", org="foro_penal")],
    ),
    (
        "en-unattributed-is-media",
        "en",
        "2024-02-10",
        "About 300 political prisoners remain behind bars in Venezuela.",
        [dict(metric="political_prisoners", value=300, org="media", qualifier="approx")],
    ),
    (
        "en-ngo-other",
        "en",
        "2024-02-10",
        "Provea reported that 12 protesters were arrested in Caracas on Friday.",
        [dict(metric="detentions", value=12, org="other_ngo", scope="Caracas", as_of="2024-02-09")],
    ),
    (
        "es-scope-state",
        "es",
        "2024-08-05",
        "Foro Penal denunció que 25 personas fueron detenidas en Zulia durante las protestas en Venezuela.",
        [dict(metric="detentions", value=25, org="foro_penal", scope="Zulia")],
    ),
    (
        "en-not-counts",
        "en",
        "2024-08-05",
        "Maduro, 61, has ruled Venezuela since 2013 and won 51 percent of the vote; a sentence of 30 years "
        "awaits the opposition leader, and the fine reached $2,000.",
        [],
    ),
    (
        "en-other-country",
        "en",
        "2023-02-10",
        "Nicaragua released 222 political prisoners and sent them to Washington, unlike Venezuela.",
        [],
    ),
    (
        "es-no-venezuela",
        "es",
        "2023-02-10",
        "El régimen liberó a 40 presos políticos en la isla, dijo la ONG local.",
        [],
    ),
    (
        "en-number-words",
        "en",
        "2025-03-01",
        "Foro Penal confirmed that forty-two political prisoners were released in Venezuela this week.",
        [dict(metric="releases", value=42, org="foro_penal")],
    ),
    (
        "es-number-words",
        "es",
        "2025-03-01",
        "Foro Penal confirmó ciento treinta y un excarcelaciones en Venezuela.",
        [dict(metric="releases", value=131, org="foro_penal")],
    ),
    (
        "it-mila",
        "it",
        "2025-03-01",
        "Secondo Foro Penal, in Venezuela oltre 18mila persone sono state arrestate dal 2014.",
        [dict(metric="detentions", value=18000, qualifier="more_than", org="foro_penal", since="2014-01-01")],
    ),
    (
        "es-repeat-is-one-claim",
        "es",
        "2025-03-01",
        "Hay 700 presos políticos en Venezuela, según Foro Penal. Los 700 presos políticos esperan una amnistía.",
        [dict(metric="political_prisoners", value=700, org="foro_penal")],
    ),
    (
        "en-quote-attributed-after",
        "en",
        "2025-03-01",
        "\u201cThere are 640 political prisoners in Venezuela today,\u201d said Alfredo Romero.",
        [dict(metric="political_prisoners", value=640, org="foro_penal")],
    ),
    (
        "en-generic-ngo-before-name",
        "en",
        "2025-03-01",
        "The NGO Foro Penal counted 65 releases in Venezuela on Tuesday.",
        [dict(metric="releases", value=65, org="foro_penal", as_of="2025-02-25", since="2025-02-25")],
    ),
    (
        "es-bold-unicode-post",
        "es",
        "2025-03-04",
        "Balance de #PresosPolíticos en Venezuela al 03/03/2025 por Foro Penal: "
        "\U0001d413\U0001d428\U0001d42d\U0001d41a\U0001d425 presos políticos: 910",
        [dict(metric="political_prisoners", value=910, org="foro_penal", as_of="2025-03-03")],
    ),
    (
        "es-subset-not-a-group",
        "es",
        "2025-03-01",
        "Foro Penal registró 300 detenciones en Venezuela; 25 de ellas fueron de estudiantes.",
        [dict(metric="detentions", value=300, org="foro_penal")],
    ),
    (
        "en-reference-to-known-total",
        "en",
        "2025-03-01",
        "Foro Penal counts 281 political prisoners in Venezuela. Courts have convicted 125 of the 281 detainees.",
        [dict(metric="political_prisoners", value=281, org="foro_penal")],
    ),
    (
        "es-enumeration-after-colon",
        "es",
        "2026-01-14",
        "Según el Gobierno de Venezuela, las excarcelaciones fueron estas: 150 en diciembre de 2025; 95 en Navidad "
        "de 2025 y 110 este lunes.",
        [
            dict(metric="releases", value=150, org="government", as_of="2025-12-31", since="2025-12-01"),
            dict(metric="releases", value=95, org="government", as_of="2025-12-25", since="2025-12-25"),
            dict(metric="releases", value=110, org="government", as_of="2026-01-12", since="2026-01-12"),
        ],
    ),
    (
        "es-otros-inherits",
        "es",
        "2026-01-05",
        "El ministro dijo que 70 presos políticos fueron excarcelados en Venezuela en Nochebuena y luego "
        "salieron otros 40, para un total de 110.",
        [
            dict(metric="releases", value=70, org="government", as_of="2025-12-24"),
            dict(metric="releases", value=40, org="government"),
            dict(metric="releases", value=110, org="government"),
        ],
    ),
    (
        "it-places-each-and-accents",
        "it",
        "2025-03-01",
        "Secondo Foro Penal in Venezuela ci sono stati arresti a Merida (6 arresti) e negli stati di Lara e "
        "Tachira (3 persone per ogni stato).",
        [
            dict(metric="detentions", value=6, scope="Merida", org="foro_penal"),
            dict(metric="detentions", value=3, scope="Lara", org="foro_penal"),
            dict(metric="detentions", value=3, scope="Tachira", org="foro_penal"),
        ],
    ),
    (
        "es-percent-words",
        "es",
        "2025-03-01",
        "Foro Penal dijo que más del 40 por ciento de los presos políticos en Venezuela son militares.",
        [],
    ),
    (
        "es-period-year",
        "es",
        "2023-02-20",
        "Según Provea, en 2022 se registraron 250 detenciones políticas en Venezuela.",
        [dict(metric="detentions", value=250, org="other_ngo", as_of="2022-12-31", since="2022-01-01")],
    ),
    (
        "en-report-day-is-as-of",
        "en",
        "2022-04-14",
        "Foro Penal said Wednesday that 250 people are political prisoners in Venezuela.\n"
        "Today more than 9,000 people are subject to restrictive measures, the NGO added.",
        [
            dict(metric="political_prisoners", value=250, org="foro_penal", as_of="2022-04-13"),
            dict(metric="restricted_liberty", value=9000, org="foro_penal", as_of="2022-04-13", since=None),
        ],
    ),
    (
        "en-gone-up-to-is-exact",
        "en",
        "2017-12-27",
        "Local media said the number of people released in Venezuela had gone up to 52.",
        [dict(metric="releases", value=52, qualifier="exact", org="media")],
    ),
    (
        "pt-definite-ngo-is-anaphora",
        "pt",
        "2021-08-30",
        "O Foro Penal publicou o seu balanço sobre a Venezuela. A ONG precisou que há 260 presos políticos no país.",
        [dict(metric="political_prisoners", value=260, org="foro_penal")],
    ),
    (
        "fr-infinitive-governs-number",
        "fr",
        "2017-12-24",
        "Au Venezuela, le gouvernement a proposé d'en libérer 75.",
        [dict(metric="releases_announced", value=75, org="government")],
    ),
    (
        "es-glued-list-lines",
        "es",
        "2021-04-06",
        "Balance de presos políticos en Venezuela al 05/04/2021 por @ForoPenal:\nTotal presos políticos: 300\n"
        "Mujeres: 20Civiles: 180",
        [
            dict(metric="political_prisoners", value=300, org="foro_penal", as_of="2021-04-05"),
            dict(metric="political_prisoners", value=20, group="women", org="foro_penal"),
            dict(metric="political_prisoners", value=180, group="civilians", org="foro_penal"),
        ],
    ),
    (
        "es-subset-with-unknown-noun",
        "es",
        "2024-09-11",
        "Según Foro Penal, en Venezuela hay 1.700 presos políticos, entre los que 1.650 son adultos.",
        [dict(metric="political_prisoners", value=1700, org="foro_penal")],
    ),
    (
        "es-each-place",
        "es",
        "2024-08-19",
        "Foro Penal contó 400 detenciones en Venezuela; Lara y Zulia con 50 cada uno.",
        [
            dict(metric="detentions", value=400, org="foro_penal"),
            dict(metric="detentions", value=50, scope="Lara", org="foro_penal"),
            dict(metric="detentions", value=50, scope="Zulia", org="foro_penal"),
        ],
    ),
    (
        "pt-figure-names-group",
        "pt",
        "2024-09-01",
        "Segundo o Foro Penal, o total de adolescentes libertados na Venezuela subiu para 60.",
        [dict(metric="releases", value=60, group="minors", org="foro_penal")],
    ),
    (
        "pt-dialogue-dash",
        "pt",
        "2021-08-30",
        "O Foro Penal publicou um novo relatório sobre a Venezuela.\n"
        "– Hoje registramos 250 presos políticos no país – disse o vice-presidente da organização.",
        [dict(metric="political_prisoners", value=250, org="foro_penal")],
    ),
    (
        "es-relative-clause-is-not-the-speaker",
        "es",
        "2018-02-20",
        "Foro Penal, que defiende a críticos de Nicolás Maduro, cifró en 240 el número de presos políticos en "
        "Venezuela.",
        [dict(metric="political_prisoners", value=240, org="foro_penal")],
    ),
    (
        "en-nearest-reporting-subject",
        "en",
        "2017-12-24",
        "In Venezuela the attorney general promised more releases, while Foro Penal said some 80 prisoners were freed.",
        [dict(metric="releases", value=80, org="foro_penal", qualifier="approx")],
    ),
    (
        "es-unknown-label-is-another-count",
        "es",
        "2025-05-16",
        "Balance de Foro Penal sobre Venezuela al 12 de mayo de 2025:\nExcarcelaciones: 9\nCon condena: 140",
        [dict(metric="releases", value=9, org="foro_penal")],
    ),
    (
        "pt-occupation-subset",
        "pt",
        "2019-01-30",
        "O Foro Penal informou 700 novas pessoas detidas na Venezuela, e 47 são estudantes.",
        [dict(metric="detentions", value=700, org="foro_penal")],
    ),
    (
        "en-actor-is-not-the-claimant",
        "en",
        "2026-01-20",
        "The Venezuelan government has so far released 52 political prisoners this month.",
        [dict(metric="releases", value=52, org="media")],
    ),
    (
        "es-actor-is-not-the-claimant",
        "es",
        "2026-01-20",
        "El régimen de Maduro detuvo a 35 manifestantes en Caracas durante la noche del lunes.",
        [dict(metric="detentions", value=35, org="media")],
    ),
    (
        "pt-actor-after-an-attribution",
        "pt",
        "2024-08-30",
        "Segundo o Foro Penal, o governo da Venezuela prendeu 98 adolescentes depois das eleições.",
        [dict(metric="detentions", value=98, org="foro_penal", group="minors")],
    ),
    (
        "es-venezuelans-without-the-country-name",
        "es",
        "2019-10-18",
        "El fiscal general informó que 31 ciudadanos venezolanos detenidos en las protestas fueron excarcelados.",
        [dict(metric="releases", value=31, org="government")],
    ),
    (
        "es-headline-announces-a-release",
        "es",
        "2019-10-18",
        "Gobierno venezolano anuncia liberación de 18 presos políticos",
        [dict(metric="releases_announced", value=18, org="government")],
    ),
    (
        "pt-headline-announces-a-release",
        "pt",
        "2019-10-18",
        "Governo venezuelano anuncia libertação de 18 presos políticos",
        [dict(metric="releases_announced", value=18, org="government")],
    ),
    (
        "es-a-share-of-the-cases-is-a-part",
        "es",
        "2023-05-09",
        "Provea registró 210 detenciones arbitrarias en Venezuela en 2022. Hubo 64 personas detenidas en redadas, "
        "lo que representa el 30,5 % de los casos.",
        [dict(metric="detentions", value=210, org="other_ngo")],
    ),
    (
        "en-a-share-is-a-part",
        "en",
        "2023-05-09",
        "Provea counted 210 arbitrary arrests in Venezuela in 2022; 64 people were detained in raids, which "
        "represents 30.5% of the cases.",
        [dict(metric="detentions", value=210, org="other_ngo")],
    ),
    (
        "en-out-of-said-arrests",
        "en",
        "2018-01-05",
        "Foro Penal counted 4,900 arbitrary arrests in Venezuela in 2017.\n\n• 151 people out of said arrests "
        "remain behind bars.",
        [dict(metric="detentions", value=4900, org="foro_penal")],
    ),
    (
        "pt-sendo-que-is-a-part",
        "pt",
        "2019-02-24",
        "O Foro Penal afirma que foram 41 prisões confirmadas na Venezuela, sendo que 30 manifestantes seguem presos.",
        [dict(metric="detentions", value=41, org="foro_penal")],
    ),
    (
        "es-el-31-is-a-day",
        "es",
        "2026-01-05",
        "El gobierno venezolano excarceló a 99 presos políticos en Navidad y el 30 salieron de la cárcel otros 88.",
        [dict(metric="releases", value=99), dict(metric="releases", value=88)],
    ),
    (
        "es-attribution-in-the-next-sentence",
        "es",
        "2020-07-20",
        "Al menos 61 personas son consideradas presas políticas en Venezuela tras la cuarentena. Según informó "
        "este lunes la ONG Foro Penal.",
        [dict(metric="political_prisoners", value=61, org="foro_penal", qualifier="at_least")],
    ),
    (
        "en-attribution-in-the-next-sentence",
        "en",
        "2020-07-20",
        "There are at least 61 political prisoners in Venezuela. According to Foro Penal.",
        [dict(metric="political_prisoners", value=61, org="foro_penal", qualifier="at_least")],
    ),
    (
        "es-historical-present-carries-the-speaker",
        "es",
        "2020-07-20",
        "La ONG Foro Penal publicó su balance de julio sobre Venezuela. Hasta ahora se contabilizan 401 presos "
        "políticos en el país.",
        [dict(metric="political_prisoners", value=401, org="foro_penal")],
    ),
    (
        "es-last-year-is-the-period-counted",
        "es",
        "2023-05-09",
        "Según Provea, el año pasado hubo 140 detenciones arbitrarias en Venezuela, mientras que en 2021 se "
        "registraron 690.",
        [
            dict(metric="detentions", value=140, as_of="2022-12-31", since="2022-01-01"),
            dict(metric="detentions", value=690, as_of="2021-12-31", since="2021-01-01"),
        ],
    ),
    (
        "es-un-total-does-not-separate-a-date-from-its-count",
        "es",
        "2023-02-22",
        "Foro Penal aseguró que, en 2022, fueron reportadas un total de 31 detenciones políticas en Venezuela.",
        [dict(metric="detentions", value=31, as_of="2022-12-31", since="2022-01-01")],
    ),
    (
        "en-undated-report-takes-the-year-it-writes-out",
        "en",
        None,
        "Foro Penal's balance for Venezuela: 3,120 arbitrary arrests from May 1 to November 30, 2019.",
        [dict(metric="detentions", value=3120, since="2019-05-01", as_of="2019-11-30")],
    ),
    (
        "es-a-long-breakdown-one-group-per-line",
        "es",
        "2025-05-16",
        "Foro Penal contabiliza 880 presos políticos en Venezuela.\nDatos del informe:\n- Hombres: 790\n"
        "- Mujeres: 90\n- Civiles: 700\n- Militares: 180",
        [
            dict(metric="political_prisoners", value=880, group=None),
            dict(metric="political_prisoners", value=790, group="men"),
            dict(metric="political_prisoners", value=90, group="women"),
            dict(metric="political_prisoners", value=700, group="civilians"),
            dict(metric="political_prisoners", value=180, group="military"),
        ],
    ),
    (
        "es-detainees-by-group-after-a-count-of-prisoners-are-held",
        "es",
        "2025-05-16",
        "Foro Penal contabiliza 880 presos políticos en Venezuela. 60 personas están desaparecidas y 70 "
        "detenidos tienen doble nacionalidad.",
        [
            dict(metric="political_prisoners", value=880, group=None),
            dict(metric="disappeared", value=60),
            dict(metric="political_prisoners", value=70, group="foreigners"),
        ],
    ),
    (
        "pt-weekday-with-its-day-of-the-month",
        "pt",
        "2026-01-16",
        "A ONG Foro Penal informou nesta quinta-feira (15) que verificou a libertação de 91 presos políticos na "
        "Venezuela.",
        [dict(metric="releases", value=91, org="foro_penal", as_of="2026-01-15")],
    ),
    (
        "es-weekday-and-day-number-of-the-month-before",
        "es",
        "2024-09-02",
        "El gobierno de Venezuela excarceló el sábado 31 a 40 presos políticos, según Foro Penal.",
        [dict(metric="releases", value=40, org="foro_penal", as_of="2024-08-31")],
    ),
    (
        "pt-breakdown-verb-belongs-to-the-first-item",
        "pt",
        "2021-08-30",
        "O Foro Penal informou que há 270 presos políticos na Venezuela. Por gênero, 251 presos são homens, "
        "19 são mulheres.",
        [
            dict(metric="political_prisoners", value=270, group=None),
            dict(metric="political_prisoners", value=251, group="men"),
            dict(metric="political_prisoners", value=19, group="women"),
        ],
    ),
    (
        "pt-the-total-of-detainees-after-a-count-of-prisoners",
        "pt",
        "2021-12-27",
        "O Foro Penal registou 290 presos políticos na Venezuela. De acordo com a ONG, o total de detidos inclui "
        "130 civis e 160 militares.",
        [
            dict(metric="political_prisoners", value=290, group=None),
            dict(metric="political_prisoners", value=130, group="civilians"),
            dict(metric="political_prisoners", value=160, group="military"),
        ],
    ),
    (
        "es-the-detention-of-n-children",
        "es",
        "2024-09-19",
        "La misión de la ONU obtuvo información sobre la detención de 150 niños y niñas en Venezuela.",
        [dict(metric="detentions", value=150, group="minors", org="other")],
    ),
    (
        "es-a-state-in-the-next-clause-is-not-the-numbers",
        "es",
        "2024-09-19",
        "Las ONG registraron la excarcelación de más de 70 presos políticos en Venezuela, ninguno ha sido "
        "exonerado de medidas cautelares.",
        [dict(metric="releases", value=70, qualifier="more_than")],
    ),
    (
        "en-two-places-joined-by-and-are-one-scope",
        "en",
        "2014-03-01",
        "Foro Penal said 58 people were arrested in Valencia and Maracaibo, Venezuela.",
        [dict(metric="detentions", value=58, scope="Valencia, Maracaibo")],
    ),
    (
        "en-a-number-in-a-prison-name-is-no-count",
        "en",
        "2026-02-15",
        "On Saturday, 19 political prisoners were released from the Zona 7 detention centre in Caracas, Venezuela.",
        [dict(metric="releases", value=19)],
    ),
    (
        "es-in-that-period-takes-the-period-before",
        "es",
        "2020-07-20",
        "Foro Penal denunció un aumento de detenciones entre el 16 de marzo y el 14 de abril en Venezuela. "
        "Y cifró en 42 los arrestos arbitrarios en ese lapso.",
        [dict(metric="detentions", value=42, since="2020-03-16", as_of="2020-04-14")],
    ),
    (
        "es-the-election-date-names-the-election",
        "es",
        "2024-07-31",
        "Este miércoles, el Foro Penal, la ONG que defiende a los presos políticos de Venezuela, confirmó que "
        "190 personas fueron detenidas tras las elecciones del 28 de julio.",
        [dict(metric="detentions", value=190, org="foro_penal", as_of="2024-07-31")],
    ),
    (
        "es-since-the-election-of-a-date",
        "es",
        "2024-08-30",
        "Foro Penal contabiliza 1.580 detenidos en Venezuela desde las elecciones presidenciales del 28 de julio.",
        [dict(metric="detentions", value=1580, since="2024-07-28")],
    ),
    (
        "es-a-day-alone-after-a-date-and-the-sum",
        "es",
        "2026-01-29",
        "Según el gobierno de Venezuela, 110 presos políticos fueron excarcelados el 24 de diciembre y el 30 "
        "salieron otros 90, para un total de 200.",
        [
            dict(metric="releases", value=110, as_of="2025-12-24", since="2025-12-24"),
            dict(metric="releases", value=90, as_of="2025-12-30", since="2025-12-30"),
            dict(metric="releases", value=200, as_of="2025-12-30", since="2025-12-24"),
        ],
    ),
    (
        "es-a-day-range-sharing-its-month",
        "es",
        "2025-08-30",
        "Entre el 21 y el 22 de agosto de 2025, 15 personas detenidas por motivos políticos fueron puestas en "
        "libertad en Caracas, Venezuela.",
        [dict(metric="releases", value=15, since="2025-08-21", as_of="2025-08-22")],
    ),
    (
        "es-a-date-of-the-previous-item",
        "es",
        "2026-01-14",
        "Según el Gobierno de Venezuela, se liberaron 150 personas en diciembre de 2024; 90 en Navidad de 2025 y "
        "120 anunciadas este lunes.",
        [
            dict(metric="releases", value=150),
            dict(metric="releases", value=90, as_of="2025-12-25"),
            dict(metric="releases", value=120, as_of="2026-01-12"),
        ],
    ),
    (
        "en-a-call-for-release-counts-people-held",
        "en",
        "2023-05-09",
        "Amnesty International called on Monday for the release of about 280 people held in Venezuela for "
        "political reasons.",
        [dict(metric="political_prisoners", value=280, org="other_ngo", qualifier="approx")],
    ),
    (
        "pt-a-call-for-release-counts-people-held",
        "pt",
        "2023-05-09",
        "A Anistia Internacional pediu nesta terça-feira a libertação de 280 pessoas detidas na Venezuela por "
        "razões políticas.",
        [dict(metric="political_prisoners", value=280, org="other_ngo")],
    ),
    (
        "en-eligible-for-release-is-not-a-release",
        "en",
        "2018-05-27",
        "He did not say which of the country's 240 political prisoners in Venezuela would qualify for release.",
        [dict(metric="political_prisoners", value=240)],
    ),
    (
        "es-a-generic-person-is-no-count",
        "es",
        "2026-01-29",
        "El fiscal de Venezuela dijo: una persona que queda con medidas cautelares está libre. Según Foro Penal, "
        "la ley da 45 días para soltar a una persona detenida.",
        [],
    ),
    (
        "pt-one-person-released-is-a-count",
        "pt",
        "2021-12-27",
        "O Foro Penal informou que, na semana passada, foi libertada uma pessoa presa por motivos políticos na "
        "Venezuela.",
        [dict(metric="releases", value=1, org="foro_penal")],
    ),
    (
        "es-the-total-of-detainees-is-held",
        "es",
        "2026-03-02",
        "Foro Penal cifró en 540 el total de los detenidos por motivos políticos en Venezuela.",
        [dict(metric="political_prisoners", value=540, org="foro_penal")],
    ),
    (
        "es-detainees-since-a-date-are-arrests",
        "es",
        "2024-08-19",
        "Foro Penal cifró en 1.400 el total de detenidos desde el 29 de julio en Venezuela.",
        [dict(metric="detentions", value=1400, org="foro_penal", since="2024-07-29")],
    ),
    (
        "fr-the-ngo-speaks-though-the-sentence-names-maduro",
        "fr",
        "2021-08-30",
        "L'ONG vénézuélienne Foro Penal a fait état de 260 prisonniers politiques. L'ONG a indiqué que « depuis "
        "2014, il y a eu 15.600 arrestations politiques au Venezuela », sous le régime de Nicolas Maduro.",
        [
            dict(metric="political_prisoners", value=260, org="foro_penal"),
            dict(metric="detentions", value=15600, org="foro_penal", since="2014-01-01"),
        ],
    ),
    (
        "fr-a-qualifier-before-a-quote-mark",
        "fr",
        "2021-08-30",
        "Foro Penal a aidé plus de « 11.000 détenus, aujourd'hui libérés » au Venezuela.",
        [dict(metric="releases", value=11000, qualifier="more_than", org="foro_penal")],
    ),
    (
        "en-explains-after-a-quote",
        "en",
        "2019-11-20",
        "“Since 2014, there have been more than 12,000 arbitrary arrests for political reasons in Venezuela,” "
        "explains its director, Alfredo Romero.",
        [dict(metric="detentions", value=12000, org="foro_penal", qualifier="more_than", since="2014-01-01")],
    ),
    (
        "en-a-place-at-the-end-of-a-long-clause",
        "en",
        "2014-02-20",
        "Foro Penal said today that 71 Venezuelans have been arrested since Friday for protesting in Valencia, "
        "Venezuela.",
        [dict(metric="detentions", value=71, org="foro_penal", scope="Valencia")],
    ),
    (
        "es-a-headline-figure-the-reported-balance-repeats",
        "es",
        "2025-05-16",
        "Balance al 12 de mayo: 70 personas siguen desaparecidas\nLa ONG Foro Penal publicó su balance sobre los "
        "presos políticos en Venezuela: 880 personas permanecen detenidas por motivos políticos.\n70 personas "
        "están desaparecidas.",
        [
            dict(metric="disappeared", value=70, org="foro_penal"),
            dict(metric="political_prisoners", value=880, org="foro_penal"),
        ],
    ),
    (
        "pt-a-headline-figure-of-its-own-stays-the-press",
        "pt",
        "2019-02-24",
        "Mais de 50 pessoas já foram presas na Venezuela nesta noite de protestos\nA ONG Foro Penal divulgou um "
        "balanço: foram 35 prisões confirmadas até o momento.",
        [
            dict(metric="detentions", value=50, org="media", qualifier="more_than"),
            dict(metric="detentions", value=35, org="foro_penal"),
        ],
    ),
    (
        "es-a-venezuelan-prison-without-the-country-name",
        "es",
        "2024-10-02",
        "En El Helicoide permanecen 41 presos políticos, denunciaron sus familiares.",
        [dict(metric="political_prisoners", value=41, scope="El Helicoide")],
    ),
    (
        "es-a-foreign-count-stays-out",
        "es",
        "2024-10-02",
        "En Nicaragua permanecen 150 presos políticos, según organizaciones locales.",
        [],
    ),
    (
        "en-an-opposition-negotiator-is-other",
        "en",
        "2017-12-20",
        "The government announced it would free 60 prisoners. Then opposition negotiator Luis Florido claimed "
        "that an accord could result in 120 political prisoners being freed in Venezuela.",
        [
            dict(metric="releases_announced", value=60, org="government"),
            dict(metric="releases_announced", value=120, org="other"),
        ],
    ),
    (
        "pt-the-name-after-the-reporting-verb-speaks",
        "pt",
        "2025-07-01",
        "As autoridades venezuelanas cometem desaparecimentos forçados, afirmou a Amnistia Internacional no "
        "relatório que analisa a situação de 17 pessoas desaparecidas na Venezuela.",
        [dict(metric="disappeared", value=17, org="other_ngo")],
    ),
    (
        "it-noun-copula-qualifier-number",
        "it",
        "2026-01-02",
        "Secondo Foro Penal, in Venezuela i prigionieri politici erano più di ottocento al 15 dicembre.",
        [dict(metric="political_prisoners", value=800, qualifier="more_than", org="foro_penal", as_of="2025-12-15")],
    ),
    (
        "es-noun-copula-qualifier-number",
        "es",
        "2018-03-23",
        "Según Foro Penal, en Venezuela los presos políticos son más de 240.",
        [dict(metric="political_prisoners", value=240, qualifier="more_than", org="foro_penal")],
    ),
    (
        "es-men-women-and-children-are-everyone",
        "es",
        "2025-08-30",
        "Según Amnistía Internacional, más de 2.100 hombres, mujeres, niños y niñas fueron detenidos "
        "arbitrariamente en Venezuela.",
        [dict(metric="detentions", value=2100, group=None, qualifier="more_than", org="other_ngo")],
    ),
    (
        "es-a-part-of-the-total-is-no-total",
        "es",
        "2024-09-11",
        "Foro Penal contabilizó 2.100 aprehensiones en Venezuela. Del total de las aprehensiones, 1.600 se "
        "hicieron tras las presidenciales.",
        [dict(metric="detentions", value=2100, org="foro_penal")],
    ),
    (
        "en-of-the-total-a-breakdown-stays",
        "en",
        "2022-04-14",
        "Foro Penal counted 245 political prisoners in Venezuela. Of the total number of prisoners, 230 are men "
        "and 15 women.",
        [
            dict(metric="political_prisoners", value=245, group=None),
            dict(metric="political_prisoners", value=230, group="men"),
            dict(metric="political_prisoners", value=15, group="women"),
        ],
    ),
    (
        "fr-they-are-n-after-the-noun",
        "fr",
        "2017-12-24",
        "L'opposition vénézuélienne veut la libération de tous les prisonniers politiques. Ils sont 270, selon "
        "des ONG.",
        [dict(metric="political_prisoners", value=270)],
    ),
    (
        "es-son-n-after-the-noun",
        "es",
        "2017-12-24",
        "La oposición de Venezuela exige la liberación de los presos políticos. Son más de 270, según Foro Penal.",
        [dict(metric="political_prisoners", value=270, qualifier="more_than", org="foro_penal")],
    ),
    (
        "pt-a-short-sentence-continues-the-speaker",
        "pt",
        "2024-08-29",
        "Na quarta-feira, o Foro Penal informou que a Venezuela tem 1,6 mil presos políticos. Em 28 de julho, "
        "eram 205 presos políticos.",
        [
            dict(metric="political_prisoners", value=1600, org="foro_penal"),
            dict(metric="political_prisoners", value=205, org="foro_penal", as_of="2024-07-28"),
        ],
    ),
    (
        "it-an-aside-between-the-count-and-its-verb",
        "it",
        "2019-01-24",
        "Secondo l'ong Foro Penal, 131 persone, di cui 12 adolescenti, sono state arrestate in Venezuela.",
        [
            dict(metric="detentions", value=131, org="foro_penal", group=None),
            dict(metric="detentions", value=12, org="foro_penal", group="minors"),
        ],
    ),
    (
        "en-an-aside-between-the-count-and-its-verb",
        "en",
        "2024-08-13",
        "At least 1,300 people, including more than 90 minors, have been detained in Venezuela, the UN said.",
        [
            dict(metric="detentions", value=1300, qualifier="at_least", group=None),
            dict(metric="detentions", value=90, qualifier="more_than", group="minors"),
        ],
    ),
    (
        "es-a-place-before-un-total-de",
        "es",
        "2014-04-06",
        "Según el Foro Penal, durante los 50 días de protestas en el Zulia se tiene un total de 240 detenciones.",
        [dict(metric="detentions", value=240, org="foro_penal", scope="Zulia")],
    ),
    (
        "es-poner-en-libertad-governs-the-count",
        "es",
        "2025-08-30",
        "Amnistía Internacional celebró la decisión de poner en libertad condicional a 14 personas detenidas "
        "arbitrariamente en Venezuela.",
        [dict(metric="releases", value=14)],
    ),
    (
        "es-a-pardon-is-a-release",
        "es",
        "2020-09-02",
        "El régimen de Venezuela reconoció la existencia de presos políticos con el indulto a 105 personas.",
        [dict(metric="releases", value=105)],
    ),
    (
        "es-esos-n-refers-back",
        "es",
        "2019-09-19",
        "Foro Penal informó que el gobierno liberará a 60 presos políticos en Venezuela. No se dice quiénes son "
        "esos 60 presos.",
        [dict(metric="releases_announced", value=60)],
    ),
    (
        "es-measures-someone-had-are-over",
        "es",
        "2026-03-02",
        "El diputado informó que la amnistía en Venezuela ha beneficiado a 250 personas que estaban presas y a "
        "5.300 que tenían medidas cautelares.",
        [dict(metric="releases", value=250)],
    ),
    (
        "en-out-of-the-n-confirmed",
        "en",
        "2026-01-22",
        "According to Foro Penal, the Venezuelan regime held 770 political prisoners as of Monday night out of "
        "the 860 confirmed by the end of 2025.",
        [
            dict(metric="political_prisoners", value=770, org="foro_penal"),
            dict(metric="political_prisoners", value=860, org="foro_penal", as_of="2025-12-31"),
        ],
    ),
    (
        "es-a-list-item-after-a-date",
        "es",
        "2026-01-14",
        "Según el Gobierno de Venezuela, desde diciembre de 2024 se han excarcelado 460 presos y desde diciembre "
        "de 2025 han sido 300.",
        [
            dict(metric="releases", value=460, org="government", since="2024-12-01"),
            dict(metric="releases", value=300, org="government", since="2025-12-01"),
        ],
    ),
    (
        "es-the-source-named-right-after-the-number",
        "es",
        "2026-01-29",
        "El fiscal general dijo que 640 presos políticos fueron excarcelados en Venezuela, lejos de los 800 "
        "anunciados por el ministro Diosdado Cabello y de las 290 que registra la ONG Foro Penal desde el pasado 8 "
        "de enero.",
        [
            dict(metric="releases", value=640, org="government"),
            dict(metric="releases", value=800, org="government"),
            dict(metric="releases", value=290, org="foro_penal", since="2026-01-08", as_of="2026-01-29"),
        ],
    ),
    (
        "en-a-prison-known-as",
        "en",
        "2026-02-15",
        "Relatives say 31 political prisoners are held at a prison known as Zona 7 in Venezuela.",
        [dict(metric="political_prisoners", value=31, scope="Zona 7")],
    ),
    (
        "es-closed-the-month-with-two-figures",
        "es",
        "2018-04-02",
        "Gonzalo Himiob, de Foro Penal, escribió: cerró el mes de febrero de 2018 con 230 presos políticos y con "
        "7200 personas sujetas a medidas cautelares en Venezuela.",
        [
            dict(metric="political_prisoners", value=230, as_of="2018-02-28"),
            dict(metric="restricted_liberty", value=7200, as_of="2018-02-28"),
        ],
    ),
    (
        "it-a-list-updated-on-a-date",
        "it",
        "2025-04-17",
        "Nelle carceri venezuelane ci sono 880 prigionieri politici: lo riporta la ong Foro Penal. La ong ha "
        "inviato l'elenco, aggiornato 14 aprile, all'Onu.",
        [dict(metric="political_prisoners", value=880, org="foro_penal", as_of="2025-04-14")],
    ),
    (
        "es-a-quote-dated-by-its-speech",
        "es",
        "2018-04-02",
        "El pasado 22 de marzo de 2018, Gonzalo Himiob, de Foro Penal, dijo que la represión sigue en Venezuela. "
        "“Hay 7.100 personas bajo medidas cautelares. Los presos políticos son 240”, indicó.",
        [
            dict(metric="restricted_liberty", value=7100, as_of="2018-03-22"),
            dict(metric="political_prisoners", value=240, as_of="2018-03-22"),
        ],
    ),
    (
        "en-the-figures-cover-a-period-said-after",
        "en",
        "2024-08-13",
        "At least 1,200 people have been detained in Venezuela, the UN said. The figures cover the period from "
        "July 28, when the country held its election, to August 7.",
        [dict(metric="detentions", value=1200, since="2024-07-28", as_of="2024-08-07")],
    ),
    (
        "es-a-repeat-that-says-when",
        "es",
        "2018-02-20",
        "Foro Penal cifró en 235 el número de presos políticos en Venezuela. #19Feb Son 235 presos políticos "
        "según la lista del Foro Penal.",
        [dict(metric="political_prisoners", value=235, org="foro_penal", as_of="2018-02-19")],
    ),
    (
        "es-until-a-time-of-a-day",
        "es",
        "2024-08-19",
        "Foro Penal registró 1.400 arrestos en Venezuela desde el 29 de julio hasta las 10.00 horas del 9 de agosto.",
        [dict(metric="detentions", value=1400, since="2024-07-29", as_of="2024-08-09")],
    ),
    (
        "es-the-balance-covers-a-period",
        "es",
        "2024-08-19",
        "La ONG Foro Penal informa que ha registrado 1.400 arrestos en Venezuela desde el 29 de julio.\n"
        "Entre los detenidos hay 120 adolescentes, según el organismo, que destaca que el balance incluye las "
        "detenciones registradas desde el 29 de julio hasta las 10.00 horas del 9 de agosto.",
        [
            dict(metric="detentions", value=1400, since="2024-07-29", as_of="2024-08-09"),
            dict(metric="detentions", value=120, group="minors"),
        ],
    ),
    (
        "en-a-study-period-in-years-dates-nothing",
        "en",
        None,
        "Rights groups estimate there are about 290 political prisoners in Venezuela. Amnesty said in the report "
        "on detentions between 2018 and 2023 that the practice is systematic.",
        [dict(metric="political_prisoners", value=290, as_of=None)],
    ),
    (
        "es-last-week-leaves-the-day-open",
        "es",
        "2024-09-11",
        "En Venezuela hay 1.810 presos políticos, 20 más que la semana pasada, cuando se computaron 1.790 "
        "personas privadas de libertad por razones políticas, según informó este miércoles la ONG Foro Penal.",
        [
            dict(metric="political_prisoners", value=1810, as_of="2024-09-11"),
            dict(metric="political_prisoners", value=1790, as_of=None),
        ],
    ),
    (
        "es-between-a-list-of-years",
        "es",
        "2019-10-18",
        "Este jueves el gobierno anunció más excarcelaciones en Venezuela. El fiscal agregó que su comisión ya ha "
        "liberado a 220 personas entre los años 2017, 2018 y 2019.",
        [dict(metric="releases", value=220, org="government", since="2017-01-01", as_of="2019-10-17")],
    ),
    (
        "en-since-an-event-on-a-date",
        "en",
        "2014-09-23",
        "Since protests began in Venezuela on February 4, NGOs have reported over 3,200 arrests.",
        [dict(metric="detentions", value=3200, since="2014-02-04", as_of="2014-09-23", qualifier="more_than")],
    ),
    (
        "en-who-promises-a-release-speaks-for-it",
        "en",
        "2017-12-23",
        "The Venezuelan government will release 70 political prisoners before Christmas.",
        [dict(metric="releases_announced", value=70, org="government")],
    ),
    (
        "pt-undated-weekday-fixes-the-year",
        "pt",
        None,
        "A ONG Foro Penal registrou 45 prisões até a noite deste domingo, dia 12 de abril, durante os protestos. "
        "Mais de 50 pessoas foram detidas nesta noite na Venezuela, segundo testemunhas.",
        [
            dict(metric="detentions", value=45, org="foro_penal", as_of="2026-04-12"),
            dict(metric="detentions", value=50, as_of="2026-04-12", qualifier="more_than"),
        ],
    ),
    (
        "en-undated-weekday-fixes-the-year",
        "en",
        None,
        "Foro Penal said 27 people were arrested in Venezuela on Sunday, April 5.",
        [dict(metric="detentions", value=27, org="foro_penal", as_of="2026-04-05")],
    ),
    (
        "pt-undated-period-end-stands-for-the-publication",
        "pt",
        None,
        "Um relatório da Amnistia Internacional analisa casos de desaparecimento desde as eleições de 28 de julho "
        "de 2024 até 30 de abril de 2025. Segundo a organização, 9 pessoas continuam desaparecidas na Venezuela.",
        [dict(metric="disappeared", value=9, org="other_ngo", as_of="2025-04-30")],
    ),
    (
        "es-undated-past-event-does-not-date-the-text",
        "es",
        None,
        "El 3 de mayo de 2021 murió bajo custodia un general detenido. Hay 250 presos políticos en Venezuela, según "
        "el Foro Penal.",
        [dict(metric="political_prisoners", value=250, org="foro_penal", as_of=None)],
    ),
    (
        "es-after-the-election-held-in-a-month-is-a-start",
        "es",
        "2025-08",
        "Tras las polémicas elecciones presidenciales celebradas en julio de 2024, más de 1.900 personas fueron "
        "detenidas en Venezuela, según Provea.",
        [dict(metric="detentions", value=1900, org="other_ngo", since="2024-07-01", as_of=None)],
    ),
    (
        "es-the-toll-of-a-past-event-is-not-dated-today",
        "es",
        "2024-09-01",
        "Las protestas en Venezuela dejaron 20 muertos y más de 1.500 detenidos, según el gobierno.",
        [dict(metric="detentions", value=1500, org="government", as_of=None, qualifier="more_than")],
    ),
    (
        "es-what-repression-left-behind-is-todays-count",
        "es",
        "2024-09-01",
        "Según Foro Penal, la represión dejó a 1.700 presos políticos en las cárceles de Venezuela.",
        [dict(metric="political_prisoners", value=1700, org="foro_penal", as_of="2024-09-01")],
    ),
    (
        "en-the-toll-of-a-past-event-is-not-dated-today",
        "en",
        "2024-09-01",
        "The Venezuelan government said the protests, which left 20 dead, ended with 1,500 people arrested.",
        [dict(metric="detentions", value=1500, org="government", as_of=None)],
    ),
    (
        "en-alternative-measures-granted-are-releases",
        "en",
        "2024-08-12",
        "Venezuelan courts granted 140 alternative measures over the weekend, the attorney general said.",
        [dict(metric="releases", value=140, org="government")],
    ),
    (
        "es-substitute-measures-granted-are-releases",
        "es",
        "2024-08-12",
        "Los tribunales de Venezuela otorgaron 96 medidas sustitutivas a manifestantes detenidos.",
        [dict(metric="releases", value=96, org="media")],
    ),
    (
        "en-people-under-alternative-measures-are-restricted",
        "en",
        "2024-08-12",
        "More than 9,000 people remain under alternative measures in Venezuela, Foro Penal said.",
        [dict(metric="restricted_liberty", value=9000, org="foro_penal", qualifier="more_than")],
    ),
    (
        "es-people-with-substitute-measures-are-restricted",
        "es",
        "2024-08-12",
        "Unas 310 personas siguen con medidas sustitutivas en Venezuela, según Foro Penal.",
        [dict(metric="restricted_liberty", value=310, org="foro_penal", qualifier="approx")],
    ),
    (
        "pt-people-with-alternative-measures-are-restricted",
        "pt",
        "2024-08-12",
        "O Foro Penal informou que 8 mil pessoas seguem com medidas alternativas na Venezuela.",
        [dict(metric="restricted_liberty", value=8000, org="foro_penal")],
    ),
    (
        "pt-alternative-measures-granted-are-releases",
        "pt",
        "2024-08-12",
        "A Justiça da Venezuela concedeu 58 medidas alternativas a manifestantes presos.",
        [dict(metric="releases", value=58, org="media")],
    ),
]


def _matches(claim: Claim, expected: dict[str, Any]) -> bool:
    return all(getattr(claim, k) == v for k, v in expected.items())


@pytest.mark.parametrize(("lang", "published", "text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_claims(lang: str, published: str | None, text: str, expected: list[dict[str, Any]]) -> None:
    claims = extract_claims(text, lang=lang, published=published)
    for want in expected:
        assert any(_matches(c, want) for c in claims), f"missing {want} in {claims}"
    assert len(claims) == len(expected), f"unexpected extra claims: {claims}"


def test_language_is_detected_when_missing() -> None:
    claims = extract_claims("Foro Penal informó que hay 300 presos políticos en Venezuela.", published="2024-01-02")
    assert [(c.metric, c.value, c.org) for c in claims] == [("political_prisoners", 300, "foro_penal")]


def test_claims_are_typed_and_serializable() -> None:
    (claim,) = extract_claims("Foro Penal: hay 300 presos políticos en Venezuela.", "es", "2024-01-02")
    assert Claim.from_dict(claim.to_dict()) == claim


def test_a_long_page_is_read_where_it_matters() -> None:
    """Menus and unrelated stories around one paragraph with a count: the claim and its quote survive."""
    filler = "\n".join(f"Sección {i}: noticias de economía, deportes y clima de la semana." for i in range(400))
    text = f"Portada\n{filler}\nForo Penal informó que hay 640 presos políticos en Venezuela.\n{filler}"
    (claim,) = extract_claims(text, "es", "2026-02-10")
    assert (claim.metric, claim.value, claim.org) == ("political_prisoners", 640, "foro_penal")
    assert claim.evidence == "Foro Penal informó que hay 640 presos políticos en Venezuela."


@pytest.mark.parametrize(
    ("url", "org"),
    [
        ("https://foropenal.com/reporte-sobre-la-represion-marzo-2026/", "foro_penal"),
        ("https://foropenal.com/en/report-march-2026/", "foro_penal"),
        ("https://www.amnesty.org/es/latest/news/2026/03/venezuela/", "other_ngo"),
        ("https://rau.es.amnesty.org/accion/venezuela/", "other_ngo"),
        ("https://example-news.test/2026/03/venezuela/", "media"),
        (None, "media"),
    ],
)
def test_unattributed_figures_belong_to_the_site_that_publishes_them(url: str | None, org: str) -> None:
    """A report on Foro Penal's (or an NGO's) own site states its own figures; on a news site they are the press's."""
    text = "Balance de marzo de 2026:\n\n• 812 presos políticos en Venezuela al 31 de marzo de 2026."
    (claim,) = extract_claims(text, "es", "2026-04-02", url)
    assert (claim.metric, claim.value, claim.org) == ("political_prisoners", 812, org)


def test_an_attribution_in_the_text_wins_over_the_site() -> None:
    text = "El Gobierno de Venezuela dijo que 500 personas fueron excarceladas desde el 8 de enero."
    (claim,) = extract_claims(text, "es", "2026-01-26", "https://foropenal.com/noticias/gobierno-500/")
    assert (claim.metric, claim.value, claim.org) == ("releases", 500, "government")


@pytest.mark.parametrize(
    ("month", "day", "weekday", "today", "expected"),
    [
        (2, 23, 5, date(2026, 11, 30), date(2019, 2, 23)),  # a Saturday 23 February: 2019, not 2030
        (4, 12, 6, date(2026, 11, 30), date(2026, 4, 12)),
        (12, 25, 0, date(2026, 11, 30), date(2023, 12, 25)),  # not yet this year: the last one before
        (2, 30, 0, date(2026, 11, 30), None),  # no such day
    ],
)
def test_an_undated_weekday_fixes_the_latest_year_it_fits(
    month: int, day: int, weekday: int, today: date, expected: date | None
) -> None:
    assert year_by_weekday(month, day, weekday, today) == expected
