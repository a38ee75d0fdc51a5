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
