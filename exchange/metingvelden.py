"""The check of a meting's columns in an import row, by the instrument's own rules.

Table 3.1 routing decides whether the V-answers fit the trede (without answers, the one
path to that trede is implied); Table 3.2 whether a groeipotentieel belongs to it.
"""

import datetime
import json
import re

from exchange.kolommen import KENMERK_CODES, VRAAG_KOLOMMEN
from exchange.validatie import Context, Rij, datum, keuze, tekst
from ladder import klantkenmerken, meetmomenten, treden, vragen

PADEN = {trede: antwoorden for antwoorden, trede in vragen.alle_paden()}
SCHEIDING = re.compile(r"[,;|\s]+")


def meting(rij: Rij, ctx: Context) -> dict:
    """The fields of a meting: meetmoment, positie, klantkenmerken, toelichting."""
    gegevens = {
        "meetdatum": datum(rij, "meetdatum", ctx, "Meetdatum ontbreekt."),
        "aanleiding": _aanleiding(rij),
        "toelichting": tekst(rij, "toelichting", 5000, meerregelig=True),
    }
    gegevens["uitstroomreden"] = _uitstroomreden(rij, gegevens["aanleiding"])
    gegevens["volgende_meetdatum"] = _volgende(rij, ctx, gegevens)
    gegevens.update(positie(rij))
    gegevens.update(kenmerken(rij))
    if rij.get("status").lower() not in ("", "definitief"):
        rij.fout("status", "Alleen definitieve metingen worden ingelezen.")
    return gegevens


def positie(rij: Rij) -> dict:
    """Trede, the V-answers that lead to it (Table 3.1) and groeipotentieel (Table 3.2)."""
    trede, groei = _trede(rij)
    antwoorden = _antwoorden(rij)
    if trede is None:
        return {}
    if trede in treden.TREDEN:
        antwoorden = _route(rij, trede, antwoorden)
    elif antwoorden:
        rij.fout("v1", "Bij de code 0, 8 of 9 horen geen antwoorden op V1 t/m V5.")
    groei = _groeipotentieel(rij, trede, groei)
    toelichting = tekst(rij, "code_toelichting", 2000, meerregelig=True)
    if toelichting and trede in treden.TREDEN:
        rij.fout("code_toelichting", "Een toelichting bij de code hoort alleen bij 0, 8 of 9.")
    return {
        "trede": trede,
        "antwoorden": json.dumps(antwoorden),
        "groeipotentieel": groei,
        "groei_antwoord": {"+": "ja", "0": "nee"}.get(groei or "", ""),
        "code_toelichting": toelichting,
    }


def _trede(rij: Rij) -> tuple[int | None, str]:
    """The trede, also written as a label such as "4+"."""
    waarde = rij.get("trede")
    if not waarde:
        rij.fout("trede", "Trede ontbreekt.")
        return None, ""
    plus = "+" if waarde.endswith("+") else ""
    getal = waarde.removesuffix("+").strip()
    if not (getal.isascii() and getal.isdigit()) or int(getal) not in treden.ALLE_WAARDEN:
        rij.fout("trede", "Onbekende trede: gebruik 1 t/m 6 of de code 0, 8 of 9.")
        return None, ""
    return int(getal), plus


def _antwoorden(rij: Rij) -> dict[str, bool]:
    antwoorden = {}
    for kolom, vraag in VRAAG_KOLOMMEN.items():
        waarde = rij.get(kolom).lower()
        if waarde in ("ja", "nee"):
            antwoorden[vraag] = waarde == "ja"
        elif waarde:
            rij.fout(kolom, "Ongeldig antwoord: gebruik ja of nee.")
    return antwoorden


def _route(rij: Rij, trede: int, antwoorden: dict[str, bool]) -> dict[str, bool]:
    """Without answers the path to the trede is implied; given answers must lead there."""
    if not antwoorden:
        return dict(PADEN[trede])
    uitkomst = vragen.route(antwoorden)
    if uitkomst.trede != trede or vragen.geldige_antwoorden(antwoorden) != antwoorden:
        rij.fout("v1", f"De antwoorden op V1 t/m V5 passen niet bij trede {trede}.")
    return antwoorden


def _groeipotentieel(rij: Rij, trede: int, uit_trede: str) -> str | None:
    waarde = rij.get("groeipotentieel") or uit_trede
    if uit_trede and waarde != uit_trede:
        rij.fout("groeipotentieel", "Het groeipotentieel spreekt de trede (zoals 4+) tegen.")
    if not 1 <= trede <= 5:
        if waarde:
            rij.fout("groeipotentieel", "Groeipotentieel is n.v.t. bij trede 6 en de codes.")
        return None
    if waarde not in ("+", "0"):
        rij.fout("groeipotentieel", "Groeipotentieel ontbreekt of is ongeldig: gebruik + of 0.")
        return None
    return waarde


def kenmerken(rij: Rij) -> dict:
    """The nine klantkenmerken as codes; item 6 may hold a municipal code (Bijlage 1)."""
    gegevens = {}
    for kenmerk, code in zip(klantkenmerken.KLANTKENMERKEN, KENMERK_CODES, strict=True):
        if kenmerk.eigen_code_toegestaan and rij.get(code).lower() not in ("ja", "nee"):
            gegevens[code] = tekst(rij, code, 30)
            continue
        codes = " of ".join(optie for optie, _ in kenmerk.opties)
        melding = f"Onbekende waarde voor {code}: gebruik {codes}."
        gegevens[code] = keuze(rij, code, dict(kenmerk.opties), "", melding)
    return gegevens


def _aanleiding(rij: Rij) -> str:
    if not rij.get("aanleiding"):
        rij.fout("aanleiding", "Aanleiding ontbreekt.")
        return ""
    melding = "Onbekende aanleiding: zie de codes in het sjabloon."
    return keuze(rij, "aanleiding", meetmomenten.AANLEIDINGEN, "", melding)


def _uitstroomreden(rij: Rij, aanleiding: str) -> str:
    waarde = rij.get("uitstroomreden")
    if aanleiding == meetmomenten.UITSTROOM and not waarde:
        rij.fout("uitstroomreden", "Reden van uitstroom ontbreekt.")
    elif aanleiding != meetmomenten.UITSTROOM and waarde:
        rij.fout("uitstroomreden", "Een reden van uitstroom hoort alleen bij aanleiding uitstroom.")
    else:
        melding = "Onbekende reden van uitstroom: zie de codes in het sjabloon."
        return keuze(rij, "uitstroomreden", meetmomenten.UITSTROOMREDENEN, "", melding)
    return ""


def _volgende(rij: Rij, ctx: Context, gegevens: dict) -> datetime.date | None:
    volgende = datum(rij, "volgende_meetdatum", ctx)
    if volgende and gegevens["aanleiding"] == meetmomenten.UITSTROOM:
        rij.fout("volgende_meetdatum", "Bij uitstroom is er geen volgende meetdatum.")
    elif volgende and gegevens["meetdatum"] and volgende <= gegevens["meetdatum"]:
        rij.fout("volgende_meetdatum", "De volgende meetdatum moet na de meetdatum liggen.")
    return volgende


def subgroepen(rij: Rij, ctx: Context) -> list[str]:
    """The subgroep codes (Table 3.3 and the organisation's own), without repeats."""
    codes = list(dict.fromkeys(c for c in SCHEIDING.split(rij.get("subgroepen")) if c))
    for code in codes:
        if code not in ctx.subgroepen:
            rij.fout("subgroepen", f"Onbekende subgroep: {code[:30]}.")
    return codes
