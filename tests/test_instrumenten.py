"""Instruments, trajecten with their metingen, the effect report, plaatsingen and the
accountability report of a placement project."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from models import Instrument, Meting, Organisatie, Plaatsing, Project, Traject
from reports.effect import effecten
from tests.conftest import Auth, FormClient, MetingDriver


@pytest.fixture
def gemeente(make_organisatie):
    return make_organisatie("Gemeente Utrecht")


@pytest.fixture
def km(gemeente, make_gebruiker, auth):
    gebruiker = make_gebruiker("klantmanager", organisatie=gemeente)
    auth.login(gebruiker.email)
    return gebruiker


def _meting(klant, km, datum, trede, groei="0", traject=None):
    return Meting.create(
        klant=klant,
        organisatie=klant.organisatie,
        invoerder=km,
        status="definitief",
        meetdatum=datum,
        aanleiding="jaarlijks",
        trede=trede,
        groeipotentieel=groei,
        traject=traject,
        definitief_op=datetime.datetime.combine(datum, datetime.time(9)),
    )


def test_manager_keeps_the_catalogue(client, auth, make_gebruiker, gemeente):
    manager = make_gebruiker("manager", organisatie=gemeente)
    auth.login(manager.email)
    response = client.submit(
        "/instrumenten/nieuw",
        {
            "naam": "Werkfit",
            "domein": "reintegratie",
            "aanbieder": "",
            "kosten_per_traject": "2.500,00",
            "kosten_per_maand": "",
            "bedoelde_treden": "4, 3",
        },
    )
    assert response.status_code == 303
    instrument = Instrument.get()
    assert (instrument.kosten_per_traject, instrument.treden) == (Decimal("2500.00"), [3, 4])
    page = client.get("/instrumenten").get_data(as_text=True)
    assert "Werkfit" in page and "2.500,00" in page
    bad = client.submit(
        "/instrumenten/nieuw",
        {"naam": "Werkfit", "domein": "x", "kosten_per_traject": "veel", "bedoelde_treden": "7"},
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    for message in (
        "Vul een bedrag in, bijvoorbeeld 2.500,00.",
        "Gebruik treden van 1 tot en met 6",
        "Ongeldige keuze.",
    ):
        assert message in text, message
    dubbel = client.submit("/instrumenten/nieuw", {"naam": "Werkfit", "domein": "educatie"})
    assert "Er is al een instrument met deze naam." in dubbel.get_data(as_text=True)
    assert Instrument.select().count() == 1


def test_klantmanager_cannot_change_the_catalogue(client, km):
    assert client.get("/instrumenten").status_code == 200
    assert client.get("/instrumenten/nieuw").status_code == 403


def test_traject_start_and_end_offer_linked_metingen(client, km, make_klant, gemeente, meting):
    klant = make_klant(gemeente)
    instrument = Instrument.create(
        organisatie=gemeente,
        naam="Taalcursus",
        domein="educatie",
        kosten_per_traject=Decimal("1200"),
    )
    response = client.submit(
        f"/klanten/{klant.id}/trajecten/nieuw",
        {
            "instrument": str(instrument.id),
            "begindatum-dag": "2",
            "begindatum-maand": "2",
            "begindatum-jaar": "2026",
        },
    )
    assert response.status_code == 303 and "traject=" in response.headers["Location"]
    traject = Traject.get()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Meting bij de start van ‘Taalcursus’" in page
    start = client.submit(
        f"/klanten/{klant.id}/metingen",
        {"token": "s" * 24, "traject": str(traject.id)},
        token_from=f"/klanten/{klant.id}",
    )
    concept = Meting.get(Meting.status == "concept")
    assert (concept.traject_id, concept.aanleiding, concept.meetdatum) == (
        traject.id,
        "start_traject",
        datetime.date(2026, 2, 2),
    )
    assert (concept.nieuw_p_instrument, concept.lopend_p_instrument) == ("ja", "nee")
    assert start.headers["Location"].endswith("/stap/meetmoment")
    # End the traject: a second linked meting with the matching aanleiding.
    response = client.submit(
        f"/trajecten/{traject.id}/afronden",
        {
            "status": "afgerond",
            "einddatum-dag": "1",
            "einddatum-maand": "3",
            "einddatum-jaar": "2026",
            "werkelijke_kosten": "1.150",
        },
    )
    assert response.status_code == 303 and f"traject={traject.id}" in response.headers["Location"]
    traject = Traject.get_by_id(traject.id)
    assert (traject.status, traject.einddatum, traject.werkelijke_kosten) == (
        "afgerond",
        datetime.date(2026, 3, 1),
        Decimal("1150.00"),
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Meting bij de afronding van ‘Taalcursus’" in page
    # The start meting was saved in the meantime; the end meting is a new, linked one.
    Meting.update(status="definitief", trede=3, groeipotentieel="0").where(
        Meting.id == concept.id
    ).execute()
    eind = client.submit(
        f"/klanten/{klant.id}/metingen",
        {"token": "e" * 24, "traject": str(traject.id)},
        token_from=f"/klanten/{klant.id}",
    )
    assert eind.headers["Location"].endswith("/stap/meetmoment")
    einde = Meting.get(Meting.status == "concept")
    assert einde.id != concept.id
    assert (einde.traject_id, einde.aanleiding, einde.meetdatum) == (
        traject.id,
        "afronding_traject",
        datetime.date(2026, 3, 1),
    )
    # The traject has ended: not new, and no other traject running.
    assert (einde.nieuw_p_instrument, einde.lopend_p_instrument) == ("nee", "nee")
    # Ending it a second time changes nothing and says so.
    again = client.submit(
        f"/trajecten/{traject.id}/afronden",
        {
            "status": "uitgevallen",
            "einddatum-dag": "5",
            "einddatum-maand": "3",
            "einddatum-jaar": "2026",
        },
        token_from=f"/klanten/{klant.id}",
    )
    assert again.status_code == 303
    assert Traject.get_by_id(traject.id).status == "afgerond"


def test_effect_report_refuses_a_year_out_of_range(client, km):
    for jaar, melding in (
        ("-1", "Vul een jaar in tussen 2000 en 2100."),
        ("10000", "Vul een jaar in tussen 2000 en 2100."),
        ("", "Vul een jaar in, bijvoorbeeld 2026."),
    ):
        response = client.get(f"/instrumenten/effect?jaar={jaar}&maanden_na=0")
        page = response.get_data(as_text=True)
        assert response.status_code == 422, jaar
        assert page.count(melding) == 2, jaar  # in the summary and next to the field
        assert "Er is een probleem" in page
    response = client.get("/instrumenten/effect?jaar=2025&maanden_na=99")
    assert response.status_code == 422
    assert "Vul een aantal maanden in van 0 tot en met 24." in response.get_data(as_text=True)
    assert client.get("/instrumenten/effect").status_code == 200


def test_traject_end_before_its_start_is_refused(client, km, make_klant, gemeente):
    klant = make_klant(gemeente)
    instrument = Instrument.create(organisatie=gemeente, naam="X", domein="overig")
    traject = Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=gemeente,
        begindatum=datetime.date(2026, 2, 2),
        ingevoerd_door=km,
    )
    response = client.submit(
        f"/trajecten/{traject.id}/afronden",
        {
            "status": "afgerond",
            "einddatum-dag": "1",
            "einddatum-maand": "1",
            "einddatum-jaar": "2026",
        },
    )
    assert response.status_code == 422
    assert "De einddatum mag niet voor de begindatum liggen." in response.get_data(as_text=True)
    assert Traject.get_by_id(traject.id).status == "lopend"


def test_effect_report_movement_and_cost(app, km, make_klant, gemeente):
    cursus = Instrument.create(
        organisatie=gemeente, naam="Cursus", domein="educatie", kosten_per_traject=Decimal("1000")
    )
    werk = Instrument.create(
        organisatie=gemeente,
        naam="Werkervaring",
        domein="reintegratie",
        kosten_per_maand=Decimal("300"),
    )
    a, b, c = (make_klant(gemeente, achternaam=n) for n in ("A", "B", "C"))
    jan, jun, dec = (
        datetime.date(2025, 1, 10),
        datetime.date(2025, 6, 10),
        datetime.date(2025, 12, 10),
    )
    # a: 2+ → 4 in the course (rose 2 rungs); b: 3 → 3 (stayed); c: 4+ → 3 (fell).
    for klant, start, eind in ((a, 2, 4), (b, 3, 3), (c, 4, 3)):
        traject = Traject.create(
            klant=klant,
            instrument=cursus,
            organisatie=gemeente,
            begindatum=jan,
            einddatum=jun,
            status="afgerond",
            ingevoerd_door=km,
        )
        _meting(klant, km, jan, start, "+" if klant in (a, c) else "0", traject)
        _meting(klant, km, jun, eind, traject=traject)
    # a also has an overlapping traject with another instrument, measured separately.
    overlap = Traject.create(
        klant=a,
        instrument=werk,
        organisatie=gemeente,
        begindatum=datetime.date(2025, 3, 1),
        einddatum=dec,
        status="uitgevallen",
        ingevoerd_door=km,
    )
    _meting(a, km, dec, 5, traject=overlap)
    rows = {
        e.instrument.naam: e
        for e in effecten(gemeente.id, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    }
    e = rows["Cursus"]
    assert (e.trajecten, len(e.klanten), e.gestegen, e.gelijk, e.gedaald) == (3, 3, 1, 1, 1)
    assert (e.plus_bij_start, e.plus_gestegen, e.treden_gewonnen) == (2, 1, 2)
    assert e.kosten == Decimal("3000") and e.kosten_per_klant == Decimal("1000.00")
    assert e.kosten_per_trede == Decimal("1500.00")
    w = rows["Werkervaring"]
    # Start on 1 March: a's rung then is 2 (the January meting); end in December: 5.
    assert (w.trajecten, w.gestegen, w.treden_gewonnen) == (1, 1, 3)
    assert w.kosten == Decimal("300") * 9  # nine whole months at the catalogue price


def test_effect_page_is_labelled_as_observed_movement(client, km):
    page = client.get("/instrumenten/effect?jaar=2025").get_data(as_text=True)
    assert "geen bewezen effect" in page


def _plaatsing(
    klant, project, aard, begin, eind=None, org=None, sector="zorg", niveau="mbo", door=None
):
    return Plaatsing.create(
        klant=klant,
        project=project,
        aard=aard,
        sector=sector,
        opleidingsniveau=niveau,
        begindatum=begin,
        einddatum=eind,
        gerealiseerd_door=org or project.organisatie,
        organisatie=org or project.organisatie,
        ingevoerd_door=door,
    )


def test_accountability_report_periods_shares_and_durations(
    app, client, auth, make_gebruiker, make_klant, make_organisatie, clock
):
    vwn = make_organisatie("VluchtelingenWerk", soort="vluchtelingenorganisatie")
    manager = make_gebruiker("manager", organisatie=vwn)
    clock.current = datetime.datetime(2026, 11, 1, 9)
    auth.login(manager.email)
    response = client.submit(
        "/projecten",
        {
            "naam": "Banenoffensief",
            "doel_aantal": "700",
            "doel_betaald_pct": "55",
            "doel_onbetaald_pct": "30",
            "doel_opleiding_pct": "15",
            "minimale_duur_maanden": "6",
        },
    )
    assert response.status_code == 303
    project = Project.get()
    k = make_klant(vwn)
    # 30 April and 1 May fall in different periods.
    _plaatsing(k, project, "betaald_werk", datetime.date(2026, 4, 30), door=manager)
    for aard, sector in (
        ("betaald_werk", "zorg"),
        ("onbetaald_werk", "techniek"),
        ("opleidingstraject", "zorg"),
        ("betaald_werk", "horeca"),
    ):
        _plaatsing(
            k,
            project,
            aard,
            datetime.date(2026, 5, 1),
            sector=sector,
            door=manager,
            eind=datetime.date(2026, 6, 1) if aard == "onbetaald_werk" else None,
        )
    page = client.get(f"/projecten/{project.id}/verantwoording?jaar=2026&periode=2").get_data(
        as_text=True
    )
    assert "mei–augustus 2026" in page
    assert "<strong>4</strong> plaatsingen gestart in deze periode; 5 sinds de start" in page
    assert "50,0%" in page and "25,0%" in page  # 2 of 4 paid, 1 of 4 unpaid (and training)
    assert "50.0%" not in page
    # Paid (May → Nov, running) and training reach six months; the unpaid one lasted one.
    assert "3 van de 4 plaatsingen uit deze periode (75%)" in page
    # Each breakdown adds up to the 4 placements it is a share of.
    totalen = re.findall(
        r'<tr class="totaal"><th scope="row">Totaal</th><td class="getal">(\d+)<', page
    )
    assert totalen == ["4", "4", "4"]  # aard, opleidingsniveau, sector
    assert "Sector van de 4 in deze periode gestarte plaatsingen" in page
    first = client.get(f"/projecten/{project.id}/verantwoording?jaar=2026&periode=1").get_data(
        as_text=True
    )
    assert "<strong>1</strong> plaatsingen gestart" in first and "100,0%" in first
    xlsx = client.get(f"/projecten/{project.id}/verantwoording.xlsx?jaar=2026&periode=2")
    workbook = load_workbook(io.BytesIO(xlsx.data))
    rows = [row for row in workbook["Verantwoording"].iter_rows(values_only=True) if row[0]]
    cells = {row[0]: row[1:] for row in rows}
    assert cells["Gestarte plaatsingen"][0] == 4
    assert cells["Betaald werk"][:3] == (2, 50.0, 55)
    # Each table ends in its Totaal: the denominator of the shares, as in the PDF.
    totalen = [row[1:4] for row in rows if row[0] == "Totaal"]
    assert totalen == [(4, 100.0, 100), (4, None, None), (4, None, None)]
    assert [row[0] for row in rows if row[0] in ("horeca", "techniek", "zorg")] == [
        "horeca",
        "techniek",
        "zorg",
    ]
    # One row per placement of the period, with its duration on the peildatum.
    duur = list(workbook["Duur per plaatsing"].iter_rows(values_only=True))
    assert duur[0] == ("Begin", "Aard", "Sector", "Duur (maanden)", "Status")
    mei = datetime.datetime(2026, 5, 1)
    assert duur[1:] == [
        (mei, "Betaald werk", "zorg", 6, "loopt"),
        (mei, "Onbetaald werk", "techniek", 1, "beëindigd"),
        (mei, "Opleidingstraject", "zorg", 6, "loopt"),
        (mei, "Betaald werk", "horeca", 6, "loopt"),
    ]
    bad = client.submit(
        "/projecten",
        {
            "naam": "X",
            "doel_aantal": "10",
            "doel_betaald_pct": "50",
            "doel_onbetaald_pct": "30",
            "doel_opleiding_pct": "10",
            "minimale_duur_maanden": "6",
        },
    )
    assert "tellen op tot 90; dat moet 100 zijn" in bad.get_data(as_text=True)


def test_partner_sees_only_its_own_placements_and_trajecten(
    app, client, auth, make_gebruiker, make_klant, make_organisatie, gemeente, clock
):
    from models import Toegang

    km = make_gebruiker("klantmanager", organisatie=gemeente)
    partner_org = make_organisatie("Emplooi", soort="reintegratiebedrijf")
    partner = make_gebruiker("partner", organisatie=partner_org)
    klant = make_klant(gemeente)
    Toegang.create(
        klant=klant, organisatie=partner_org, begindatum=datetime.date(2026, 1, 1), verleend_door=km
    )
    instrument = Instrument.create(organisatie=gemeente, naam="Jobcoach", domein="reintegratie")
    eigen = Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=gemeente,
        begindatum=datetime.date(2026, 1, 5),
        ingevoerd_door=km,
    )
    project = Project.create(organisatie=gemeente, naam="Project G", doel_aantal=10)
    _plaatsing(
        klant, project, "betaald_werk", datetime.date(2026, 2, 1), sector="gemeentesector", door=km
    )
    _plaatsing(
        klant,
        project,
        "opleidingstraject",
        datetime.date(2026, 2, 2),
        org=partner_org,
        sector="partnersector",
        door=partner,
    )
    browser = FormClient(app.test_client())
    Auth(browser).login(partner.email)
    page = browser.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "partnersector" in page and "gemeentesector" not in page
    assert "Jobcoach" not in page  # the gemeente's traject
    assert browser.get(f"/trajecten/{eigen.id}/afronden").status_code == 404
    report = browser.get(f"/projecten/{project.id}/verantwoording?jaar=2026&periode=1").get_data(
        as_text=True
    )
    assert "<strong>1</strong> plaatsingen gestart" in report and "gemeentesector" not in report
    # The gemeente itself sees both.
    auth.login(km.email)
    report = client.get(f"/projecten/{project.id}/verantwoording?jaar=2026&periode=1").get_data(
        as_text=True
    )
    assert "<strong>2</strong> plaatsingen gestart" in report
    MetingDriver(browser)  # (the partner can measure too; covered in test_toegang)


def _beeindigd(klant, instrument, km, begin, eind, kosten=None):
    return Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=instrument.organisatie,
        begindatum=begin,
        einddatum=eind,
        status="afgerond",
        werkelijke_kosten=kosten,
        ingevoerd_door=km,
    )


def test_effect_report_filters_by_aanbieder(client, km, make_klant, make_organisatie, gemeente):
    emplooi = make_organisatie("Emplooi", soort="reintegratiebedrijf")
    elders = make_organisatie("Ander bedrijf", soort="reintegratiebedrijf")  # not in catalogue
    jobcoach = Instrument.create(
        organisatie=gemeente, naam="Jobcoach", domein="reintegratie", aanbieder=emplooi
    )
    taalhuis = Instrument.create(organisatie=gemeente, naam="Taalhuis", domein="reintegratie")
    klant = make_klant(gemeente)
    for instrument in (jobcoach, taalhuis):
        _beeindigd(klant, instrument, km, datetime.date(2025, 2, 1), datetime.date(2025, 5, 1))

    def namen(aanbieder):
        return [e.instrument.naam for e in effecten(gemeente.id, aanbieder=aanbieder)]

    assert namen("") == ["Jobcoach", "Taalhuis"]
    assert namen(str(emplooi.id)) == ["Jobcoach"]
    assert namen("eigen") == ["Taalhuis"]  # delivered by the gemeente itself

    alle = client.get("/instrumenten/effect?jaar=2025").get_data(as_text=True)
    assert "Jobcoach" in alle and "Taalhuis" in alle
    # The select offers the catalogue's aanbieders only.
    assert f'<option value="{emplooi.id}">Emplooi</option>' in alle
    assert "Ander bedrijf" not in alle
    page = client.get(f"/instrumenten/effect?jaar=2025&aanbieder={emplooi.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ">Jobcoach</th>" in text and ">Taalhuis</th>" not in text
    eigen = client.get("/instrumenten/effect?jaar=2025&aanbieder=eigen").get_data(as_text=True)
    assert ">Taalhuis</th>" in eigen and ">Jobcoach</th>" not in eigen
    vreemd = client.get(f"/instrumenten/effect?jaar=2025&aanbieder={elders.id}")
    assert vreemd.status_code == 422
    assert "Ongeldige keuze." in vreemd.get_data(as_text=True)


def test_effect_report_measures_the_rung_months_after_the_end(app, km, make_klant, gemeente):
    cursus = Instrument.create(organisatie=gemeente, naam="Cursus", domein="educatie")
    klant = make_klant(gemeente)
    begin, eind = datetime.date(2025, 1, 10), datetime.date(2025, 6, 10)
    traject = _beeindigd(klant, cursus, km, begin, eind)
    _meting(klant, km, begin, 2, traject=traject)
    _meting(klant, km, eind, 2, traject=traject)
    # Three months after the end the klant has risen two rungs.
    _meting(klant, km, datetime.date(2025, 9, 10), 4)

    def na(maanden):
        (e,) = effecten(
            gemeente.id, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "", maanden
        )
        return (e.gestegen, e.gelijk, e.gedaald, e.treden_gewonnen)

    assert na(0) == (0, 1, 0, 0)  # at the end itself: no movement
    assert na(2) == (0, 1, 0, 0)  # 10 August: the September meting is not there yet
    assert na(3) == (1, 0, 0, 2)  # 10 September: the later meting counts


def test_effect_report_counts_a_klant_with_two_trajecten_once(app, km, make_klant, gemeente):
    cursus = Instrument.create(
        organisatie=gemeente, naam="Cursus", domein="educatie", kosten_per_traject=Decimal("1000")
    )
    a, b = make_klant(gemeente, achternaam="A"), make_klant(gemeente, achternaam="B")
    _beeindigd(a, cursus, km, datetime.date(2025, 1, 5), datetime.date(2025, 3, 1))
    _beeindigd(
        a, cursus, km, datetime.date(2025, 4, 5), datetime.date(2025, 6, 1), kosten=Decimal("400")
    )
    _beeindigd(b, cursus, km, datetime.date(2025, 1, 5), datetime.date(2025, 3, 1))
    (e,) = effecten(gemeente.id, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert (e.trajecten, len(e.klanten)) == (3, 2)
    assert e.kosten == Decimal("2400")  # 1000 + the actual 400 + 1000
    assert e.kosten_per_klant == Decimal("1200.00")  # over two klanten, not three trajecten


def test_percentages_are_in_dutch_notation():
    from views.instrumenten import procent

    assert procent(50) == "50,0%"
    assert procent(100 / 3) == "33,3%"
    assert procent(75, 0) == "75%"
    assert procent(0.0) == "0,0%"


def test_ending_a_traject_someone_else_just_ended_says_so(
    client, km, make_klant, gemeente, monkeypatch
):
    from forms.instrument import TrajectEindeForm

    klant = make_klant(gemeente)
    instrument = Instrument.create(organisatie=gemeente, naam="Jobcoach", domein="reintegratie")
    traject = Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=gemeente,
        begindatum=datetime.date(2026, 1, 5),
        ingevoerd_door=km,
    )
    url = f"/trajecten/{traject.id}/afronden"
    valideer = TrajectEindeForm.validate

    def collega_rondt_intussen_af(form, *args, **kwargs):
        # A colleague's request ends the traject while this one is being handled.
        Traject.update(status="uitgevallen", einddatum=datetime.date(2026, 2, 1)).where(
            Traject.id == traject.id
        ).execute()
        return valideer(form, *args, **kwargs)

    monkeypatch.setattr(TrajectEindeForm, "validate", collega_rondt_intussen_af)
    response = client.submit(
        url,
        {
            "status": "afgerond",
            "einddatum-dag": "1",
            "einddatum-maand": "3",
            "einddatum-jaar": "2026",
            "werkelijke_kosten": "900",
        },
    )
    assert response.status_code == 303 and "traject=" not in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Dit traject is intussen door iemand anders beëindigd; "
        "uw wijziging is niet opgeslagen." in page
    )
    assert "Het traject is beëindigd." not in page
    traject = Traject.get_by_id(traject.id)
    assert (traject.status, traject.einddatum, traject.werkelijke_kosten) == (
        "uitgevallen",
        datetime.date(2026, 2, 1),
        None,
    )


def test_plaatsing_offers_only_related_organisations(
    app, client, km, make_gebruiker, make_klant, make_organisatie, gemeente
):
    from models import Toegang

    partner_org = make_organisatie("Emplooi", soort="reintegratiebedrijf")
    amersfoort = make_organisatie("Gemeente Amersfoort")
    vreemde_partner = make_organisatie("Elders BV", soort="reintegratiebedrijf")
    klant = make_klant(gemeente)
    andere = make_klant(amersfoort)
    begin = datetime.date(2026, 1, 1)
    Toegang.create(klant=klant, organisatie=partner_org, begindatum=begin, verleend_door=km)
    Toegang.create(klant=andere, organisatie=vreemde_partner, begindatum=begin, verleend_door=km)
    project = Project.create(organisatie=gemeente, naam="Project G", doel_aantal=10)
    url = f"/klanten/{klant.id}/plaatsingen/nieuw"

    def aangeboden(browser):
        page = browser.get(url).get_data(as_text=True)
        keuzelijst = page[page.index('name="gerealiseerd_door"') :].split("</select>")[0]
        waarden = set(re.findall(r'<option[^>]*value="(\d+)"', keuzelijst))
        return {o.naam for o in Organisatie.select() if str(o.id) in waarden}

    assert aangeboden(client) == {"Gemeente Utrecht", "Emplooi"}
    data = {
        "project": str(project.id),
        "aard": "betaald_werk",
        "sector": "zorg",
        "opleidingsniveau": "mbo",
        "begindatum-dag": "1",
        "begindatum-maand": "2",
        "begindatum-jaar": "2026",
        "gerealiseerd_door": str(amersfoort.id),
    }
    refused = client.submit(url, data)
    assert refused.status_code == 422 and "Ongeldige keuze." in refused.get_data(as_text=True)
    assert Plaatsing.select().count() == 0
    assert client.submit(url, data | {"gerealiseerd_door": str(partner_org.id)}).status_code == 303
    assert Plaatsing.get().gerealiseerd_door_id == partner_org.id
    # The partner sees its own organisation and the klant's gemeente, not the others.
    partner = make_gebruiker("partner", organisatie=partner_org)
    browser = FormClient(app.test_client())
    Auth(browser).login(partner.email)
    assert aangeboden(browser) == {"Gemeente Utrecht", "Emplooi"}


@pytest.mark.parametrize("rol", ["beheerder", "manager", "klantmanager", "intaker"])
def test_every_link_on_the_catalogue_opens_for_whoever_sees_it(client, logged_in, rol):
    """The beheerder was shown "Effect per instrument", which answered 403."""
    logged_in(rol)
    page = client.get("/instrumenten").get_data(as_text=True)
    links = set(re.findall(r'href="(/(?:instrumenten|projecten)[^"]*)"', page))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, (rol, link)
