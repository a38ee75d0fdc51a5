"""One open meting per klant per user, a traject's meting while one is open, the reason of a
correction in the klant's history, and a meetdatum changed past the next meetdatum."""

import datetime

import pytest

from models import Auditregel, Instrument, Meting, Traject


@pytest.fixture
def klantmanager(logged_in):
    return logged_in("klantmanager")


@pytest.fixture
def klant(klantmanager, make_klant):
    return make_klant(klantmanager.organisatie)


@pytest.fixture
def traject(klant, klantmanager):
    instrument = Instrument.create(
        organisatie=klantmanager.organisatie, naam="Taalcursus", domein="educatie"
    )
    return Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=klantmanager.organisatie,
        begindatum=datetime.date(2026, 2, 2),
        ingevoerd_door=klantmanager,
    )


def _start_bij_traject(client, klant, traject):
    return client.submit(
        f"/klanten/{klant.id}/metingen",
        {"token": "t" * 24, "traject": str(traject.id)},
        token_from=f"/klanten/{klant.id}?traject={traject.id}",
    )


def _concepten():
    return list(Meting.select().where(Meting.status == "concept"))


# --- 1. correcting while a meting is open ---


def test_correcting_while_a_meting_is_open_resumes_that_meting(client, meting, klant):
    oud = meting.complete(klant.id, [False, True], groei=True)
    open_url = meting.answer(meting.meetmoment(meting.start(klant.id)), False)
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    assert response.status_code == 303 and response.headers["Location"] == open_url
    [concept] = _concepten()
    assert concept.corrigeert_id is None
    page = client.get(open_url).get_data(as_text=True)
    assert "U heeft al een open meting van deze klant; u gaat daarmee verder." in page
    assert "Deze meting kunt u corrigeren nadat u de open meting hebt opgeslagen." in page


def test_correcting_twice_resumes_the_same_correction(client, meting, klant):
    oud = meting.complete(klant.id, [False, True], groei=True)
    urls = [
        client.submit(
            f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}"
        ).headers["Location"]
        for _ in range(2)
    ]
    assert urls[0] == urls[1] and urls[0].endswith("/stap/controle")
    [concept] = _concepten()
    assert concept.corrigeert_id == oud.id
    assert "U heeft al een open meting" not in client.get(urls[1]).get_data(as_text=True)


# --- 2. a traject's meting while a meting is open ---


def test_traject_meting_takes_over_an_untouched_open_meting(client, meting, klant, traject):
    meting.start(klant.id)  # opened, nothing answered yet
    response = _start_bij_traject(client, klant, traject)
    assert response.headers["Location"].endswith("/stap/meetmoment")
    [concept] = _concepten()
    assert (concept.traject_id, concept.aanleiding, concept.meetdatum) == (
        traject.id,
        "start_traject",
        datetime.date(2026, 2, 2),
    )
    assert concept.nieuw_p_instrument == "ja"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Die meting is nu de meting bij het traject" in page
    assert (
        Auditregel.select()
        .where(
            (Auditregel.object_id == concept.id)
            & (Auditregel.actie == "wijzigen")
            & (Auditregel.omschrijving.contains("traject"))
        )
        .count()
        == 1
    )


def test_traject_meting_does_not_take_over_a_meting_in_progress(client, meting, klant, traject):
    open_url = meting.answer(
        meting.meetmoment(meting.start(klant.id), aanleiding="jaarlijks"), True
    )
    response = _start_bij_traject(client, klant, traject)
    assert response.headers["Location"] == open_url
    [concept] = _concepten()
    assert (concept.traject_id, concept.aanleiding) == (None, "jaarlijks")
    page = client.get(open_url).get_data(as_text=True)
    assert "U heeft al een open meting van deze klant; u gaat daarmee verder." in page
    assert "De meting bij het traject kunt u starten nadat u deze meting hebt opgeslagen." in page


# --- 3. the reason of a correction in the klant's history ---


def test_history_shows_why_a_meting_was_replaced(client, meting, klant):
    oud = meting.complete(klant.id, [False, True], groei=True)
    controle = client.submit(
        f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}"
    ).headers["Location"]
    meting.post(controle, {"correctiereden": "Meetdatum verkeerd overgenomen"})
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    historie = page.split('id="historie-titel"', 1)[1]
    rij = historie.split(f"/metingen/{oud.id}", 1)[1].split("</tr>", 1)[0]
    assert "Vervangen (gecorrigeerd)" in rij
    assert "Reden: Meetdatum verkeerd overgenomen" in rij


# --- 4. a meetdatum changed from the check page ---


def _naar_controle(meting, klant, volgende=(1, 2, 2026)):
    url = meting.meetmoment(meting.start(klant.id), datum=(2, 1, 2026))
    url = meting.answer(url, False)
    url = meting.answer(url, True)
    url = meting.post(url, {})
    url = meting.answer(url, True)
    url = meting.post(url, {"subgroepen": ["1"]})
    dag, maand, jaar = volgende
    url = meting.kenmerken(
        url,
        **{
            "volgende_meetdatum-dag": dag,
            "volgende_meetdatum-maand": maand,
            "volgende_meetdatum-jaar": jaar,
        },
    )
    assert url.endswith("/stap/controle")
    return url


def test_meetdatum_past_the_next_meetdatum_sends_back_to_kenmerken(client, meting, klant, clock):
    controle = _naar_controle(meting, klant)
    url = meting.meetmoment(controle.replace("controle", "meetmoment"), datum=(2, 3, 2026))
    assert url.endswith("/stap/kenmerken")
    concept = Meting.get()
    assert "kenmerken" not in concept.bevestigd and concept.volgende_meetdatum is None
    page = client.get(url).get_data(as_text=True)
    assert "De volgende meetdatum (01-02-2026) ligt niet meer na de nieuwe meetdatum." in page
    assert client.get(controle).headers["Location"].endswith("/stap/kenmerken")
    url = meting.kenmerken(url)  # volgende meetdatum 2-3-2027
    meting.post(url, {})
    saved = Meting.get()
    assert saved.status == "definitief"
    assert (saved.meetdatum, saved.volgende_meetdatum) == (
        datetime.date(2026, 3, 2),
        datetime.date(2027, 3, 2),
    )


def test_meetdatum_still_before_the_next_one_returns_to_the_check_page(meting, klant, clock):
    controle = _naar_controle(meting, klant, volgende=(1, 6, 2026))
    url = meting.meetmoment(controle.replace("controle", "meetmoment"), datum=(2, 3, 2026))
    assert url == controle
    assert Meting.get().volgende_meetdatum == datetime.date(2026, 6, 1)


def test_check_page_refuses_a_next_meetdatum_not_after_the_meetdatum(client, meting, klant, clock):
    controle = _naar_controle(meting, klant)
    Meting.update(volgende_meetdatum=datetime.date(2026, 1, 2)).execute()  # an older concept
    response = client.submit(controle, {})
    assert response.status_code == 422
    pagina = response.get_data(as_text=True)
    # The rule's message, and where to change it: the check page has no such field.
    assert (
        "De volgende meetdatum moet na de meetdatum liggen. Pas dit aan bij Klantkenmerken."
        in pagina
    )
    assert Meting.get().status == "concept"
