"""The XML message for client-tracking systems (option 2+ of the CP-ICT impact analysis).

Built from the same rows as the CSV and XLSX exports, so the formats cannot disagree. The
schema is ``schemas/participatieladder-1.0.xsd``; ``docs/xml-bericht.md`` describes it.
"""

import datetime
import io
import re
from collections.abc import Iterable
from typing import BinaryIO

from exchange.kolommen import KENMERK_CODES, PERSOONSGEGEVENS

NAMESPACE = "urn:participatieladder:bericht:1.0"
VERSIE = "1.0"
XML_MIMETYPE = "application/xml; charset=utf-8"

# Characters XML 1.0 cannot carry at all; they are dropped from free text.
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Escaped as xml.etree.ElementTree escapes them, which wrote this message before: text and
# attributes are written as strings here, a tenth of the time of building and serialising
# a tree of 700 000 elements for 16 000 metingen.
_IN_TEKST = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_IN_ATTRIBUUT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;"}
    | {"\t": "&#09;"}
)


def _tekst(waarde: object) -> str:
    if isinstance(waarde, datetime.datetime):
        return waarde.replace(microsecond=0).isoformat() + "Z"
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return _ONGELDIG.sub("", str(waarde))


def _open(uit: list[str], naam: str, leeg: bool = False, **attrs) -> None:
    velden = "".join(f' {k}="{_tekst(v).translate(_IN_ATTRIBUUT)}"' for k, v in attrs.items())
    uit.append(f"<{naam}{velden} />" if leeg else f"<{naam}{velden}>")


def _element(uit: list[str], naam: str, waarde: object, **attrs) -> None:
    _open(uit, naam, **attrs)
    uit.append(f"{_tekst(waarde).translate(_IN_TEKST)}</{naam}>")


def _optioneel(uit: list[str], rij: dict, *namen: str) -> None:
    """An element per field that has a value; empty fields are left out."""
    for naam in namen:
        if rij.get(naam) not in (None, ""):
            _element(uit, naam, rij[naam])


def bericht(metingen: Iterable[tuple[dict, datetime.datetime]], aangemaakt) -> bytes:
    """A message with one ``meting`` element per (row, gewijzigd) pair."""
    output = io.BytesIO()
    bericht_naar(output, metingen, aangemaakt)
    return output.getvalue()


def bericht_naar(
    uit: BinaryIO, metingen: Iterable[tuple[dict, datetime.datetime]], aangemaakt
) -> None:
    """The same message written into a binary file (an export's temporary file), a meting
    at a time, so that memory does not grow with the metingen."""
    # The namespace is declared as the default on the root, so every element is in it and
    # the attributes (id, code, vraag) stay unqualified, as the schema says.
    kop = ["<?xml version='1.0' encoding='utf-8'?>\n"]
    _open(kop, "bericht", xmlns=NAMESPACE, versie=VERSIE)
    _element(kop, "aangemaakt", aangemaakt)
    uit.write("".join(kop).encode("utf-8"))
    for rij, gewijzigd in metingen:
        deel: list[str] = []
        _meting(deel, rij, gewijzigd)
        uit.write("".join(deel).encode("utf-8"))
    uit.write(b"</bericht>")


def _meting(uit: list[str], rij: dict, gewijzigd: datetime.datetime) -> None:
    _open(uit, "meting", id=rij["meting_id"])
    _element(uit, "status", rij["status"])
    _element(uit, "gewijzigd", gewijzigd)
    _klant(uit, rij)
    _open(uit, "werkprocesgegevens")
    _werkproces(uit, rij)
    uit.append("</werkprocesgegevens>")
    _open(uit, "positie")
    _positie(uit, rij)
    uit.append("</positie>")
    if rij["subgroepen"]:
        _open(uit, "subgroepen")
        for code in rij["subgroepen"].split(","):
            _open(uit, "subgroep", leeg=True, code=code)
        uit.append("</subgroepen>")
    _open(uit, "klantkenmerken")
    _optioneel(uit, rij, *KENMERK_CODES)
    uit.append("</klantkenmerken>")
    _optioneel(uit, rij, "toelichting")
    uit.append("</meting>")


def _klant(uit: list[str], rij: dict) -> None:
    _open(uit, "klant", id=rij["klant_id"])
    if rij.get("bsn"):
        _open(uit, "persoonsgegevens")
        _optioneel(uit, rij, *(k.naam for k in PERSOONSGEGEVENS))
        uit.append("</persoonsgegevens>")
    if rij["gemeente_code"]:
        _element(uit, "gemeente", rij["gemeente"], code=rij["gemeente_code"])
    uit.append("</klant>")


def _werkproces(uit: list[str], rij: dict) -> None:
    _optioneel(uit, rij, "meetdatum", "aanleiding", "uitstroomreden", "volgende_meetdatum")
    if rij["klantmanager"]:
        _element(uit, "klantmanager", rij["klantmanager"], email=rij["klantmanager_email"])
    _optioneel(uit, rij, "team", "afdeling", "invoerder", "organisatie")


def _positie(uit: list[str], rij: dict) -> None:
    _optioneel(uit, rij, "trede", "groeipotentieel", "code_toelichting")
    vragen = [n for n in range(1, 6) if rij[f"v{n}"]]
    if vragen:
        _open(uit, "antwoorden")
        for n in vragen:
            _element(uit, "antwoord", rij[f"v{n}"], vraag=f"V{n}")
        uit.append("</antwoorden>")
    _optioneel(uit, rij, "srg_code")
