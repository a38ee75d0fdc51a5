"""Kalibratie never counts as a meting (issue 15). After a closed round with finished
placements, a reference answer and a dubbelmeting of a real klant, every output that counts
metingen is what it was before: the reports (pages, CSV and XLSX), the export of the
participatiedatabase (CSV, XLSX, XML), the API, a klant's inzage (JSON and PDF), and the
start pages, the klant page and the klant's history (PDF) besides. The
placements are on treden 1 to 3 and the metingen on 4 and 5, so a placement counted anywhere
would change a figure, not only add a word. And a round stays blind: no results before it
closes, for anyone, and no deelnemer ever sees another's name beside an answer. Both engines.
"""

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from models import ApiToken, Kalibratieantwoord, Meting
from services import kalibratie
from tests.conftest import Auth, FormClient
from tests.fixtures.kalibratie import beantwoord
from tests.fixtures.uitwisseling import csv_rijen, exporteer, maak_meting
from views.rapporten import RAPPORTEN

API = "/api/v1/metingen?sinds=2026-01-01T00:00:00Z"
# Each deelnemer's placements of the three casussen of the round: never trede 4 or 5.
PLAN = {0: (1, 2, 3), 1: (1, 3, 3), 2: (2, 2, 1)}


@pytest.fixture
def wereld(app, clock, make_organisatie, make_gebruiker, make_klant):
    """Gemeente IJkdorp: a manager (the coordinator), three klantmanagers, two klanten of the
    first klantmanager with a meting each (treden 4 and 5) and an API token; it takes part in
    the benchmark."""
    org = make_organisatie("Gemeente IJkdorp")
    org.benchmark_deelname = True  # so that the benchmark is a page, not a refusal
    org.save()
    manager = make_gebruiker("manager", organisatie=org, naam="Mirjam Coördinator")
    kms = [
        make_gebruiker("klantmanager", organisatie=org, naam=f"Klantmanager {naam}")
        for naam in ("Ans", "Bas", "Cis")
    ]
    klanten = [make_klant(org, achternaam=naam) for naam in ("Vier", "Vijf")]
    for klant, trede in zip(klanten, (4, 5), strict=True):
        klant.klantmanager = kms[0]
        klant.save()
        maak_meting(klant, kms[0], trede=trede, klantmanager=kms[0])
    _rij, token = ApiToken.maak(org.id, "Koppeling", kms[0], clock.now())
    return {"org": org, "manager": manager, "kms": kms, "klanten": klanten, "token": token}


def _login(app, gebruiker) -> FormClient:
    client = FormClient(app.test_client())
    assert Auth(client).login(gebruiker.email).status_code == 303
    return client


def _plaats(antwoord: Kalibratieantwoord, trede: int, gebruiker) -> None:
    beantwoord(antwoord, trede, gebruiker=gebruiker, toelichting="Toelichting bij de kalibratie")


def _ronde(wereld, sluiten=True):
    """A round of three starter casussen for the three klantmanagers, all placed; the
    coordinator gives the first casus a reference answer (trede 2) through the same pages."""
    org, manager, kms = wereld["org"], wereld["manager"], wereld["kms"]
    casussen = kalibratie.casusbank(org)[:3]
    ronde = kalibratie.open_ronde(
        org, manager, "Ronde IJkdorp", [c.id for c in casussen], [k.id for k in kms]
    )
    for i, km in enumerate(kms):
        for casus, trede in zip(casussen, PLAN[i], strict=True):
            _plaats(kalibratie.antwoord_in_ronde(ronde, casus, km), trede, km)
    _plaats(kalibratie.referentie_antwoord(casussen[0], manager), 2, manager)
    if sluiten:
        kalibratie.sluit_ronde(ronde, manager)
    return ronde


def _kalibreer(wereld) -> None:
    _ronde(wereld)
    # A dubbelmeting of the klant on trede 4 by another klantmanager, who says 1.
    klant, km = wereld["klanten"][0], wereld["kms"][1]
    _plaats(kalibratie.begin_dubbelmeting(klant, km), 1, km)
    assert Kalibratieantwoord.select().where(Kalibratieantwoord.klaar_op.is_null(False)).count()
    assert Meting.select().count() == 2


# --------------------------------------------------------------------------- the outputs


def _pagina(response) -> str:
    """The main content of a page, without what differs per request (the CSRF token, the
    one-time token of a form)."""
    assert response.status_code == 200, (response.request.path, response.status_code)
    body = response.get_data(as_text=True)
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'type="hidden" value="[^"]+"', "", main)


def _werkmap(body: bytes) -> list:
    """Every cell of every sheet."""
    boek = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    try:
        return [
            (blad.title, [list(rij) for rij in blad.iter_rows(values_only=True)])
            for blad in boek.worksheets
        ]
    finally:
        boek.close()


def _pdf_tekst(body: bytes) -> str:
    """The text, without "pagina 1 van 3" (the verwerkingen grow with every read)."""
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"pagina \d+ van \d+", "", " ".join(tekst.split()))


def _uitvoer(app, wereld) -> tuple[dict, dict]:
    """Everything that counts or lists metingen, as the users and the API get it; and
    apart, per klant, the dubbelmetingen its inzage lists."""
    manager = _login(app, wereld["manager"])
    km = _login(app, wereld["kms"][0])
    uit, dubbel = {}, {}
    for naam in RAPPORTEN:
        uit[f"rapport {naam}"] = _pagina(manager.get(f"/rapporten/{naam}"))
        uit[f"rapport {naam}.csv"] = manager.get(f"/rapporten/{naam}.csv").get_data()
        uit[f"rapport {naam}.xlsx"] = _werkmap(manager.get(f"/rapporten/{naam}.xlsx").get_data())
    uit["rapport jaaroverzicht.pdf"] = _pdf_tekst(
        manager.get("/rapporten/jaaroverzicht.pdf").get_data()
    )
    uit["export.csv"] = csv_rijen(exporteer(km, met_persoonsgegevens="y").get_data())
    uit["export.xlsx"] = _werkmap(
        exporteer(km, formaat="xlsx", met_persoonsgegevens="y").get_data()
    )
    uit["export.xml"] = exporteer(km, formaat="xml", met_persoonsgegevens="y").get_data()
    uit["export manager.csv"] = manager.submit(
        "/uitwisseling/export", {"formaat": "csv"}, token_from="/uitwisseling"
    ).get_data()
    api = km.get(API, headers={"Authorization": f"Bearer {wereld['token']}"})
    assert api.status_code == 200
    uit["api"] = api.get_data()
    uit["start manager"] = _pagina(manager.get("/"))
    uit["start klantmanager"] = _pagina(km.get("/"))
    for klant in wereld["klanten"]:
        uit[f"klant {klant.id}"] = _pagina(km.get(f"/klanten/{klant.id}"))
        uit[f"historie {klant.id}.pdf"] = _pdf_tekst(
            km.get(f"/klanten/{klant.id}/historie.pdf").get_data()
        )
        inzage = km.get(f"/klanten/{klant.id}/inzage.json").get_json()
        # The verwerkingen grow with every read (these included); the rest must stay.
        del inzage["verwerkingen"], inzage["gegenereerd_op"]
        # A dubbelmeting is about the klant, so the klant's inzage lists it (art. 15 AVG),
        # apart from the metingen; compared on its own below.
        dubbel[klant.id] = [d["trede"] for d in inzage.pop("dubbelmetingen")]
        uit[f"inzage {klant.id}.json"] = inzage
        pdf = _pdf_tekst(km.get(f"/klanten/{klant.id}/inzage.pdf").get_data())
        # Up to the metingen's end: what follows shifts with the dubbelmeting's section (the
        # page footers move), and holds no meting.
        if "Dubbelmetingen (1)" in pdf:
            dubbel[klant.id].append("in de PDF")
        pdf = pdf.split("Dubbelmetingen (", 1)[0].split("Trajecten (", 1)[0]
        uit[f"inzage {klant.id}.pdf"] = pdf
    return uit, dubbel


def test_kalibratie_changes_no_report_export_api_or_inzage(app, wereld):
    voor, dubbel_voor = _uitvoer(app, wereld)
    _kalibreer(wereld)
    na, dubbel_na = _uitvoer(app, wereld)
    assert sorted(voor) == sorted(na)
    veranderd = [naam for naam in voor if voor[naam] != na[naam]]
    assert not veranderd, veranderd

    # And the figures themselves: two metingen, on treden 4 and 5; nothing on 1 to 3.
    assert sorted(r["trede"] for r in na["export.csv"]) == ["4", "5"]
    assert na["export.xml"].count(b"<meting ") == 2
    assert na["api"].count(b"<meting ") == 2
    for klant, trede in zip(wereld["klanten"], (4, 5), strict=True):
        metingen = na[f"inzage {klant.id}.json"]["metingen"]
        assert [m["trede"] for m in metingen] == [trede]
        assert "Metingen (1)" in na[f"inzage {klant.id}.pdf"]
    # The klant's inzage lists its dubbelmeting, apart from its metingen (art. 15 AVG).
    assert all(d == [] for d in dubbel_voor.values())
    gecontroleerd = wereld["klanten"][0]
    assert dubbel_na[gecontroleerd.id] == [1, "in de PDF"]
    assert all(d == [] for k, d in dubbel_na.items() if k != gecontroleerd.id)
    stand = na["rapport stand.csv"].decode("utf-8-sig")
    assert "Toelichting bij de kalibratie" not in stand
    _alleen_treden_4_en_5(na["rapport stand.xlsx"])


def _alleen_treden_4_en_5(werkmap) -> None:
    """In the stand's table of treden, only the rows of trede 4 and 5 count a klant."""
    rijen = [rij for _blad, blad_rijen in werkmap for rij in blad_rijen]
    per_trede = {}
    for rij in rijen:
        eerste = str(rij[0] or "")
        gevonden = re.match(r"^(?:Trede )?([1-6])\b", eerste)
        if gevonden and len(rij) > 1 and isinstance(rij[1], int | float):
            per_trede.setdefault(int(gevonden.group(1)), rij[1])
    assert per_trede, rijen[:20]
    assert {t: n for t, n in per_trede.items() if n} == {4: 1, 5: 1}, per_trede


# --------------------------------------------------------------------------- blind


def test_the_results_redirect_everyone_until_the_round_closes(app, wereld, make_gebruiker):
    ronde = _ronde(wereld, sluiten=False)
    kwaliteit = make_gebruiker("klantmanager", organisatie=wereld["org"])
    kwaliteit.kwaliteit = True
    kwaliteit.save()
    for gebruiker in [wereld["manager"], kwaliteit, *wereld["kms"]]:
        client = _login(app, gebruiker)
        response = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag")
        assert response.status_code == 303, gebruiker.naam
        assert response.headers["Location"].endswith(f"/kalibratie/rondes/{ronde.id}")
        pagina = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "zodra de ronde is gesloten" in pagina
        assert "Overeenstemming" not in pagina and "Hier liepen" not in pagina
    kalibratie.sluit_ronde(ronde, wereld["manager"])
    for gebruiker in [wereld["manager"], kwaliteit, *wereld["kms"]]:
        response = _login(app, gebruiker).get(f"/kalibratie/rondes/{ronde.id}/uitslag")
        assert response.status_code == 200, gebruiker.naam


def test_a_deelnemer_never_sees_another_deelnemers_name(app, wereld):
    """Not on the overview, the round, the results, or a page of a placement: while the round
    is open (halfway) and after it closed."""
    org, manager, kms = wereld["org"], wereld["manager"], wereld["kms"]
    casussen = kalibratie.casusbank(org)[:2]
    ronde = kalibratie.open_ronde(
        org, manager, "Ronde blind", [c.id for c in casussen], [k.id for k in kms]
    )
    for km, trede in zip(kms, (1, 2, 3), strict=True):
        _plaats(kalibratie.antwoord_in_ronde(ronde, casussen[0], km), trede, km)
    halverwege = {km.id: kalibratie.antwoord_in_ronde(ronde, casussen[1], km) for km in kms}

    def pagina_s(client, km, gesloten: bool) -> list[str]:
        urls = ["/kalibratie/", f"/kalibratie/rondes/{ronde.id}"]
        if gesloten:
            urls.append(f"/kalibratie/rondes/{ronde.id}/uitslag")
        else:
            urls.append(f"/kalibratie/antwoorden/{halverwege[km.id].id}/stap/V1")
        bodies = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (km.naam, url, response.status_code)
            bodies.append(response.get_data(as_text=True))
        return bodies

    for gesloten in (False, True):
        if gesloten:
            kalibratie.sluit_ronde(ronde, manager)
        for km in kms:
            anderen = [k.naam for k in kms if k.id != km.id]
            for body in pagina_s(_login(app, km), km, gesloten):
                assert km.naam in body  # the page is really the deelnemer's own
                for naam in anderen:
                    assert naam not in body, (km.naam, naam, gesloten)
    # The coordinator sees who took part (progress), but no name on the results.
    uitslag = _login(app, manager).get(f"/kalibratie/rondes/{ronde.id}/uitslag")
    for km in kms:
        assert km.naam not in uitslag.get_data(as_text=True)
