"""The rules a meting keeps, wherever it comes from: the conversation's pages, the check
page before saving, and each row of an import.

Each check returns (field, message) pairs, the field named as the meting names it, so a
form puts the message beside its field and an import beside its column. Nothing here reads
a form or a file; the callers parse, these functions judge.
"""

import datetime
from collections.abc import Mapping

from ladder import groeipotentieel, meetmomenten, treden, vragen

Fout = tuple[str, str]

UITSTROOMREDEN_ONTBREEKT = "Kies waarom de klant van de ladder afstroomt."
UITSTROOMREDEN_ZONDER_UITSTROOM = "Een reden van uitstroom hoort alleen bij aanleiding uitstroom."
VOLGENDE_ONTBREEKT = "Vul de volgende meetdatum in."
VOLGENDE_BIJ_UITSTROOM = (
    "Bij uitstroom is er geen volgende meting: laat de volgende meetdatum leeg."
)
VOLGENDE_VOOR_MEETDATUM = "De volgende meetdatum moet na de meetdatum liggen."
GROEI_NVT = "Groeipotentieel is n.v.t. bij trede 6 en de codes 0, 8 en 9."
GROEI_ONTBREEKT = "Groeipotentieel ontbreekt of is ongeldig: gebruik + of 0."
ANTWOORDEN_BIJ_CODE = "Bij de code 0, 8 of 9 horen geen antwoorden op V1 t/m V5."
CODE_TOELICHTING_ONTBREEKT = "Licht kort toe waarom u een code vastlegt in plaats van een trede."
CODE_TOELICHTING_BIJ_TREDE = "Een toelichting bij de code hoort alleen bij 0, 8 of 9."


def meetmoment_fouten(
    *,
    aanleiding: str,
    meetdatum: datetime.date | None,
    volgende_meetdatum: datetime.date | None,
    uitstroomreden: str,
    volgende_verplicht: bool = True,
) -> list[Fout]:
    """Uitstroom has a reason and no next meetmoment; any other meting plans the next one
    after its own date (§2.3). `volgende_verplicht`: False for an import, whose source may
    not have planned one."""
    fouten: list[Fout] = []
    uitstroom = aanleiding == meetmomenten.UITSTROOM
    if uitstroom and not uitstroomreden:
        fouten.append(("uitstroomreden", UITSTROOMREDEN_ONTBREEKT))
    elif not uitstroom and uitstroomreden:
        fouten.append(("uitstroomreden", UITSTROOMREDEN_ZONDER_UITSTROOM))
    if uitstroom and volgende_meetdatum is not None:
        fouten.append(("volgende_meetdatum", VOLGENDE_BIJ_UITSTROOM))
    elif not uitstroom and volgende_meetdatum is None and volgende_verplicht:
        fouten.append(("volgende_meetdatum", VOLGENDE_ONTBREEKT))
    elif volgende_meetdatum is not None and meetdatum and volgende_meetdatum <= meetdatum:
        fouten.append(("volgende_meetdatum", VOLGENDE_VOOR_MEETDATUM))
    return fouten


def code_toelichting_fouten(
    *, trede: int | None, code_toelichting: str, toelichting_verplicht: bool = True
) -> list[Fout]:
    """A code 0, 8 or 9 says why the trede was not determined; a trede has no such text."""
    if trede in treden.CODES and not code_toelichting and toelichting_verplicht:
        return [("code_toelichting", CODE_TOELICHTING_ONTBREEKT)]
    if trede in treden.TREDEN and code_toelichting:
        return [("code_toelichting", CODE_TOELICHTING_BIJ_TREDE)]
    return []


def positie_fouten(
    *, trede: int | None, antwoorden: Mapping[str, bool], groeipotentieel_waarde: str | None
) -> list[Fout]:
    """The answers lead to the trede (Table 3.1), and a groeipotentieel belongs to treden
    1-5 only (Table 3.2)."""
    fouten: list[Fout] = []
    if trede in treden.CODES and antwoorden:
        fouten.append(("antwoorden", ANTWOORDEN_BIJ_CODE))
    elif trede in treden.TREDEN and antwoorden and not _leiden_naar(antwoorden, trede):
        fouten.append(("antwoorden", f"De antwoorden op V1 t/m V5 passen niet bij trede {trede}."))
    heeft_groei = trede is not None and groeipotentieel.groeivraag(trede) is not None
    if not heeft_groei and groeipotentieel_waarde:
        fouten.append(("groeipotentieel", GROEI_NVT))
    elif heeft_groei and groeipotentieel_waarde not in ("+", "0"):
        fouten.append(("groeipotentieel", GROEI_ONTBREEKT))
    return fouten


def _leiden_naar(antwoorden: Mapping[str, bool], trede: int) -> bool:
    """The answers are one whole path of Table 3.1, ending at this trede."""
    return (
        vragen.route(antwoorden).trede == trede
        and vragen.geldige_antwoorden(antwoorden) == antwoorden
    )


def fouten(
    *,
    aanleiding: str,
    meetdatum: datetime.date | None,
    volgende_meetdatum: datetime.date | None,
    uitstroomreden: str,
    trede: int | None,
    antwoorden: Mapping[str, bool],
    groeipotentieel_waarde: str | None,
    code_toelichting: str,
    volledig: bool = True,
) -> list[Fout]:
    """Every rule of a whole meting. `volledig`: what the conversation always asks (the
    next meetdatum, why a code) must be there; an import may leave it out."""
    return (
        meetmoment_fouten(
            aanleiding=aanleiding,
            meetdatum=meetdatum,
            volgende_meetdatum=volgende_meetdatum,
            uitstroomreden=uitstroomreden,
            volgende_verplicht=volledig,
        )
        + positie_fouten(
            trede=trede, antwoorden=antwoorden, groeipotentieel_waarde=groeipotentieel_waarde
        )
        + code_toelichting_fouten(
            trede=trede, code_toelichting=code_toelichting, toelichting_verplicht=volledig
        )
    )
