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
    assert vast.eerste(-1) is None  # no row yet: nothing about the columns is kept
    for organisatie in (eerste, tweede, eerste):
        verwacht = [(k.id, k.achternaam, k.organisatie.naam) for k in _klant_van(organisatie.id)]
        gekregen = [(k.id, k.achternaam, k.organisatie.naam) for k in vast.rijen(organisatie.id)]
        assert gekregen == verwacht and gekregen
        assert vast._kolommen  # the later rounds reuse how the columns map to the models
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


def test_the_metingen_of_a_klant_are_those_of_the_plain_queries(
    app, make_organisatie, make_gebruiker, make_klant
):
    """Meting.history_for, open_concepts and laatste_definitieve (built once) against the
    peewee queries they were: the same rows in the same order, concepts apart."""
    import datetime

    from models import Gebruiker, Meting
    from models.meting import nieuwste_eerst

    organisatie = make_organisatie()
    ik, collega = make_gebruiker(organisatie=organisatie), make_gebruiker(organisatie=organisatie)
    klant, ander = make_klant(organisatie), make_klant(organisatie, achternaam="Ander")
    dag = datetime.date(2025, 1, 1)
    for status, datum, door, voor in (
        ("definitief", dag, ik, klant),
        ("definitief", dag, collega, klant),  # same date: definitief_op, then id decide
        ("vervangen", dag - datetime.timedelta(days=9), ik, klant),
        ("ter_beoordeling", dag + datetime.timedelta(days=3), collega, klant),
        ("concept", None, ik, klant),
        ("concept", None, collega, klant),
        ("definitief", dag, ik, ander),
    ):
        Meting.create(
            klant=voor,
            organisatie=organisatie,
            invoerder=door,
            status=status,
            meetdatum=datum,
            definitief_op=None if status == "concept" else datetime.datetime(2025, 1, 2),
        )

    def ids(rijen):
        return [(m.id, m.status, getattr(m.__rel__.get("invoerder"), "naam", None)) for m in rijen]

    for k in (klant, ander, klant.id):
        historie = (
            Meting.select(Meting, Gebruiker.id, Gebruiker.naam)
            .join(Gebruiker, on=Meting.invoerder)
            .where((Meting.klant == k) & (Meting.status != "concept"))
            .order_by(*nieuwste_eerst(Meting))
        )
        assert ids(Meting.history_for(k)) == ids(historie)
        assert all(
            m.invoerder.naam and m.invoerder.id == m.invoerder_id for m in Meting.history_for(k)
        )
        assert not any(m.invoerder.wachtwoord_hash for m in Meting.history_for(k))
        laatste = (
            Meting.select()
            .where((Meting.klant == k) & (Meting.status == "definitief"))
            .order_by(*nieuwste_eerst(Meting))
            .first()
        )
        assert Meting.laatste_definitieve(k).id == laatste.id
        for wie in (ik, collega, ik.id):
            concepten = Meting.select().where(
                (Meting.klant == k) & (Meting.invoerder == wie) & (Meting.status == "concept")
            )
            assert ids(Meting.open_concepts(k, wie)) == ids(concepten)
    assert Meting.laatste_definitieve(-1) is None and Meting.history_for(-1) == []


def test_eigen_aanvullingen_and_subgroepen_are_those_of_the_plain_queries(
    app, make_organisatie, make_gebruiker, make_klant
):
    from models import (
        Meting,
        MetingSubgroep,
        OrganisatieKenmerk,
        OrganisatieSubgroep,
    )

    een, twee = make_organisatie("Gemeente Een"), make_organisatie("Gemeente Twee")
    for organisatie, namen in ((een, ("Zeta", "Alfa", "Mu")), (twee, ("Beta",))):
        for n, naam in enumerate(namen):
            OrganisatieSubgroep.create(
                organisatie=organisatie, code=f"E{n}", naam=naam, actief=naam != "Mu"
            )
            OrganisatieKenmerk.create(
                organisatie=organisatie, code=f"K{n}", vraag=naam, actief=naam != "Alfa"
            )
    for model in (OrganisatieSubgroep, OrganisatieKenmerk):
        for organisatie in (een, twee, een.id):
            for actief in (True, False):
                verwacht = [r.id for r in model._van(organisatie, actief)]
                assert [r.id for r in model.van(organisatie, alleen_actief=actief)] == verwacht
        assert [r.id for r in model.van(een)] == [r.id for r in model._van(een.id, True)]

    meting = Meting.create(
        klant=make_klant(een), organisatie=een, invoerder=make_gebruiker(organisatie=een)
    )
    for code in ("7", "10", "2", "E0"):
        MetingSubgroep.create(meting=meting, subgroep=code)
    verwacht = [r.subgroep for r in meting.subgroep_rijen.order_by(MetingSubgroep.subgroep)]
    assert meting.subgroep_codes == verwacht == sorted(verwacht)
