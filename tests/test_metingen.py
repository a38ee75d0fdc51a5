"""The meting conversation through the test client, as a klantmanager goes through it."""

import json
import re

import pytest

from ladder.vragen import alle_paden
from models import Auditregel, Meting, MetingSubgroep
from tests.conftest import KENMERKEN_STANDAARD


@pytest.fixture
def klantmanager(logged_in):
    return logged_in("klantmanager")


@pytest.fixture
def klant(klantmanager, make_klant):
    return make_klant(klantmanager.organisatie)


@pytest.mark.parametrize(("antwoorden", "trede"), alle_paden())
def test_every_path_of_table_3_1_saves_its_trede(client, meting, klant, antwoorden, trede):
    saved = meting.complete_via_schermen(klant.id, list(antwoorden.values()), groei=True)
    assert saved.status == "definitief"
    assert saved.trede == trede
    assert json.loads(saved.antwoorden) == antwoorden
    assert saved.groeipotentieel == (None if trede == 6 else "+")
    page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
    assert f"Trede {trede}:" in page


def test_growth_question_nee_gives_0(meting, klant):
    saved = meting.complete_via_schermen(klant.id, [False, False, True], groei=False)
    assert (saved.trede, saved.groeipotentieel, saved.groei_antwoord) == (3, "0", "nee")


@pytest.mark.parametrize("code", [0, 8, 9])
def test_a_code_is_recorded_instead_of_the_questions(client, meting, klant, code):
    saved = meting.complete_via_schermen(klant.id, code=code)
    assert saved.trede == code and saved.groeipotentieel is None
    assert saved.antwoorden == "{}" and saved.code_toelichting == "Klant niet bereikbaar"
    page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
    assert f"Code {code}:" in page and "n.v.t." in page


def test_code_needs_an_explanation(client, meting, klant):
    url = meting.start(klant.id)
    response = client.submit(
        url,
        {
            "meetdatum-dag": "2",
            "meetdatum-maand": "3",
            "meetdatum-jaar": "2026",
            "aanleiding": "jaarlijks",
            "methode": "8",
        },
    )
    assert response.status_code == 422
    assert "Licht kort toe" in response.get_data(as_text=True)
    assert Meting.get().trede is None


def test_uitstroom_has_a_reason_and_no_next_date(client, meting, klant):
    saved = meting.complete_via_schermen(klant.id, [True, False], aanleiding="uitstroom")
    assert saved.trede == 6 and saved.uitstroomreden == "werk_zes_maanden"
    assert saved.volgende_meetdatum is None
    page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
    assert "ten minste zes maanden aan het werk is op het hoogste niveau" in page


def test_uitstroom_without_reason_is_refused(client, meting, klant):
    url = meting.start(klant.id)
    url = meting.meetmoment(url, aanleiding="uitstroom")
    url = meting.answer(url, True)
    url = meting.answer(url, False)
    url = meting.post(url, {})
    url = meting.post(url, {"geen": "y"})
    response = client.submit(url, {"volgende_meetdatum-dag": "", "inkomenssituatie": "werk"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies waarom de klant van de ladder afstroomt." in page
    assert "Kies een antwoord bij ‘Startkwalificatie’." in page


def test_changing_v1_drops_the_later_answers(client, meting, klant):
    url = meting.start(klant.id)
    url = meting.meetmoment(url)
    for antwoord in (False, False, False, True):  # V1 nee, V3 nee, V4 nee, V5 ja: trede 2
        url = meting.answer(url, antwoord)
    concept = Meting.get()
    assert concept.trede == 2 and set(concept.antwoorden_dict) == {"V1", "V3", "V4", "V5"}
    url = meting.answer(url.replace("uitkomst", "V1"), True)
    assert url.endswith("/stap/V2")
    concept = Meting.get()
    assert concept.antwoorden_dict == {"V1": True} and concept.trede is None
    url = meting.answer(url, True)
    url = meting.post(url, {})
    url = meting.answer(url, False)
    url = meting.post(url, {"subgroepen": ["1"]})
    url = meting.kenmerken(url)
    meting.post(url, {})
    saved = Meting.get()
    assert saved.trede == 5 and json.loads(saved.antwoorden) == {"V1": True, "V2": True}


def test_skipping_ahead_is_not_possible(client, meting, klant):
    url = meting.start(klant.id)
    response = client.get(url.replace("meetmoment", "V3"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/meetmoment")
    response = client.get(url.replace("meetmoment", "controle"))
    assert response.headers["Location"].endswith("/meetmoment")


def test_draft_survives_and_is_resumed_from_the_klant_page(
    app, client, auth, meting, klant, klantmanager
):
    url = meting.start(klant.id)
    url = meting.meetmoment(url, datum=(14, 2, 2026))
    url = meting.answer(url, False)
    auth.logout()  # the browser is closed, the session is gone
    auth.login(klantmanager.email)
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Ga verder met de meting van 14-02-2026" in page
    concept = Meting.get()
    response = client.get(f"/metingen/{concept.id}")
    assert response.headers["Location"].endswith("/stap/V3")
    # Starting a new meting resumes the open one: one concept per klant per user.
    response = client.submit(
        f"/klanten/{klant.id}/metingen", {"token": "z" * 24}, token_from=f"/klanten/{klant.id}"
    )
    assert response.headers["Location"].endswith("/stap/V3")
    assert Meting.select().count() == 1


def test_double_click_on_new_meting_opens_one_concept(client, klant):
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    import re

    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    first = client.submit(
        f"/klanten/{klant.id}/metingen", {"token": token}, token_from=f"/klanten/{klant.id}"
    )
    second = client.submit(
        f"/klanten/{klant.id}/metingen", {"token": token}, token_from=f"/klanten/{klant.id}"
    )
    assert first.headers["Location"] == second.headers["Location"]
    assert Meting.select().count() == 1


def test_reposting_the_check_page_saves_once(client, meting, klant):
    saved = meting.complete_via_schermen(klant.id, [False, True], groei=True)
    again = client.submit(
        f"/metingen/{saved.id}/stap/controle", {}, token_from=f"/metingen/{saved.id}"
    )
    assert again.status_code == 303
    assert Meting.select().count() == 1
    assert (
        Auditregel.select()
        .where(
            (Auditregel.object_type == "meting") & (Auditregel.omschrijving == "meting opgeslagen")
        )
        .count()
        == 1
    )


def test_invalid_meetmoment_is_answered_in_dutch_and_saves_nothing(client, meting, klant, clock):
    url = meting.start(klant.id)
    cases = [
        (
            {"meetdatum-dag": "31", "meetdatum-maand": "2", "meetdatum-jaar": "2026"},
            "De meetdatum moet een bestaande datum zijn.",
        ),
        (
            {"meetdatum-dag": "1", "meetdatum-maand": "1", "meetdatum-jaar": "2030"},
            "De meetdatum mag niet in de toekomst liggen.",
        ),
        (
            {"meetdatum-dag": "1", "meetdatum-maand": "1", "meetdatum-jaar": "1970"},
            "De meetdatum mag niet voor de geboortedatum liggen.",
        ),
        (
            {"meetdatum-dag": "", "meetdatum-maand": "", "meetdatum-jaar": ""},
            "Vul de meetdatum in.",
        ),
        (
            {"meetdatum-dag": "3", "meetdatum-maand": "", "meetdatum-jaar": "26"},
            "De meetdatum moet een maand bevatten.",
        ),
        (
            {"meetdatum-dag": "3", "meetdatum-maand": "3", "meetdatum-jaar": "26"},
            "Vul het jaar in met 4 cijfers",
        ),
    ]
    for fields, message in cases:
        response = client.submit(url, {**fields, "aanleiding": "intake", "methode": "vragen"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, fields
        assert message in page, (fields, message)
        assert "<title>Fout: Meetmoment" in page
        assert '<a href="#meetdatum-dag">' in page
    response = client.submit(
        url,
        {
            "meetdatum-dag": "2",
            "meetdatum-maand": "3",
            "meetdatum-jaar": "2026",
            "methode": "vragen",
        },
    )
    assert "Kies de aanleiding van de meting." in response.get_data(as_text=True)
    concept = Meting.get()
    assert concept.meetdatum is None and concept.aanleiding == "" and concept.bevestigd == set()


def test_question_without_answer_gets_a_message(client, meting, klant):
    url = meting.meetmoment(meting.start(klant.id))
    response = client.submit(url, {})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Kies ja of nee." in page
    assert '<a href="#antwoord-0">Kies ja of nee.</a>' in page
    assert Meting.get().antwoorden == "{}"


def test_subgroups_need_a_choice_or_none(client, meting, klant):
    url = meting.meetmoment(meting.start(klant.id))
    url = meting.answer(url, True)
    url = meting.answer(url, False)
    url = meting.post(url, {})
    response = client.submit(url, {})
    assert "Kies de subgroepen van de klant" in response.get_data(as_text=True)
    response = client.submit(url, {"subgroepen": ["1"], "geen": "y"})
    assert "niet allebei" in response.get_data(as_text=True)
    assert MetingSubgroep.select().count() == 0
    meting.post(url, {"subgroepen": ["3", "7"]})
    assert Meting.get().subgroep_codes == ["3", "7"]


def test_a_new_meting_is_prefilled_from_the_previous_one(client, meting, klant):
    meting.complete_via_schermen(
        klant.id,
        [False, True],
        groei=True,
        subgroepen=("4",),
        laaggeletterd="ja",
        inkomenssituatie="nugger",
    )
    url = meting.start(klant.id)
    concept = Meting.get(Meting.status == "concept")
    assert concept.laaggeletterd == "ja" and concept.inkomenssituatie == "nugger"
    assert concept.subgroep_codes == ["4"]
    assert concept.trede is None and concept.antwoorden == "{}"  # the rung is measured anew
    assert url.endswith("/meetmoment")


def test_correction_replaces_the_old_meting_which_stays_in_the_history(client, meting, klant):
    oud = meting.complete_via_schermen(klant.id, [False, True], groei=True)
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    controle = response.headers["Location"]
    assert controle.endswith("/stap/controle")
    nieuw = Meting.get(Meting.status == "concept")
    assert nieuw.trede == 4 and nieuw.corrigeert_id == oud.id
    # Change V3 to nee, V4 ja: trede 3.
    url = meting.answer(controle.replace("controle", "V3"), False)
    url = meting.answer(url, True)
    url = meting.post(url, {})  # confirm the new outcome
    assert url.endswith("/stap/groeipotentieel")
    url = meting.answer(url, False)
    assert url.endswith("/stap/controle")
    response = client.submit(url, {})
    assert "Vul de reden van de correctie in." in response.get_data(as_text=True)
    meting.post(url, {"correctiereden": "V3 was verkeerd beantwoord"})
    oud, nieuw = Meting.get_by_id(oud.id), Meting.get_by_id(nieuw.id)
    assert (oud.status, oud.trede) == ("vervangen", 4)
    assert (nieuw.status, nieuw.trede, nieuw.groeipotentieel) == ("definitief", 3, "0")
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Vervangen (gecorrigeerd)" in page and "Trede <strong>3</strong>" in page
    page = client.get(f"/metingen/{oud.id}").get_data(as_text=True)
    assert "Deze meting is vervangen" in page and "V3 was verkeerd beantwoord" in page
    assert "Corrigeer deze meting" not in page


def test_two_corrections_of_the_same_meting_one_wins(
    app, client, meting, klant, klantmanager, make_gebruiker
):
    from tests.conftest import Auth, FormClient, MetingDriver

    oud = meting.complete_via_schermen(klant.id, [False, True], groei=True)
    collega_client = FormClient(app.test_client())
    collega = make_gebruiker(organisatie=klantmanager.organisatie)
    Auth(collega_client).login(collega.email)
    urls = []
    for c in (client, collega_client):
        r = c.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
        urls.append(r.headers["Location"])
    MetingDriver(client).post(urls[0], {"correctiereden": "eerste"})
    response = collega_client.submit(urls[1], {"correctiereden": "tweede"})
    assert response.status_code == 422
    assert "intussen al door iemand anders gecorrigeerd" in response.get_data(as_text=True)
    assert (
        Meting.select().where(Meting.corrigeert == oud, Meting.status == "definitief").count() == 1
    )
    assert Meting.get_by_id(oud.id).status == "vervangen"


def test_views_and_saves_are_audited(client, meting, klant, klantmanager):
    saved = meting.complete_via_schermen(klant.id, [True, True], groei=False)
    client.get(f"/metingen/{saved.id}")
    rows = list(Auditregel.select().where(Auditregel.klant_id == klant.id))
    acties = {(r.actie, r.object_type) for r in rows}
    assert {("inzien", "klant"), ("aanmaken", "meting"), ("inzien", "meting")} <= acties
    assert all(r.gebruiker_id == klantmanager.id for r in rows)
    assert not any(klant.bsn in r.omschrijving for r in rows)


def test_another_organisation_cannot_reach_the_meting(
    app, client, meting, klant, make_gebruiker, make_organisatie, auth
):
    saved = meting.complete_via_schermen(klant.id, [True, True], groei=False)
    auth.logout()
    vreemd = make_gebruiker(organisatie=make_organisatie("Gemeente Elders"))
    auth.login(vreemd.email)
    for path in (
        f"/metingen/{saved.id}",
        f"/klanten/{klant.id}",
        f"/metingen/{saved.id}/stap/controle",
    ):
        assert client.get(path).status_code == 404, path
    response = client.submit(f"/metingen/{saved.id}/corrigeer", {}, token_from="/klanten")
    assert response.status_code == 404
    response = client.submit(
        f"/klanten/{klant.id}/metingen", {"token": "x" * 20}, token_from="/klanten"
    )
    assert response.status_code == 404
    assert Meting.select().count() == 1
    assert (
        Auditregel.select()
        .where((Auditregel.actie == "geweigerd") & (Auditregel.gebruiker_id == vreemd.id))
        .count()
        == 5
    )


def test_a_colleagues_concept_is_not_open_to_me(
    app, client, meting, klant, klantmanager, make_gebruiker, auth
):
    meting.meetmoment(meting.start(klant.id))
    concept = Meting.get()
    auth.logout()
    collega = make_gebruiker(organisatie=klantmanager.organisatie)
    auth.login(collega.email)
    assert client.get(f"/metingen/{concept.id}/stap/V1").status_code == 404
    assert client.get(f"/metingen/{concept.id}").status_code == 404


def test_manager_reads_but_does_not_measure(
    client, meting, klant, auth, make_gebruiker, klantmanager
):
    saved = meting.complete_via_schermen(klant.id, [True, True], groei=False)
    auth.logout()
    manager = make_gebruiker("manager", organisatie=klantmanager.organisatie)
    auth.login(manager.email)
    assert client.get(f"/metingen/{saved.id}").status_code == 200
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Nieuwe meting" not in page
    response = client.submit(
        f"/klanten/{klant.id}/metingen", {"token": "y" * 20}, token_from=f"/klanten/{klant.id}"
    )
    assert response.status_code == 403


def test_beheerder_sees_no_klant_data(client, klant, auth, make_gebruiker, klantmanager):
    auth.logout()
    beheerder = make_gebruiker("beheerder", organisatie=klantmanager.organisatie)
    auth.login(beheerder.email)
    assert client.get(f"/klanten/{klant.id}").status_code == 404
    assert client.get("/klanten?q=Jansen").status_code == 404


def _tot_kenmerken(meting, klant_id: int, aanleiding: str) -> str:
    """Walk a new meting up to the klantkenmerken page; its URL."""
    url = meting.meetmoment(meting.start(klant_id), aanleiding=aanleiding)
    url = meting.answer(meting.answer(url, False), True)
    url = meting.answer(meting.post(url, {}), True)
    url = meting.post(url, {"subgroepen": ["1"]})
    assert url.endswith("/stap/kenmerken"), url
    return url


def test_the_kenmerken_page_says_prefilled_only_when_it_is(client, logged_in, make_klant, meting):
    """A first meting has no earlier answers; a later one starts from them."""
    km = logged_in()
    klant = make_klant(km.organisatie)
    url = _tot_kenmerken(meting, klant.id, "intake")
    eerste = client.get(url).get_data(as_text=True)
    assert "Dit is de eerste meting van deze klant" in eerste
    assert "De antwoorden van de vorige meting zijn al ingevuld" not in eerste
    meting.post(meting.kenmerken(url), {})  # the check page saves it
    later = client.get(_tot_kenmerken(meting, klant.id, "jaarlijks")).get_data(as_text=True)
    assert "De antwoorden van de vorige meting zijn al ingevuld" in later
    assert "Dit is de eerste meting" not in later


def test_the_code_explanation_is_not_labelled_optional(client, logged_in, make_klant, meting):
    """It is required as soon as a code is chosen, so "(niet verplicht)" misled."""
    km = logged_in()
    url = meting.start(make_klant(km.organisatie).id)
    page = client.get(url).get_data(as_text=True)
    label = re.search(r'<label[^>]*for="code_toelichting"[^>]*>(.*?)</label>', page, re.S)
    assert label and "niet verplicht" not in label.group(1)
    assert "Verplicht bij code 0, 8 of 9" in page


def test_a_toelichting_over_the_limit_is_refused_with_a_message_not_cut(
    client, logged_in, make_klant, meting
):
    """The browser's maxlength cut a pasted text silently; now the server says so."""
    km = logged_in()
    url = _tot_kenmerken(meting, make_klant(km.organisatie).id, "intake")
    page = client.get(url).get_data(as_text=True)
    textarea = re.search(r"<textarea[^>]*name=\"toelichting\"[^>]*>", page).group(0)
    assert "maxlength" not in textarea and "Maximaal 5000 tekens." in page
    response = client.submit(url, {**KENMERKEN_STANDAARD, "toelichting": "x" * 5001})
    fout = response.get_data(as_text=True)
    assert response.status_code == 422 and fout.count("Gebruik maximaal 5000 tekens.") == 2
    assert Meting.get(Meting.status == "concept").toelichting == ""


def _gekozen_aanleiding(page: str) -> str | None:
    match = re.search(r'<input[^>]*checked[^>]*name="aanleiding"[^>]*value="(\w+)"', page)
    match = match or re.search(r'<input[^>]*name="aanleiding"[^>]*value="(\w+)"[^>]*checked', page)
    return match.group(1) if match else None


def test_the_aanleiding_is_suggested_from_the_history(client, logged_in, make_klant, meting):
    """ "Intake / eerste contact" was accepted for later metingen without remark."""
    km = logged_in()
    klant = make_klant(km.organisatie)
    eerste = client.get(meting.start(klant.id)).get_data(as_text=True)
    assert _gekozen_aanleiding(eerste) == "intake"
    assert "Voorgesteld: Intake / eerste contact" in eerste
    Meting.delete().where(Meting.status == "concept").execute()
    meting.complete_via_schermen(
        klant.id,
        [False, True],
        groei=True,
        **{"volgende_meetdatum-maand": "9", "volgende_meetdatum-jaar": "2026"},
    )
    tweede = client.get(meting.start(klant.id)).get_data(as_text=True)
    assert _gekozen_aanleiding(tweede) == "half_jaar"  # planned half a year after the intake
    assert "Voorgesteld: Half jaar na eerste contact" in tweede


def test_each_step_shows_where_in_the_meting_it_is_and_the_question_comes_first(
    client, logged_in, make_klant, meting
):
    """No progress cue, and the growing transcript pushed the question below the fold."""
    km = logged_in()
    url = meting.meetmoment(meting.start(make_klant(km.organisatie).id))  # V1
    url = meting.answer(url, False)  # V3, the second question of this route
    page = client.get(url).get_data(as_text=True)
    nu = re.search(r'<li class="voortgang__nu" aria-current="step">([^<]+)</li>', page)
    assert nu and nu.group(1) == "Vragen (vraag 2)"
    assert page.index("<h1") < page.index("Uw antwoorden tot nu toe")
    assert page.count('aria-current="step"') == 1
