"""AVG duties: inzage of everything about a klant, and anonymising after the retention period."""

import datetime
import json

from models import Auditregel, Klant, Meting, Organisatie


def test_inzage_json_holds_personal_data_metingen_and_processing(
    client, logged_in, make_klant, meting
):
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Inzage", postcode="3511 AB")
    saved = meting.complete(klant.id, [False, True], groei=True, toelichting="Gesprek gevoerd")
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
