"""The API for client-tracking systems, its tokens, and the beheerder's SRG mapping."""

import datetime
import re

import pytest

import models
from models import ApiToken, Auditregel, SrgInstelling
from tests.fixtures.uitwisseling import SCHEMA, maak_meting, valideer_xml

API = "/api/v1/metingen?sinds=2026-01-01T00:00:00Z"
BEHEER = "/beheer/uitwisseling"


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _token_via_pagina(client, naam="GWS4all") -> str:
    page = client.submit(f"{BEHEER}/tokens", {"naam": naam}, token_from=BEHEER)
    assert page.status_code == 200
    return re.search(r"<code>(pl_[^<]+)</code>", page.get_data(as_text=True)).group(1)


@pytest.fixture
def opzet(make_organisatie, make_gebruiker, make_klant, clock):
    """Two organisations with a meting each, and a token of the first."""
    eigen, elders = make_organisatie("Gemeente Eigen"), make_organisatie("Gemeente Elders")
    km, vreemd = make_gebruiker(organisatie=eigen), make_gebruiker(organisatie=elders)
    voor = {"gewijzigd": datetime.datetime(2026, 2, 1)}  # the klanten too
    eigen_meting = maak_meting(make_klant(eigen, **voor), km, **voor)
    maak_meting(make_klant(elders, **voor), vreemd, **voor)
    _rij, token = ApiToken.maak(eigen.id, "Koppeling", km, clock.now())
    return eigen, eigen_meting, token


def test_token_is_shown_once_and_stored_as_a_hash(client, logged_in):
    beheerder = logged_in("beheerder")
    token = _token_via_pagina(client)
    rij = ApiToken.get()
    assert rij.organisatie_id == beheerder.organisatie_id and token not in rij.token_hash
    assert token not in client.get(BEHEER).get_data(as_text=True)
    assert rij.begin == token[:10]


def test_api_returns_own_metingen_changed_since(client, opzet):
    eigen, meting, token = opzet
    response = client.get(API, headers=_bearer(token))
    assert response.status_code == 200 and response.mimetype == "application/xml"
    body = response.get_data()
    valideer_xml(body)
    bericht = SCHEMA.to_dict(body.decode())
    assert [m["@id"] for m in bericht["meting"]] == [meting.id]
    assert bericht["meting"][0]["klant"]["persoonsgegevens"]["bsn"] == meting.klant.bsn
    later = client.get("/api/v1/metingen?sinds=2026-02-01T01:00:00%2B01:00", headers=_bearer(token))
    assert b"<meting " not in later.get_data()  # equal to gewijzigd is not after it
    regel = Auditregel.select().order_by(Auditregel.id.desc()).first()
    assert (regel.gebruiker_id, regel.organisatie_id) == (None, eigen.id)
    assert (regel.actie, regel.object_type, regel.oorsprong) == ("exporteren", "api", "127.0.0.1")
    assert ApiToken.get().laatst_gebruikt is not None


def test_a_change_to_the_klant_sends_its_metingen_again(client, opzet, clock):
    _eigen, meting, token = opzet
    sinds = "/api/v1/metingen?sinds=2026-02-15T00:00:00Z"
    assert b"<meting " not in client.get(sinds, headers=_bearer(token)).get_data()
    # What the klant page writes when someone corrects the address.
    models.Klant.update(adres="Nieuwe Gracht 8", gewijzigd=clock.now()).where(
        models.Klant.id == meting.klant_id
    ).execute()
    body = client.get(sinds, headers=_bearer(token)).get_data()
    valideer_xml(body)
    [bericht] = SCHEMA.to_dict(body.decode())["meting"]
    assert bericht["@id"] == meting.id
    assert bericht["klant"]["persoonsgegevens"]["adres"] == "Nieuwe Gracht 8"
    # Its gewijzigd is the klant's change, so the next call (sinds the largest gewijzigd of
    # this answer, as the documentation says) does not send it yet again.
    assert bericht["gewijzigd"] == "2026-03-02T09:00:00Z"
    volgende = f"/api/v1/metingen?sinds={bericht['gewijzigd']}"
    assert b"<meting " not in client.get(volgende, headers=_bearer(token)).get_data()


@pytest.mark.parametrize("header", ["Bearer pl_verkeerd", "Bearer ", "Basic abc", ""])
def test_wrong_token_is_refused_and_logged(client, opzet, header):
    response = client.get(API, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert "Ongeldig of ingetrokken token" in response.get_data(as_text=True)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    regel = Auditregel.select().order_by(Auditregel.id.desc()).first()
    assert (regel.actie, regel.resultaat, regel.object_type) == ("geweigerd", "geweigerd", "api")
    assert regel.gebruiker_id is None


def test_revoked_token_is_refused(client, auth, opzet, make_gebruiker):
    eigen, _meting, token = opzet
    beheerder = make_gebruiker("beheerder", organisatie=eigen)
    auth.login(beheerder.email)
    rij = ApiToken.get()
    client.submit(f"{BEHEER}/tokens/intrekken", {"token": rij.id}, token_from=BEHEER)
    assert ApiToken.get().ingetrokken is not None
    assert client.get(API, headers=_bearer(token)).status_code == 401
    regel = Auditregel.select().order_by(Auditregel.id.desc()).first()
    assert (regel.actie, regel.organisatie_id) == ("geweigerd", eigen.id)


def test_a_beheerder_cannot_revoke_another_organisations_token(client, logged_in, opzet):
    logged_in("beheerder", organisatie=models.Organisatie.create(naam="Derde", soort="gemeente"))
    client.submit(f"{BEHEER}/tokens/intrekken", {"token": ApiToken.get().id}, token_from=BEHEER)
    assert ApiToken.get().ingetrokken is None


def test_sinds_is_required_and_checked(client, opzet):
    *_, token = opzet
    for url in ("/api/v1/metingen", "/api/v1/metingen?sinds=gisteren"):
        response = client.get(url, headers=_bearer(token))
        assert response.status_code == 400 and "ISO-tijdstip" in response.get_data(as_text=True)


def test_api_needs_no_session_nor_csrf_but_stays_read_only(client, opzet):
    *_, token = opzet
    response = client.get(API, headers=_bearer(token))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"  # the security headers still apply
    assert "Content-Security-Policy" in response.headers
    assert client.post(API, headers=_bearer(token)).status_code == 405
    assert client.get("/klanten", headers=_bearer(token)).status_code == 302  # still a login


def test_other_organisation_never_sees_these_metingen(client, opzet, make_klant):
    eigen, meting, token = opzet
    # A klant of the other organisation that this organisation can see through a toegang.
    elders = models.Organisatie.get(models.Organisatie.naam == "Gemeente Elders")
    andere = models.Meting.select().where(models.Meting.organisatie == elders).get()
    models.Toegang.create(
        klant=andere.klant,
        organisatie=eigen,
        begindatum=datetime.date(2026, 1, 1),
        verleend_door=andere.invoerder,
    )
    body = client.get(API, headers=_bearer(token)).get_data(as_text=True)
    assert f'<meting id="{meting.id}">' in body and f'id="{andere.id}"' not in body


def test_beheerder_sets_the_srg_mapping(client, logged_in):
    beheerder = logged_in("beheerder")
    response = client.submit(BEHEER, {"code_0": "0", "code_8": "99", "code_9": "4"})
    assert response.status_code == 303
    assert SrgInstelling.codes_van(beheerder.organisatie_id) == {0: "0", 8: "99", 9: "4"}
    response = client.submit(BEHEER, {"code_0": "7", "code_8": "99", "code_9": "4"})
    assert response.status_code == 422 and "Not a valid choice" not in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("rol", ["klantmanager", "manager"])
def test_only_the_beheerder_manages_tokens_and_mapping(client, logged_in, rol):
    logged_in(rol)
    assert client.get(BEHEER).status_code == 403
