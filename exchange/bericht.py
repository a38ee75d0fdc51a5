"""The XML message for client-tracking systems (option 2+ of the CP-ICT impact analysis).

Built from the same rows as the CSV and XLSX exports, so the formats cannot disagree. The
schema is ``schemas/participatieladder-1.0.xsd``; ``docs/xml-bericht.md`` describes it.
"""

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only builds XML, never parses it
from collections.abc import Iterable

from exchange.kolommen import KENMERK_CODES, PERSOONSGEGEVENS

NAMESPACE = "urn:participatieladder:bericht:1.0"
VERSIE = "1.0"
XML_MIMETYPE = "application/xml; charset=utf-8"

# Characters XML 1.0 cannot carry at all; they are dropped from free text.
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _tekst(waarde: object) -> str:
    if isinstance(waarde, datetime.datetime):
        return waarde.replace(microsecond=0).isoformat() + "Z"
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return _ONGELDIG.sub("", str(waarde))


def _element(ouder: ET.Element, naam: str, waarde: object = None, **attrs) -> ET.Element:
    element = ET.SubElement(ouder, naam, {k: _tekst(v) for k, v in attrs.items()})
    if waarde is not None:
        element.text = _tekst(waarde)
    return element


def _optioneel(ouder: ET.Element, rij: dict, *namen: str) -> None:
    """An element per field that has a value; empty fields are left out."""
    for naam in namen:
        if rij.get(naam) not in (None, ""):
            _element(ouder, naam, rij[naam])


def bericht(metingen: Iterable[tuple[dict, datetime.datetime]], aangemaakt) -> bytes:
    """A message with one ``meting`` element per (row, gewijzigd) pair."""
    # The namespace is declared as the default on the root, so every element is in it and
    # the attributes (id, code, vraag) stay unqualified, as the schema says.
    root = ET.Element("bericht", {"xmlns": NAMESPACE, "versie": VERSIE})
    _element(root, "aangemaakt", aangemaakt)
    for rij, gewijzigd in metingen:
        _meting(root, rij, gewijzigd)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _meting(root: ET.Element, rij: dict, gewijzigd: datetime.datetime) -> None:
    meting = _element(root, "meting", id=rij["meting_id"])
    _element(meting, "status", rij["status"])
    _element(meting, "gewijzigd", gewijzigd)
    _klant(meting, rij)
    _werkproces(_element(meting, "werkprocesgegevens"), rij)
    _positie(_element(meting, "positie"), rij)
    if rij["subgroepen"]:
        subgroepen = _element(meting, "subgroepen")
        for code in rij["subgroepen"].split(","):
            _element(subgroepen, "subgroep", code=code)
    kenmerken = _element(meting, "klantkenmerken")
    _optioneel(kenmerken, rij, *KENMERK_CODES)
    _optioneel(meting, rij, "toelichting")


def _klant(meting: ET.Element, rij: dict) -> None:
    klant = _element(meting, "klant", id=rij["klant_id"])
    if rij.get("bsn"):
        gegevens = _element(klant, "persoonsgegevens")
        _optioneel(gegevens, rij, *(k.naam for k in PERSOONSGEGEVENS))
    if rij["gemeente_code"]:
        _element(klant, "gemeente", rij["gemeente"], code=rij["gemeente_code"])


def _werkproces(werkproces: ET.Element, rij: dict) -> None:
    _optioneel(werkproces, rij, "meetdatum", "aanleiding", "uitstroomreden", "volgende_meetdatum")
    if rij["klantmanager"]:
        _element(werkproces, "klantmanager", rij["klantmanager"], email=rij["klantmanager_email"])
    _optioneel(werkproces, rij, "team", "afdeling", "invoerder", "organisatie")


def _positie(positie: ET.Element, rij: dict) -> None:
    _optioneel(positie, rij, "trede", "groeipotentieel", "code_toelichting")
    vragen = [n for n in range(1, 6) if rij[f"v{n}"]]
    if vragen:
        antwoorden = _element(positie, "antwoorden")
        for n in vragen:
            _element(antwoorden, "antwoord", rij[f"v{n}"], vraag=f"V{n}")
    _optioneel(positie, rij, "srg_code")
