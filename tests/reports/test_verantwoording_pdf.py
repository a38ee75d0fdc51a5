"""The accountability report of a placement project as a PDF: the same figures as the page,
with their denominators, the same access, and every print in the audit log."""

import datetime
import shutil
import subprocess
from pathlib import Path

from models import Auditregel, Project
from tests.conftest import Auth, FormClient
from tests.views.test_instrumenten import _plaatsing
from tests.views.test_pdf import assert_pdfa_2a, compact, get_pdf, read


def _project(gemeente, **doelen) -> Project:
    return Project.create(
        organisatie=gemeente,
        naam="Banenoffensief",
        doel_aantal=700,
        doel_betaald_pct=55,
        doel_onbetaald_pct=30,
        doel_opleiding_pct=15,
        minimale_duur_maanden=6,
        **doelen,
    )


def test_verantwoording_pdf_has_the_periods_shares_and_durations(
    app, client, auth, make_gebruiker, make_klant, make_organisatie, clock, tmp_path
):
    vwn = make_organisatie("VluchtelingenWerk", soort="vluchtelingenorganisatie")
    manager = make_gebruiker("manager", organisatie=vwn)
    clock.current = datetime.datetime(2026, 11, 1, 9)
    project = _project(vwn)
    klant = make_klant(vwn)
    # 30 April belongs to januari–april, 1 May to mei–augustus.
    _plaatsing(
        klant, project, "betaald_werk", datetime.date(2026, 4, 30), sector="bouw", door=manager
    )
    for aard, sector, eind in (
        ("betaald_werk", "zorg", None),
        ("onbetaald_werk", "techniek", datetime.date(2026, 6, 1)),
        ("opleidingstraject", "zorg", None),
        ("betaald_werk", "horeca", None),
    ):
        _plaatsing(
            klant, project, aard, datetime.date(2026, 5, 1), sector=sector, eind=eind, door=manager
        )
    auth.login(manager.email)

    response = get_pdf(client, f"/projecten/{project.id}/verantwoording.pdf?jaar=2026&periode=2")
    assert response.headers["Content-Disposition"].endswith('"verantwoording-2026-2.pdf"')
    assert response.headers["Cache-Control"] == "no-store"
    reader, text = read(response.data)
    flat = compact(text)
    assert reader.metadata.title == "Verantwoording Banenoffensief"
    assert compact("Periode mei–augustus 2026") in flat
    assert compact("Peildatum 01-11-2026") in flat
    # 4 started in this period, 5 since the project began; shares of the 4 against the targets.
    assert compact("In deze periode zijn 4 plaatsingen gestart") in flat
    assert compact("tot het einde van deze periode 5 plaatsingen gestart") in flat
    assert compact("aandeel van de 4 in deze periode gestarte plaatsingen") in flat
    assert compact("Betaald werk 2 50,0% 55%") in flat
    assert compact("Onbetaald werk 1 25,0% 30%") in flat
    assert compact("Opleidingstraject 1 25,0% 15%") in flat
    assert compact("Totaal 4 100,0% 100%") in flat
    # Sectors of this period only: the 30 April placement (bouw) is in the first period.
    assert "horeca" in text and "techniek" in text and "bouw" not in text
    # Opleidingsniveau and sector state their denominator and add up to it.
    assert compact("Mbo 2–4 4") in flat
    assert compact("Sector van de 4 in deze periode gestarte plaatsingen") in flat
    assert compact("horeca 1 techniek 1 zorg 2 Totaal 4") in flat
    assert flat.count(compact("Totaal 4")) == 3  # aard, opleidingsniveau, sector
    assert "Tussentijdse stand" not in text  # mei–augustus has ended on 1 November
    # Paid and training (May → November, running) reach six months; unpaid lasted one month.
    assert compact("3 van de 4 in deze periode gestarte plaatsingen (75%)") in flat
    assert "pagina 1 van" in text
    assert compact("Geprint op 01-11-2026") in flat
    assert_pdfa_2a(response.data, "Verantwoording Banenoffensief", "VluchtelingenWerk")
    _als_afbeelding(response.data, tmp_path)

    first = read(
        get_pdf(client, f"/projecten/{project.id}/verantwoording.pdf?jaar=2026&periode=1").data
    )[1]
    assert compact("In deze periode zijn 1 plaatsingen gestart") in compact(first)
    assert "bouw" in first and "horeca" not in first

    # September–december is still running on the peildatum: the sheet says it is interim.
    lopend = read(
        get_pdf(client, f"/projecten/{project.id}/verantwoording.pdf?jaar=2026&periode=3").data
    )[1]
    assert compact("Tussentijdse stand") in compact(lopend)
    assert compact("loopt tot en met 31-12-2026") in compact(lopend)
    assert compact("In deze periode zijn 0 plaatsingen gestart") in compact(lopend)

    prints = Auditregel.select().where(
        (Auditregel.actie == "printen") & (Auditregel.object_type == "project")
    )
    assert [(r.object_id, r.gebruiker_id) for r in prints] == [(str(project.id), manager.id)] * 3
    assert "mei–augustus 2026" in prints.order_by(Auditregel.id).first().omschrijving


def test_verantwoording_pdf_access_follows_the_page(
    app, client, auth, make_gebruiker, make_klant, make_organisatie, clock
):
    gemeente = make_organisatie("Gemeente Testdorp")
    clock.current = datetime.datetime(2026, 11, 1, 9)
    km = make_gebruiker("klantmanager", organisatie=gemeente)
    partner_org = make_organisatie("Emplooi", soort="reintegratiebedrijf")
    partner = make_gebruiker("partner", organisatie=partner_org)
    ander = make_gebruiker("manager", organisatie=make_organisatie("Gemeente Elders"))
    klant = make_klant(gemeente)
    project = _project(gemeente)
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
    url = f"/projecten/{project.id}/verantwoording.pdf?jaar=2026&periode=1"

    # The partner: only its own placement, and the sheet says so.
    browser = FormClient(app.test_client())
    Auth(browser).login(partner.email)
    text = read(get_pdf(browser, url).data)[1]
    assert "partnersector" in text and "gemeentesector" not in text
    assert compact("Alleen de plaatsingen van Emplooi") in compact(text)
    assert compact("In deze periode zijn 1 plaatsingen gestart") in compact(text)

    # The gemeente: both.
    auth.login(km.email)
    text = read(get_pdf(client, url).data)[1]
    assert "partnersector" in text and "gemeentesector" in text

    # Another organisation: refused as on the page, the attempt logged, nothing printed.
    vreemd = FormClient(app.test_client())
    Auth(vreemd).login(ander.email)
    assert vreemd.get(url).status_code == 403
    assert vreemd.get(url.replace(".pdf", "")).status_code == 403
    assert (
        Auditregel.select()
        .where((Auditregel.gebruiker_id == ander.id) & (Auditregel.actie == "geweigerd"))
        .exists()
    )
    assert not (
        Auditregel.select()
        .where((Auditregel.gebruiker_id == ander.id) & (Auditregel.actie == "printen"))
        .exists()
    )


def _als_afbeelding(data: bytes, tmp_path) -> None:
    """Page 1 in test-artifacts/, to look at (as for the dossierblad)."""
    if shutil.which("pdftoppm") is None:
        return
    pdf = tmp_path / "verantwoording.pdf"
    pdf.write_bytes(data)
    out = Path(__file__).resolve().parents[2] / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
        + [str(out / "verantwoording-pagina-1")],
        check=True,
        timeout=60,
    )
