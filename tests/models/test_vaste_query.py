"""VasteQuery (models/vaste_query.py) gives the same rows as the peewee query it stands for,
on both engines, for any value of its parameter (bench/vaste_query.py: why it exists)."""

import pytest

from models import Klant, Organisatie
from models.vaste_query import VasteQuery


def _klant_van(organisatie_id: int):
    return (
        Klant.select(Klant, Organisatie)
        .join(Organisatie)
        .where(Klant.organisatie == organisatie_id)
    )


def test_the_rows_are_those_of_the_query_built_with_the_same_value(
    app, make_organisatie, make_klant
):
    eerste, tweede = make_organisatie("Gemeente Een"), make_organisatie("Gemeente Twee")
    make_klant(eerste, achternaam="Aalders")
    make_klant(tweede, achternaam="Brink")
    make_klant(tweede, achternaam="Claes")
    vast = VasteQuery(_klant_van, -987654321)
    for organisatie in (eerste, tweede, eerste):
        verwacht = [(k.id, k.achternaam, k.organisatie.naam) for k in _klant_van(organisatie.id)]
        gekregen = [(k.id, k.achternaam, k.organisatie.naam) for k in vast.rijen(organisatie.id)]
        assert gekregen == verwacht and gekregen
    assert vast.eerste(-1) is None


def test_an_example_value_must_occur_once_in_the_sql(app):
    dubbel = VasteQuery(
        lambda n: Klant.select().where((Klant.id == n) | (Klant.organisatie == n)), 7
    )
    with pytest.raises(ValueError, match="niet precies eenmaal"):
        dubbel.rijen(7)


def test_rows_read_once_give_the_same_objects_and_compare_as_plain_values(
    app, make_organisatie, make_klant
):
    """A stored print's fingerprint is made of the rows as read (services/afdrukken.py); the
    model objects made of those rows must be those of the query, and rows read again from
    unchanged data must compare equal, while a change shows."""
    organisatie = make_organisatie("Gemeente Een")
    make_klant(organisatie, achternaam="Aalders")
    make_klant(organisatie, achternaam="Brink")
    vast = VasteQuery(_klant_van, -987654321)
    gelezen = vast.gelezen(organisatie.id)
    verwacht = [
        (k.id, k.achternaam, k.geboortedatum, k.organisatie.naam)
        for k in _klant_van(organisatie.id)
    ]
    gekregen = [
        (k.id, k.achternaam, k.geboortedatum, k.organisatie.naam) for k in gelezen.objecten()
    ]
    assert gekregen == verwacht and len(gekregen) == 2
    assert vast.gelezen(organisatie.id).rijen == gelezen.rijen
    Klant.update(achternaam="Bakker").where(Klant.achternaam == "Brink").execute()
    assert vast.gelezen(organisatie.id).rijen != gelezen.rijen
