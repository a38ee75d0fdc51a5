"""The access matrix: every route with an id in its URL, for every role of another
organisation and for partners with and without a toegang. Nobody reaches what is not theirs,
by guessing an id or otherwise, and every refusal is in the audit log."""

import datetime
import re

import pytest

from models import (
    Auditregel,
    Casus,
    Gebruiker,
    Gemeente,
    Instrument,
    Kalibratieantwoord,
    Kalibratieronde,
    Klant,
    Meting,
    Organisatie,
    OrganisatieGemeente,
    OrganisatieKenmerk,
    OrganisatieSubgroep,
    Plaatsing,
    Project,
    Team,
    Toegang,
    Traject,
)
from services import kalibratie
from tests.conftest import Auth, FormClient

ROLLEN = ("beheerder", "manager", "klantmanager", "intaker", "partner", "installatiebeheerder")


@pytest.fixture
def wereld(app, make_organisatie, make_gebruiker, make_klant):
    """Gemeente A with one user per role, a klant with a saved meting, a concept and a toegang;
    gemeente B with a user per role; partner P with a toegang to A's klant; partner Q without.
    Kalibratie: A's casusbank, an open and a closed round of A's manager in which A's
    klantmanager and intaker and P's partner take part, and a placement the klantmanager began
    in the open round; a klantmanager of A with the right "kwaliteit" coordinates too."""
    a = make_organisatie("Gemeente A")
    b = make_organisatie("Gemeente B")
    p = make_organisatie("Partner P", soort="reintegratiebedrijf")
    p.beheerd_door = a  # A's beheerder made P and manages it
    p.save()
    q = make_organisatie("Partner Q", soort="taalaanbieder")
    users = {f"a_{r}": make_gebruiker(r, organisatie=a) for r in ROLLEN}
    users |= {f"b_{r}": make_gebruiker(r, organisatie=b) for r in ROLLEN}
    users["p"] = make_gebruiker("partner", organisatie=p)
    users["q"] = make_gebruiker("partner", organisatie=q)
    klant = make_klant(a, achternaam="Geheimhouder", bsn="123456782")
    km = users["a_klantmanager"]
    meting = Meting.create(
        klant=klant,
        organisatie=a,
        invoerder=km,
        status="definitief",
        meetdatum=datetime.date(2026, 1, 5),
        aanleiding="intake",
        trede=4,
        groeipotentieel="+",
        antwoorden='{"V1": false, "V3": true}',
    )
    concept = Meting.create(klant=klant, organisatie=a, invoerder=km, status="concept")
    toegang = Toegang.create(
        klant=klant, organisatie=p, begindatum=datetime.date(2025, 1, 1), verleend_door=km
    )
    subgroep = OrganisatieSubgroep.create(organisatie=a, code="eigen", naam="Eigen")
    kenmerk = OrganisatieKenmerk.create(organisatie=a, code="eigen", vraag="Eigen?")
    team = Team.create(organisatie=a, naam="Team A")
    gemeente = Gemeente.create(cbs_code="0999", naam="Adorp")
    OrganisatieGemeente.create(organisatie=a, gemeente=gemeente)
    instrument = Instrument.create(organisatie=a, naam="Werkfit", domein="reintegratie")
    traject = Traject.create(
        klant=klant,
        instrument=instrument,
        organisatie=a,
        begindatum=datetime.date(2026, 1, 5),
        ingevoerd_door=km,
    )
    project = Project.create(organisatie=a, naam="Project A", doel_aantal=10)
    users["a_kwaliteit"] = make_gebruiker("klantmanager", organisatie=a)
    users["a_kwaliteit"].kwaliteit = True
    users["a_kwaliteit"].save()
    casus = kalibratie.casusbank(a)[0]
    deelnemers = [users["a_klantmanager"].id, users["a_intaker"].id, users["p"].id]
    rondes = [
        kalibratie.open_ronde(a, users["a_manager"], naam, [casus.id], deelnemers)
        for naam in ("Open ronde", "Gesloten ronde")
    ]
    antwoord = kalibratie.antwoord_in_ronde(rondes[0], casus, km)
    kalibratie.sluit_ronde(rondes[1], users["a_manager"])
    return {
        "klant": klant,
        "meting": meting,
        "concept": concept,
        "toegang": toegang,
        "subgroep": subgroep,
        "kenmerk": kenmerk,
        "instrument": instrument,
        "traject": traject,
        "project": project,
        "team": team,
        "gemeente": gemeente,
        "partner": p,
        "users": users,
        "a": a,
        "casus": casus,
        "ronde": rondes[1],
        "open_ronde": rondes[0],
        "antwoord": antwoord,
    }


def _id_routes(app):
    """(endpoint, rule, methods) for every route whose URL holds an id."""
    for rule in app.url_map.iter_rules():
        if not any(a.endswith("_id") for a in rule.arguments):
            continue
        if rule.arguments - {"stap"} - {a for a in rule.arguments if a.endswith("_id")}:
            raise AssertionError(f"{rule.rule}: give the matrix a value for its arguments")
        yield rule.endpoint, rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def _url(rule, wereld, meting_key="meting"):
    values = {
        "klant_id": wereld["klant"].id,
        "meting_id": wereld[meting_key].id,
        "gebruiker_id": wereld["users"]["a_klantmanager"].id,
        "toegang_id": wereld["toegang"].id,
        "subgroep_id": wereld["subgroep"].id,
        "kenmerk_id": wereld["kenmerk"].id,
        "instrument_id": wereld["instrument"].id,
        "traject_id": wereld["traject"].id,
        "project_id": wereld["project"].id,
        "team_id": wereld["team"].id,
        "gemeente_id": wereld["gemeente"].id,
        "organisatie_id": wereld["partner"].id,
        "casus_id": wereld["casus"].id,
        "ronde_id": wereld["ronde"].id,
        "antwoord_id": wereld["antwoord"].id,
        "stap": "V1",
    }
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), url)
    return url


def _browser(app, gebruiker):
    browser = FormClient(app.test_client())
    assert Auth(browser).login(gebruiker.email).status_code == 303
    return browser


def _denied(browser, wereld, method, url):
    """Call url; assert a refusal, nothing leaked, and a new 'geweigerd' audit line."""
    before = Auditregel.select().where(Auditregel.actie == "geweigerd").count()
    if method == "GET":
        response = browser.get(url)
    else:
        response = browser.submit(
            url, {"token": "t" * 24, "besluit": "accepteren", "antwoord": "ja"}, token_from="/"
        )
    body = response.get_data(as_text=True)
    assert response.status_code in (403, 404), (method, url, response.status_code)
    assert wereld["klant"].bsn not in body and "Geheimhouder" not in body, (method, url)
    after = Auditregel.select().where(Auditregel.actie == "geweigerd").count()
    assert after == before + 1, (method, url, "refusal not logged")


@pytest.mark.parametrize("wie", [f"b_{r}" for r in ROLLEN] + ["q"])
def test_other_organisations_reach_nothing_by_id(app, wereld, wie):
    browser = _browser(app, wereld["users"][wie])
    snapshot = _snapshot()
    routes = list(_id_routes(app))
    assert len(routes) >= 10
    for _endpoint, rule, methods in routes:
        for method in methods:
            for meting_key in ("meting", "concept"):
                _denied(browser, wereld, method, _url(rule, wereld, meting_key))
    assert _snapshot() == snapshot  # nothing was written but the audit log


def _snapshot():
    return (
        [(m.id, m.status, m.trede, m.versie) for m in Meting.select().order_by(Meting.id)],
        [(k.id, k.achternaam, k.versie) for k in Klant.select().order_by(Klant.id)],
        [(t.id, t.ingetrokken) for t in Toegang.select().order_by(Toegang.id)],
        [(s.id, s.actief) for s in OrganisatieSubgroep.select().order_by(OrganisatieSubgroep.id)],
        [(k.id, k.actief) for k in OrganisatieKenmerk.select().order_by(OrganisatieKenmerk.id)],
        [(t.id, t.status, t.versie) for t in Traject.select().order_by(Traject.id)],
        [(t.id, t.naam, t.afdeling) for t in Team.select().order_by(Team.id)],
        [(g.organisatie_id, g.gemeente_id) for g in OrganisatieGemeente.select()],
        [(o.id, o.naam, o.soort, o.beheerd_door_id) for o in Organisatie.select()],
        [(g.id, g.wachtwoord_hash, g.wachtwoord_wijzigen) for g in Gebruiker.select()],
        [i.id for i in Instrument.select()]
        + [p.id for p in Project.select()]
        + [p.id for p in Plaatsing.select()],
        [(c.id, c.titel, c.actief, c.versie) for c in Casus.select().order_by(Casus.id)],
        [(r.id, r.status) for r in Kalibratieronde.select().order_by(Kalibratieronde.id)],
        [(a.id, a.versie, a.klaar_op) for a in Kalibratieantwoord.select()],
    )


# What a user of gemeente A itself, or partner P with a toegang, may GET (200) — all other
# id routes must be refused. Endpoints not named here are refused for that user.
MEET = {"trajecten.traject_nieuw", "trajecten.plaatsing_nieuw", "trajecten.traject_afronden"}
# A deelnemer of the (closed) round sees it and its results; its coordinator also the casus.
DEELNEMER = {"kalibratie.ronde", "kalibratie.uitslag"}
MAG_LEZEN = {
    "a_beheerder": {
        "beheer.gebruiker_bewerken",
        "organisaties.partner_bewerken",
        "beheer.team_bewerken",
        "instrumenten.instrument",
        "instrumenten.verantwoording_html",
    },
    "a_manager": {
        "klanten.klant",
        "metingen.toon",
        "instrumenten.instrument",
        "instrumenten.verantwoording_html",
        "kalibratie.casus",
    }
    | DEELNEMER,
    "a_klantmanager": {
        "klanten.klant",
        "metingen.toon",
        "toegang.toegang",
        "klanten.inzage_json",
        "klanten.bewerken",
        "beheer.gebruiker_bewerken",
        "instrumenten.verantwoording_html",
    }
    | MEET
    | DEELNEMER,
    "a_intaker": {
        "klanten.klant",
        "metingen.toon",
        "toegang.toegang",
        "klanten.inzage_json",
        "klanten.bewerken",
        "instrumenten.verantwoording_html",
    }
    | MEET
    | DEELNEMER,
    "a_partner": {"klanten.klant", "metingen.toon", "instrumenten.verantwoording_html"} | MEET,
    # The installation's administrator makes organisations; no page of one opens by id.
    "a_installatiebeheerder": set(),
    # A partner with a toegang measures and registers, but sees only trajecten it registered
    # itself (so not the gemeente's traject in this world) and no project it has no placements in.
    "p": {"klanten.klant", "metingen.toon", "trajecten.traject_nieuw", "trajecten.plaatsing_nieuw"}
    | DEELNEMER,
    # A klantmanager with the right "kwaliteit" coordinates kalibratie (takes no part here).
    "a_kwaliteit": {
        "klanten.klant",
        "metingen.toon",
        "toegang.toegang",
        "klanten.inzage_json",
        "klanten.bewerken",
        "instrumenten.verantwoording_html",
        "kalibratie.casus",
    }
    | MEET
    | DEELNEMER,
}
# Endpoints that are not pages (PDFs, downloads) count as readable where their page is.
AFGELEID = {
    "pdf.dossierblad": "metingen.toon",
    "pdf.historie": "klanten.klant",
    "pdf.inzage_pdf": "klanten.inzage_json",
    "uitwisseling.meting_xml": "metingen.toon",
    "instrumenten.verantwoording_xlsx": "instrumenten.verantwoording_html",
    "instrumenten.verantwoording_pdf": "instrumenten.verantwoording_html",
    "kalibratie.uitslag_pdf": "kalibratie.uitslag",
}


@pytest.mark.parametrize("wie", sorted(MAG_LEZEN))
def test_own_organisation_and_partner_with_toegang_read_what_their_role_allows(app, wereld, wie):
    browser = _browser(app, wereld["users"][wie])
    allowed = MAG_LEZEN[wie]
    for endpoint, rule, methods in _id_routes(app):
        if "GET" not in methods or "stap" in rule.arguments:
            continue
        if endpoint == "beheer.gebruiker_bewerken" and wie == "a_klantmanager":
            continue  # the klantmanager is the user in the URL, but is no beheerder: see below
        url = _url(rule, wereld)
        if AFGELEID.get(endpoint, endpoint) in allowed:
            assert browser.get(url).status_code == 200, (wie, url)
        else:
            _denied(browser, wereld, "GET", url)


def test_nobody_opens_a_colleagues_concept(app, wereld):
    for wie in ("a_intaker", "a_manager", "p"):
        browser = _browser(app, wereld["users"][wie])
        _denied(browser, wereld, "GET", f"/metingen/{wereld['concept'].id}")
        _denied(browser, wereld, "GET", f"/metingen/{wereld['concept'].id}/stap/meetmoment")


BSN_ROUTES = (
    ("/klanten", {"q": "123456782"}),
    (
        "/klanten/nieuw",
        {
            "bsn": "123456782",
            "achternaam": "Proef",
            "geboortedatum-dag": "1",
            "geboortedatum-maand": "1",
            "geboortedatum-jaar": "1980",
            "geslacht": "x",
        },
    ),
    ("/beheer/audit", {"bsn": "123456782"}),
    ("/beheer/audit/export.csv", {"bsn": "123456782"}),
)


@pytest.mark.parametrize("wie", [f"b_{r}" for r in ROLLEN] + ["q"])
def test_the_klants_bsn_tells_other_organisations_nothing(app, wereld, wie):
    """Every route that takes a BSN: the klant of gemeente A never shows, nothing about it is
    read or logged, whatever the role (identity is per organisation)."""
    browser = _browser(app, wereld["users"][wie])
    klant = wereld["klant"]
    for url, data in BSN_ROUTES:
        response = browser.submit(url, data, token_from="/", follow_redirects=True)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 403, 404, 422), (wie, url, response.status_code)
        assert "Geheimhouder" not in body, (wie, url)
    over_klant = Auditregel.select().where(Auditregel.klant_id == klant.id)
    assert not over_klant.where(Auditregel.gebruiker_id == wereld["users"][wie].id).exists()
    assert Klant.get_by_id(klant.id).versie == klant.versie


# Every route of kalibratie (issue 15) for every role: the status it gets. The URLs name the
# world's casus of A, its open round ("{open}"), its closed round ("{gesloten}"), the
# placement A's klantmanager began in the open round ("{antwoord}") and A's klant. Only
# coordinators (A's manager, and a klantmanager with "kwaliteit") reach the casusbank, a new
# round and closing; a coordinator of another organisation gets 404 for A's round and casus;
# nobody but its author opens a placement. The order matters: closing comes last.
WIE = (
    "a_beheerder",
    "a_manager",
    "a_kwaliteit",
    "b_manager",
    "a_klantmanager",
    "a_intaker",
    "p",
    "q",
    "a_installatiebeheerder",
    "anoniem",
)
KALIBRATIE = (
    # (method, url, data, statuses in the order of WIE)
    ("GET", "/kalibratie/", {}, (403, 200, 200, 200, 200, 200, 200, 200, 403, 302)),
    ("GET", "/kalibratie/casussen", {}, (403, 200, 200, 200, 403, 403, 403, 403, 403, 302)),
    ("GET", "/kalibratie/casussen/nieuw", {}, (403, 200, 200, 200, 403, 403, 403, 403, 403, 302)),
    (
        "POST",
        "/kalibratie/casussen/nieuw",
        {"titel": "", "tekst": ""},
        (403, 422, 422, 422, 403, 403, 403, 403, 403, 302),
    ),
    ("GET", "/kalibratie/casussen/{casus}", {}, (403, 200, 200, 404, 403, 403, 403, 403, 403, 302)),
    (
        "POST",
        "/kalibratie/casussen/{casus}",
        {"actief": "y"},
        (403, 303, 303, 404, 403, 403, 403, 403, 403, 302),
    ),
    (
        "POST",
        "/kalibratie/casussen/{casus}/referentie",
        {},
        (403, 303, 303, 404, 403, 403, 403, 403, 403, 302),
    ),
    ("GET", "/kalibratie/rondes/nieuw", {}, (403, 200, 200, 200, 403, 403, 403, 403, 403, 302)),
    ("POST", "/kalibratie/rondes/nieuw", {}, (403, 422, 422, 422, 403, 403, 403, 403, 403, 302)),
    ("GET", "/kalibratie/rondes/{open}", {}, (403, 200, 200, 404, 200, 200, 200, 404, 403, 302)),
    # A coordinator who takes no part has no casus to place: a request the page never makes.
    (
        "POST",
        "/kalibratie/rondes/{open}/casussen/{casus}",
        {},
        (403, 400, 400, 404, 303, 303, 303, 404, 403, 302),
    ),
    (
        "GET",
        "/kalibratie/antwoorden/{antwoord}/stap/V1",
        {},
        (403, 404, 404, 404, 200, 404, 404, 404, 403, 302),
    ),
    (
        "POST",
        "/kalibratie/antwoorden/{antwoord}/stap/V1",
        {"antwoord": "ja"},
        (403, 404, 404, 404, 303, 404, 404, 404, 403, 302),
    ),
    # Before closing, the results redirect everyone who may see the round to it.
    (
        "GET",
        "/kalibratie/rondes/{open}/uitslag",
        {},
        (403, 303, 303, 404, 303, 303, 303, 404, 403, 302),
    ),
    (
        "GET",
        "/kalibratie/rondes/{gesloten}/uitslag",
        {},
        (403, 200, 200, 404, 200, 200, 200, 404, 403, 302),
    ),
    # The discussion sheet: like the results, on paper.
    (
        "GET",
        "/kalibratie/rondes/{open}/uitslag.pdf",
        {},
        (403, 303, 303, 404, 303, 303, 303, 404, 403, 302),
    ),
    (
        "GET",
        "/kalibratie/rondes/{gesloten}/uitslag.pdf",
        {},
        (403, 200, 200, 404, 200, 200, 200, 404, 403, 302),
    ),
    # The agreement of the dubbelmetingen: coordinators, each of their own organisation.
    ("GET", "/kalibratie/dubbelmetingen", {}, (403, 200, 200, 200, 403, 403, 403, 403, 403, 302)),
    # The dubbelmeting is for the roles that measure; A's klantmanager made the meting itself
    # and is sent back to the klant with the reason.
    (
        "POST",
        "/klanten/{klant}/dubbelmeting",
        {},
        (403, 403, 303, 403, 303, 303, 303, 404, 403, 302),
    ),
    (
        "POST",
        "/kalibratie/rondes/{open}/sluiten",
        {},
        (403, 303, 303, 404, 403, 403, 403, 404, 403, 302),
    ),
)


@pytest.mark.parametrize("wie", WIE)
def test_every_kalibratie_route_answers_each_role_as_expected(app, wereld, wie):
    if wie == "anoniem":
        browser, token_from = FormClient(app.test_client()), "/inloggen"
    else:
        browser, token_from = _browser(app, wereld["users"][wie]), "/"
    ids = {
        "casus": wereld["casus"].id,
        "open": wereld["open_ronde"].id,
        "gesloten": wereld["ronde"].id,
        "antwoord": wereld["antwoord"].id,
        "klant": wereld["klant"].id,
    }
    geweigerd = Auditregel.select().where(Auditregel.actie == "geweigerd")
    gekregen, verwacht = {}, {}
    for method, url, data, statuses in KALIBRATIE:
        url = url.format(**ids)
        before = geweigerd.count()
        if method == "GET":
            response = browser.get(url)
        else:
            response = browser.submit(url, data, token_from=token_from)
        gekregen[f"{method} {url}"] = response.status_code
        verwacht[f"{method} {url}"] = statuses[WIE.index(wie)]
        if response.status_code in (403, 404):  # every refusal is in the audit log
            assert geweigerd.count() == before + 1, (wie, method, url, "refusal not logged")
    assert gekregen == verwacht


def test_the_kalibratie_table_names_every_kalibratie_route(app):
    """A new route of kalibratie (or of the dubbelmeting) gets its row in KALIBRATIE."""
    genoemd = {(method, re.sub(r"\{\w+\}", "1", url)) for method, url, _data, _s in KALIBRATIE}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("kalibratie", "dubbelmeting"):
            continue
        patroon = re.compile(
            re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "V1" if m[1] == "stap" else "1", rule.rule)
        )
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert any(m == method and patroon.fullmatch(u) for m, u in genoemd), (
                method,
                rule.rule,
            )
