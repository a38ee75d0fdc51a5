"""The audit trail of reads and corrections of a klant's data: the rows a reviewer of the
log relies on to see who opened or changed what, for which klant."""

from peewee import fn

from models import Auditregel, Meting


def _rows(query) -> list[tuple]:
    """The columns the beheerder's log shows: action, object, klant, who, description."""
    return [
        (r.actie, r.object_type, r.object_id, r.klant_id, r.gebruiker_id, r.omschrijving)
        for r in query.order_by(Auditregel.id)
    ]


def _regels(**velden) -> list[tuple]:
    """The audit rows with these column values."""
    query = Auditregel.select()
    for veld, waarde in velden.items():
        query = query.where(getattr(Auditregel, veld) == waarde)
    return _rows(query)


def test_opening_the_edit_page_of_a_klant_is_logged_as_a_read(client, logged_in, make_klant):
    km = logged_in()
    klant = make_klant(km.organisatie, adres="Oudegracht 1")
    page = client.get(f"/klanten/{klant.id}/bewerken").get_data(as_text=True)
    assert klant.bsn in page and "Oudegracht 1" in page  # the page shows personal data
    assert _regels(actie="inzien") == [
        (
            "inzien",
            "klant",
            str(klant.id),
            klant.id,
            km.id,
            "persoonsgegevens ter wijziging geopend",
        )
    ]
    row = Auditregel.get(Auditregel.actie == "inzien")
    assert row.organisatie_id == km.organisatie_id and row.resultaat == "gelukt"
    assert klant.bsn not in row.omschrijving


def test_saving_the_edit_form_logs_the_change_not_another_read(client, logged_in, make_klant):
    km = logged_in()
    klant = make_klant(km.organisatie)
    url = f"/klanten/{klant.id}/bewerken"
    client.get(url)
    response = client.submit(
        url,
        {
            "bsn": klant.bsn,
            "voornaam": "Piet",
            "voorletters": "P.",
            "achternaam": "Jansen-de Vries",
            "geboortedatum-dag": "17",
            "geboortedatum-maand": "5",
            "geboortedatum-jaar": "1980",
            "geslacht": "m",
            "versie": str(klant.versie),
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    acties = [r[0] for r in _regels(klant_id=klant.id)]
    # Two GETs (our own and the one submit() makes for the token), then the change.
    assert acties == ["inzien", "inzien", "wijzigen"]


def test_a_correction_is_logged_from_start_to_save(client, logged_in, make_klant, meting):
    km = logged_in()
    klant = make_klant(km.organisatie)
    oud = meting.complete(klant.id, [False, True], groei=True)
    begin = Auditregel.select(fn.MAX(Auditregel.id)).scalar()
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    controle = response.headers["Location"]
    nieuw = Meting.get(Meting.status == "concept")
    meting.post(controle, {"correctiereden": "Meetdatum verkeerd"})
    assert Meting.get_by_id(oud.id).status == "vervangen"
    rows = Auditregel.select().where(
        (Auditregel.id > begin)
        & (Auditregel.object_type == "meting")
        & (Auditregel.actie != "inzien")
    )
    assert _rows(rows) == [
        (
            "aanmaken",
            "meting",
            str(nieuw.id),
            klant.id,
            km.id,
            f"correctie van meting {oud.id} begonnen",
        ),
        # The original's own trail says it was replaced, and by which meting.
        (
            "wijzigen",
            "meting",
            str(oud.id),
            klant.id,
            km.id,
            f"vervangen door correctie {nieuw.id}",
        ),
        ("wijzigen", "meting", str(nieuw.id), klant.id, km.id, "correctie opgeslagen"),
    ]
    assert all(klant.bsn not in r.omschrijving for r in Auditregel.select())
