"""AVG duties: inzage of everything about a klant, and anonymising after the retention period."""

import datetime
import json
from decimal import Decimal

import models
from models import Auditregel, Instrument, Klant, Meting, Organisatie, Plaatsing, Project, Traject


def test_inzage_json_holds_personal_data_metingen_and_processing(
    client, logged_in, make_klant, meting
):
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Inzage", postcode="3511 AB")
    saved = meting.complete(klant.id, [False, True], groei=True, toelichting="Gesprek gevoerd")
    assert client.get(f"/klanten/{klant.id}").status_code == 200  # a read, to be listed
    response = client.get(f"/klanten/{klant.id}/inzage.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["persoonsgegevens"]["bsn"] == klant.bsn
    assert data["persoonsgegevens"]["postcode"] == "3511 AB"
    [m] = data["metingen"]
    assert (m["id"], m["trede"], m["groeipotentieel"]) == (saved.id, 4, "+")
    assert m["secties"]["Klantkenmerken"]["Toelichting"] == "Gesprek gevoerd"
    acties = {v["actie"] for v in data["verwerkingen"]}
    assert {"inzien", "aanmaken"} <= acties
    assert (
        Auditregel.select()
        .where((Auditregel.actie == "exporteren") & (Auditregel.klant_id == klant.id))
        .count()
        == 1
    )


def test_inzage_is_for_the_klants_own_organisation_only(
    client, logged_in, make_klant, make_organisatie
):
    logged_in()
    vreemd = make_klant(make_organisatie("Elders"))
    assert client.get(f"/klanten/{vreemd.id}/inzage.json").status_code == 404


def test_retention_dry_run_then_anonymise_keeps_report_figures(
    runner, app, make_gebruiker, make_klant
):
    km = make_gebruiker()
    org = km.organisatie
    Organisatie.update(bewaartermijn_jaren=5).where(Organisatie.id == org.id).execute()
    oud = make_klant(org, achternaam="Oudeklant")
    recent = make_klant(org, achternaam="Recent")
    for klant, datum in ((oud, datetime.date(2015, 3, 1)), (recent, datetime.date(2025, 3, 1))):
        Meting.create(
            klant=klant,
            organisatie=org,
            invoerder=km,
            status="definitief",
            meetdatum=datum,
            aanleiding="jaarlijks",
            trede=3,
            groeipotentieel="+",
            toelichting="Woont bij zijn zus in Zuilen",
        )
    result = runner.invoke(args=["bewaartermijn"])
    assert result.exit_code == 0 and "Proefdraai: 1 klant(en)" in result.output
    assert Klant.get_by_id(oud.id).achternaam == "Oudeklant"  # dry run changes nothing
    result = runner.invoke(args=["bewaartermijn", "--uitvoeren"], input="n\n")
    assert "Afgebroken" in result.output and Klant.get_by_id(oud.id).geanonimiseerd is None
    result = runner.invoke(args=["bewaartermijn", "--uitvoeren", "--ja"])
    assert result.exit_code == 0, result.output
    oud = Klant.get_by_id(oud.id)
    assert oud.achternaam == "Geanonimiseerd" and oud.bsn != "111222333" and oud.adres == ""
    assert oud.geboortedatum == datetime.date(1980, 1, 1)
    meting = Meting.get(Meting.klant == oud)
    assert (meting.trede, meting.groeipotentieel, meting.status) == (3, "+", "definitief")
    assert meting.toelichting == ""
    assert Klant.get_by_id(recent.id).achternaam == "Recent"
    assert Meting.get(Meting.klant == recent).toelichting == "Woont bij zijn zus in Zuilen"
    assert "Geen klanten" in runner.invoke(args=["bewaartermijn"]).output
    assert (
        Auditregel.select().where(Auditregel.omschrijving.contains("geanonimiseerd")).count() == 1
    )


def test_inzage_pdf_reads_back_the_same_data(client, logged_in, make_klant, meting):
    import io

    from pypdf import PdfReader

    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Papieren")
    meting.complete(klant.id, [False, False, True], groei=True)
    response = client.get(f"/klanten/{klant.id}/inzage.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in (
        "Inzage: alle gegevens van Piet Papieren",
        klant.bsn,
        "Trede 3: Deelname georganiseerde activiteiten",
        "Verwerkingen",
    ):
        assert expected in text, expected
    assert Auditregel.select().where(Auditregel.omschrijving == "inzage (PDF)").count() == 1


def _traject_en_plaatsing(klant, km, make_organisatie):
    """A gemeente's traject and a partner's plaatsing of the klant."""
    instrument = Instrument.create(
        organisatie=klant.organisatie, naam="Werkfit Utrecht", domein="reintegratie"
    )
    Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=klant.organisatie,
        begindatum=datetime.date(2025, 9, 1),
        geplande_einddatum=datetime.date(2026, 3, 1),
        einddatum=datetime.date(2026, 2, 15),
        status="afgerond",
        werkelijke_kosten=Decimal("2500.00"),
        ingevoerd_door=km,
    )
    vwn = make_organisatie("VluchtelingenWerk Midden", soort="vluchtelingenorganisatie")
    project = Project.create(organisatie=vwn, naam="Banenoffensief", doel_aantal=700)
    Plaatsing.create(
        klant=klant,
        project=project,
        aard="betaald_werk",
        sector="Zorg en welzijn",
        opleidingsniveau="mbo",
        begindatum=datetime.date(2026, 1, 5),
        gerealiseerd_door=vwn,
        organisatie=vwn,
        ingevoerd_door=km,
    )


def test_inzage_json_holds_trajecten_and_plaatsingen(
    client, logged_in, make_klant, make_organisatie
):
    km = logged_in()
    klant = make_klant(km.organisatie)
    _traject_en_plaatsing(klant, km, make_organisatie)
    data = json.loads(client.get(f"/klanten/{klant.id}/inzage.json").get_data(as_text=True))
    [traject] = data["trajecten"]
    assert traject["instrument"] == "Werkfit Utrecht"
    assert traject["geregistreerd_door"] == "Gemeente Testdorp"
    assert (traject["begindatum"], traject["einddatum"]) == ("2025-09-01", "2026-02-15")
    assert (traject["status"], traject["werkelijke_kosten"]) == ("afgerond", "2500.00")
    [plaatsing] = data["plaatsingen"]
    assert plaatsing["project"] == "Banenoffensief"
    assert (plaatsing["aard"], plaatsing["sector"]) == ("betaald_werk", "Zorg en welzijn")
    assert plaatsing["gerealiseerd_door"] == "VluchtelingenWerk Midden"
    assert (plaatsing["begindatum"], plaatsing["einddatum"]) == ("2026-01-05", None)


def test_inzage_pdf_shows_trajecten_and_plaatsingen(
    client, logged_in, make_klant, make_organisatie
):
    import io

    from pypdf import PdfReader

    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Papieren")
    _traject_en_plaatsing(klant, km, make_organisatie)
    response = client.get(f"/klanten/{klant.id}/inzage.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in (
        "Trajecten (1)",
        "Werkfit Utrecht",
        "Re-integratie",
        "Afgerond",
        "2025-09-01",
        "Plaatsingen (1)",
        "Banenoffensief",
        "Betaald werk",
        "Zorg en welzijn",
        "VluchtelingenWerk Midden",
    ):
        assert expected in text, expected


def test_retention_selection_works_on_a_leap_day(app, clock, make_gebruiker, make_klant):
    """29 February 2028 minus five years is 28 February 2023: a meting on that day is just
    within the period, one a day earlier is beyond it (before: ValueError, no run at all)."""
    from services import clock as clock_module
    from services.privacy import verlopen_klanten

    clock.current = datetime.datetime(2028, 2, 29, 9, 0)
    km = make_gebruiker()
    org = km.organisatie
    Organisatie.update(bewaartermijn_jaren=5).where(Organisatie.id == org.id).execute()
    for achternaam, datum in (("Verlopen", (2023, 2, 27)), ("Binnen", (2023, 2, 28))):
        Meting.create(
            klant=make_klant(org, achternaam=achternaam),
            organisatie=org,
            invoerder=km,
            status="definitief",
            meetdatum=datetime.date(*datum),
            aanleiding="jaarlijks",
            trede=2,
            groeipotentieel="0",
        )
    assert clock_module.today() == datetime.date(2028, 2, 29)
    verlopen = verlopen_klanten(Organisatie.get_by_id(org.id), clock_module.today())
    assert [k.achternaam for k in verlopen] == ["Verlopen"]


def test_years_back_from_a_leap_day_is_the_28th():
    from services.privacy import jaren_terug

    assert jaren_terug(datetime.date(2028, 2, 29), 5) == datetime.date(2023, 2, 28)
    assert jaren_terug(datetime.date(2028, 2, 29), 4) == datetime.date(2024, 2, 29)
    assert jaren_terug(datetime.date(2026, 3, 2), 7) == datetime.date(2019, 3, 2)


def test_inzage_names_the_bulk_reads_that_included_the_klant(client, logged_in, make_klant, clock):
    """A search, a bulk export and an API pull that carried the klant stand in its inzage."""
    from models import ApiToken
    from tests.fixtures.uitwisseling import exporteer, maak_meting

    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Bulk")
    ander = make_klant(km.organisatie, achternaam="Anders")
    maak_meting(klant, km, klantmanager=km)  # within the klantmanager's reach
    client.submit("/klanten", {"q": "Bulk"})
    assert exporteer(client, met_persoonsgegevens="y").status_code == 200
    _rij, token = ApiToken.maak(km.organisatie_id, "Koppeling", km, clock.now())
    client.get(
        "/api/v1/metingen?sinds=2000-01-01T00:00:00Z", headers={"Authorization": f"Bearer {token}"}
    )
    data = json.loads(client.get(f"/klanten/{klant.id}/inzage.json").get_data(as_text=True))
    bulk = [(v["actie"], v["object"].split()[0], v["door"]) for v in data["verwerkingen"]]
    assert ("inzien", "zoekresultaat", km.naam) in bulk
    assert ("exporteren", "export", km.naam) in bulk
    assert ("exporteren", "api", "koppeling (API-token)") in bulk
    # The other klant had no meting: the export and the API call did not carry it.
    anders = json.loads(client.get(f"/klanten/{ander.id}/inzage.json").get_data(as_text=True))
    assert not {v["object"].split()[0] for v in anders["verwerkingen"]} & {"export", "api"}


def test_inzage_holds_concepts_and_the_reasons_of_correction_and_review(
    client, logged_in, make_klant, meting
):
    km = logged_in()
    klant = make_klant(km.organisatie)
    saved = meting.complete(klant.id, [False, True], groei=True)
    Meting.update(beoordelingsreden="Klopt niet met het dossier").where(
        Meting.id == saved.id
    ).execute()
    meting.start(klant.id)
    concept = Meting.get(Meting.status == "concept")
    data = json.loads(client.get(f"/klanten/{klant.id}/inzage.json").get_data(as_text=True))
    per_id = {m["id"]: m for m in data["metingen"]}
    assert per_id[saved.id]["beoordelingsreden"] == "Klopt niet met het dossier"
    assert per_id[concept.id]["status"] == "concept"


def test_every_text_column_linked_to_a_klant_is_free_text_or_a_code():
    """A new text column must be sorted: cleared on anonymisation, or a code reports count."""
    from peewee import CharField, TextField

    from services.privacy import CODES, VRIJE_TEKST

    # Every table that refers to a klant or to a meting, found rather than listed, so a
    # new one cannot be forgotten.
    gekoppeld = [
        m
        for m in models.ALL_MODELS
        if any(f.rel_model in (models.Klant, Meting) for f in m._meta.refs)
        and m not in (models.Toegang, models.ImportMeting, models.AuditregelKlant)
    ]
    assert models.Kalibratieantwoord in gekoppeld
    for model in gekoppeld:
        tekst = {f.name for f in model._meta.sorted_fields if isinstance(f, CharField | TextField)}
        vrij, codes = set(VRIJE_TEKST.get(model, ())), set(CODES.get(model, ()))
        assert not vrij & codes, model
        assert tekst == vrij | codes, (model, tekst ^ (vrij | codes))
    for model in (models.Toegang, models.ImportMeting):
        assert not [f for f in model._meta.sorted_fields if isinstance(f, CharField | TextField)]


def test_anonymising_clears_every_free_text_column(
    app, make_gebruiker, make_klant, make_organisatie
):
    from services.privacy import VRIJE_TEKST, anonimiseer

    km = make_gebruiker()
    klant = make_klant(km.organisatie)
    _traject_en_plaatsing(klant, km, make_organisatie)
    Meting.create(
        klant=klant,
        organisatie=km.organisatie,
        invoerder=km,
        status="definitief",
        meetdatum=datetime.date(2015, 3, 1),
        aanleiding="jaarlijks",
        trede=3,
        **dict.fromkeys(VRIJE_TEKST[Meting], "Jan Jansen, Dorpsstraat 1"),
    )
    Plaatsing.update(sector="Bakkerij Jansen").where(Plaatsing.klant == klant).execute()
    models.Kalibratieantwoord.create(
        klant=klant,
        meting=Meting.get(Meting.klant == klant),
        gebruiker=km,
        trede=3,
        toelichting="Jan Jansen werkt bij de bakker",
        klaar_op=datetime.datetime(2015, 3, 2),
    )
    with models.db.atomic():
        anonimiseer(klant, datetime.datetime(2026, 3, 1))
    for model, kolommen in VRIJE_TEKST.items():
        rijen = list(model.select().where(model.klant == klant))
        assert rijen, model
        for rij in rijen:
            assert all(getattr(rij, k) == "" for k in kolommen), (model, rij.__data__)
