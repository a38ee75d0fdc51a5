"""The check of a meting's columns in an import row, by the instrument's own rules.

This module parses the columns; the rules are those of every meting (ladder/regels.py):
Table 3.1 routing decides whether the V-answers fit the trede (without answers, the one
path to that trede is implied); Table 3.2 whether a groeipotentieel belongs to it.
"""

import re

from exchange.kolommen import KENMERK_CODES, VRAAG_KOLOMMEN
from exchange.validatie import Bronrij, Context, datum, keuze, tekst
from ladder import klantkenmerken, meetmomenten, regels, treden

# The column an import file has for a field the rules name.
KOLOM_VAN_VELD = {"antwoorden": "v1"}
SCHEIDING = re.compile(r"[,;|\s]+")


def meting(rij: Bronrij, ctx: Context) -> dict:
    """The fields of a meting: meetmoment, positie, klantkenmerken, toelichting."""
    gegevens = {
        "meetdatum": datum(rij, "meetdatum", ctx, "Meetdatum ontbreekt."),
        "aanleiding": _aanleiding(rij),
        "toelichting": tekst(rij, "toelichting", 5000, meerregelig=True),
    }
    melding = "Onbekende reden van uitstroom: zie de codes in het sjabloon."
    gegevens["uitstroomreden"] = keuze(
        rij, "uitstroomreden", meetmomenten.UITSTROOMREDENEN, "", melding
    )
    gegevens["volgende_meetdatum"] = datum(rij, "volgende_meetdatum", ctx)
    _regels(
        rij,
        regels.meetmoment_fouten(
            aanleiding=gegevens["aanleiding"],
            meetdatum=gegevens["meetdatum"],
            volgende_meetdatum=gegevens["volgende_meetdatum"],
            uitstroomreden=gegevens["uitstroomreden"] or rij.get("uitstroomreden"),
            volgende_verplicht=False,
        ),
    )
    gegevens.update(positie(rij))
    gegevens.update(kenmerken(rij))
    if rij.get("status").lower() not in ("", "definitief"):
        rij.fout("status", "Alleen definitieve metingen worden ingelezen.")
    return gegevens


def positie(rij: Bronrij) -> dict:
    """Trede, the V-answers that lead to it (Table 3.1) and groeipotentieel (Table 3.2)."""
    trede, plus = _trede(rij)
    antwoorden = _antwoorden(rij)
    if trede is None:
        return {}
    waarde = rij.get("groeipotentieel") or plus
    if plus and waarde != plus:
        rij.fout("groeipotentieel", "Het groeipotentieel spreekt de trede (zoals 4+) tegen.")
    toelichting = tekst(rij, "code_toelichting", 2000, meerregelig=True)
    _regels(
        rij,
        regels.positie_fouten(trede=trede, antwoorden=antwoorden, groeipotentieel_waarde=waarde)
        + regels.code_toelichting_fouten(
            trede=trede, code_toelichting=toelichting, toelichting_verplicht=False
        ),
    )
    return {
        "trede": trede,
        # Without answers the one path to the trede is implied.
        "antwoorden": antwoorden or None,
        "groei": {"+": True, "0": False}.get(waarde),
        "code_toelichting": toelichting,
    }


def _regels(rij: Bronrij, fouten: list[regels.Fout]) -> None:
    """The rules' messages, each beside its column unless that column has one already."""
    al = {fout.kolom for fout in rij.fouten}
    for veld, melding in fouten:
        kolom = KOLOM_VAN_VELD.get(veld, veld)
        if kolom not in al:
            rij.fout(kolom, melding)


def _trede(rij: Bronrij) -> tuple[int | None, str]:
    """The trede, also written as a label such as "4+"."""
    waarde = rij.get("trede")
    if not waarde:
        rij.fout("trede", "Trede ontbreekt.")
        return None, ""
    plus = "+" if waarde.endswith("+") else ""
    getal = waarde.removesuffix("+").strip()
    # A trede has one digit; int() of a cell of thousands of digits raises (Python's limit).
    cijfers = getal.isascii() and getal.isdigit() and len(getal.lstrip("0")) <= 1
    if not cijfers or int(getal) not in treden.ALLE_WAARDEN:
        rij.fout("trede", "Onbekende trede: gebruik 1 t/m 6 of de code 0, 8 of 9.")
        return None, ""
    return int(getal), plus


def _antwoorden(rij: Bronrij) -> dict[str, bool]:
    antwoorden = {}
    for kolom, vraag in VRAAG_KOLOMMEN.items():
        waarde = rij.get(kolom).lower()
        if waarde in ("ja", "nee"):
            antwoorden[vraag] = waarde == "ja"
        elif waarde:
            rij.fout(kolom, "Ongeldig antwoord: gebruik ja of nee.")
    return antwoorden


def kenmerken(rij: Bronrij) -> dict:
    """The nine klantkenmerken as codes; item 6 may hold a municipal code (Bijlage 1)."""
    gegevens = {}
    for kenmerk, code, opties, melding in _KENMERKEN:
        if kenmerk.eigen_code_toegestaan and rij.get(code).lower() not in ("ja", "nee"):
            gegevens[code] = tekst(rij, code, 30)
            continue
        gegevens[code] = keuze(rij, code, opties, "", melding)
    return gegevens


# Per klantkenmerk its code, its options and the message when a value is none of them (made
# once: ten thousand rows made them 90 000 times).
_KENMERKEN = [
    (
        kenmerk,
        code,
        dict(kenmerk.opties),
        f"Onbekende waarde voor {code}: gebruik {' of '.join(o for o, _ in kenmerk.opties)}.",
    )
    for kenmerk, code in zip(klantkenmerken.KLANTKENMERKEN, KENMERK_CODES, strict=True)
]


def _aanleiding(rij: Bronrij) -> str:
    if not rij.get("aanleiding"):
        rij.fout("aanleiding", "Aanleiding ontbreekt.")
        return ""
    melding = "Onbekende aanleiding: zie de codes in het sjabloon."
    return keuze(rij, "aanleiding", meetmomenten.AANLEIDINGEN, "", melding)


def subgroepen(rij: Bronrij, ctx: Context) -> list[str]:
    """The subgroep codes (Table 3.3 and the organisation's own), without repeats."""
    codes = list(dict.fromkeys(c for c in SCHEIDING.split(rij.get("subgroepen")) if c))
    for code in codes:
        if code not in ctx.subgroepen:
            rij.fout("subgroepen", f"Onbekende subgroep: {code[:30]}.")
    return codes
