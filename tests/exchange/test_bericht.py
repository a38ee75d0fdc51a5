"""The XML message written as strings says exactly what the ElementTree version said: the
same canonical XML (C14N) for rows with every kind of awkward text, and it meets the schema."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses what the tests themselves made

import pytest

from exchange import bericht
from exchange.kolommen import KENMERK_CODES, PERSOONSGEGEVENS
from tests.fixtures import bericht_et
from tests.fixtures.uitwisseling import valideer_xml

NU = datetime.datetime(2026, 3, 2, 9, 0, 5, 123456)
LASTIG = [
    "a & b < c > d \"e\" 'f'",
    "regel 1\nregel 2\r\nregel 3\ttab",
    "\x01\x08 stuurtekens \x0b\x0c\x1f weg \ufffe\uffff",
    "]]> <![CDATA[ x ]]>",
    "Ünïcode ✓ 😀 محمد",
    "  spaties  ",
]


def _rij(tekst: str, n: int) -> dict:
    rij = {
        "meting_id": n,
        "klant_id": 10 + n,
        "gemeente_code": "0344",
        "gemeente": tekst,
        "meetdatum": datetime.date(2026, 2, 1),
        "aanleiding": "intake",
        "uitstroomreden": "",
        "volgende_meetdatum": None,
        "klantmanager": tekst,
        "klantmanager_email": tekst,
        "team": tekst,
        "afdeling": "",
        "invoerder": "Invoerder",
        "organisatie": tekst,
        "trede": 3,
        "groeipotentieel": "+",
        "code_toelichting": "",
        "subgroepen": "1,3" if n % 2 else "",
        "toelichting": tekst,
        "status": "definitief",
        "srg_code": "3",
        **{f"v{i}": ("ja" if i < 3 else "") for i in range(1, 6)},
        **dict.fromkeys(KENMERK_CODES, "nee"),
        "inkomenssituatie": "gemeentelijke_uitkering",
    }
    rij.update({k.naam: tekst for k in PERSOONSGEGEVENS})
    rij.update(bsn="123456782", geboortedatum=datetime.date(1985, 5, 14))
    return rij


@pytest.mark.parametrize("tekst", LASTIG)
def test_the_message_is_what_elementtree_wrote(tekst):
    metingen = [(_rij(tekst, n), NU) for n in range(3)]
    nieuw, oud = bericht.bericht(metingen, NU), bericht_et.bericht(metingen, NU)
    assert ET.canonicalize(nieuw.decode()) == ET.canonicalize(oud.decode())
    assert nieuw.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")


def test_an_empty_message_and_one_without_personal_data():
    assert ET.canonicalize(bericht.bericht([], NU).decode()) == ET.canonicalize(
        bericht_et.bericht([], NU).decode()
    )
    rij = {**_rij("x", 1), "bsn": "", "gemeente_code": "", "klantmanager": ""}
    for i in range(1, 6):
        rij[f"v{i}"] = ""
    nieuw, oud = bericht.bericht([(rij, NU)], NU), bericht_et.bericht([(rij, NU)], NU)
    assert ET.canonicalize(nieuw.decode()) == ET.canonicalize(oud.decode())
    valideer_xml(nieuw)
