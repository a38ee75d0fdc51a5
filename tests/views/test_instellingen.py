"""The beheerder's organisation settings and the gemeente's own subgroepen."""

from models import Auditregel, Meting, Organisatie, OrganisatieSubgroep


def test_settings_are_saved_and_used_for_the_next_meetdatum(
    app, client, auth, make_gebruiker, make_klant, meting
):
    beheerder = make_gebruiker("beheerder")
    auth.login(beheerder.email)
    response = client.submit(
        "/beheer/instellingen",
        {
            "standaard_interval_maanden": "6",
            "partner_metingen_beoordelen": "",
            "bewaartermijn_jaren": "5",
        },
    )
    assert response.status_code == 303
    organisatie = Organisatie.get_by_id(beheerder.organisatie_id)
    assert (
        organisatie.standaard_interval_maanden,
        organisatie.partner_metingen_beoordelen,
        organisatie.bewaartermijn_jaren,
    ) == (6, False, 5)
    auth.logout()
    km = make_gebruiker("klantmanager", organisatie=organisatie)
    auth.login(km.email)
    klant = make_klant(organisatie)
    url = meting.start(klant.id)
    url = meting.meetmoment(url, datum=(2, 3, 2026))
    url = meting.answer(url, True)
    url = meting.answer(url, True)
    url = meting.post(url, {})
    url = meting.answer(url, True)
    url = meting.post(url, {"geen": "y"})
    page = client.get(url).get_data(as_text=True)
    assert 'name="volgende_meetdatum-maand"' in page and 'value="9"' in page  # 2 Sep 2026


def test_settings_out_of_range_are_refused(client, logged_in):
    logged_in("beheerder")
    response = client.submit(
        "/beheer/instellingen", {"standaard_interval_maanden": "24", "bewaartermijn_jaren": "0"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een termijn van 1 tot en met 12 maanden." in page
    assert "Kies een bewaartermijn van 1 tot en met 30 jaar." in page
    assert Organisatie.get().standaard_interval_maanden == 12


def test_own_subgroep_appears_in_the_meting_and_its_summary(
    client, auth, make_gebruiker, make_klant, meting
):
    beheerder = make_gebruiker("beheerder")
    auth.login(beheerder.email)
    response = client.submit(
        "/beheer/subgroepen",
        {
            "sub-code": "statushouder",
            "sub-naam": "Statushouder",
            "sub-definitie": "Vluchteling met een verblijfsvergunning",
        },
        token_from="/beheer/instellingen",
    )
    assert response.status_code == 303
    dubbel = client.submit(
        "/beheer/subgroepen",
        {"sub-code": "statushouder", "sub-naam": "X"},
        token_from="/beheer/instellingen",
    )
    assert "Deze code bestaat al." in dubbel.get_data(as_text=True)
    assert Auditregel.select().where(Auditregel.object_type == "subgroep").count() == 1
    auth.logout()
    km = make_gebruiker("klantmanager", organisatie=beheerder.organisatie)
    auth.login(km.email)
    klant = make_klant(km.organisatie)
    saved = meting.complete(klant.id, [True, False], subgroepen=("4", "statushouder"))
    assert sorted(Meting.get_by_id(saved.id).subgroep_codes) == ["4", "statushouder"]
    page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
    assert "Inburgeraar; Statushouder" in page


def test_subgroep_of_another_organisation_cannot_be_switched(client, logged_in, make_organisatie):
    logged_in("beheerder")
    vreemd = OrganisatieSubgroep.create(organisatie=make_organisatie("Elders"), code="x", naam="X")
    response = client.submit(
        f"/beheer/subgroepen/{vreemd.id}/actief", {}, token_from="/beheer/instellingen"
    )
    assert response.status_code == 404
    assert OrganisatieSubgroep.get_by_id(vreemd.id).actief is True


def test_own_klantkenmerk_is_asked_kept_and_prefilled(
    client, auth, make_gebruiker, make_klant, meting
):
    from models import MetingKenmerk

    beheerder = make_gebruiker("beheerder")
    auth.login(beheerder.email)
    bad = client.submit(
        "/beheer/kenmerken",
        {"km-code": "Rij bewijs", "km-vraag": "", "km-opties": "Ja"},
        token_from="/beheer/instellingen",
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Gebruik kleine letters, cijfers of _." in page and "Vul de vraag in." in page
    assert "Geef minstens twee antwoordmogelijkheden" in page
    ok = client.submit(
        "/beheer/kenmerken",
        {
            "km-code": "rijbewijs",
            "km-vraag": "Heeft de klant een rijbewijs?",
            "km-opties": "Ja\nNee\nIn opleiding",
        },
        token_from="/beheer/instellingen",
    )
    assert ok.status_code == 303
    auth.logout()
    km = make_gebruiker("klantmanager", organisatie=beheerder.organisatie)
    auth.login(km.email)
    klant = make_klant(km.organisatie)
    first = meting.complete(klant.id, [True, False], eigen_rijbewijs="In opleiding")
    assert MetingKenmerk.get(MetingKenmerk.meting == first).waarde == "In opleiding"
    page = client.get(f"/metingen/{first.id}").get_data(as_text=True)
    assert "Heeft de klant een rijbewijs?" in page and "In opleiding" in page
    # Missing answer is refused; the next meting is prefilled from the previous one.
    url = meting.start(klant.id)
    concept = Meting.get(Meting.status == "concept")
    assert MetingKenmerk.get(MetingKenmerk.meting == concept).waarde == "In opleiding"
    assert url.endswith("/meetmoment")
