"""Kalibratie through the screens (issue 15): a coordinator opens a round, deelnemers place
casussen blind through the pages of a meting, the round closes and the results agree with
what was answered. Both engines."""

import re

import pytest

from ladder import casussen, vragen
from models import Casus, Kalibratieantwoord, Kalibratieronde, Meting
from services import kalibratie as kalibratie_service
from tests.fixtures.kalibratie import plaats as _plaats


@pytest.fixture
def ronde(client, auth, make_gebruiker):
    """A manager opens a round of three starter casussen for three klantmanagers."""
    manager = make_gebruiker(rol="manager")
    deelnemers = [make_gebruiker(rol="klantmanager", naam=f"Deelnemer {i}") for i in range(3)]
    auth.login(manager.email)
    assert client.get("/kalibratie/casussen").status_code == 200  # the bank is seeded
    codes = [c.code for c in casussen.CASUSSEN[:3]]
    ids = [Casus.get(Casus.code == c).id for c in codes]
    r = client.submit(
        "/kalibratie/rondes/nieuw",
        {
            "naam": "Intervisie team Noord",
            "casussen": [str(i) for i in ids],
            "deelnemers": [str(d.id) for d in deelnemers],
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    ronde = Kalibratieronde.get()
    auth.logout()
    return ronde, manager, deelnemers, ids


def test_a_round_from_opening_to_results(client, auth, ronde):
    ronde, manager, deelnemers, ids = ronde
    # Deelnemer 0 and 1 agree on everything; deelnemer 2 says trede 3 on the first casus.
    plan = {0: [5, 5, 4], 1: [5, 5, 4], 2: [3, 5, 4]}
    for i, deelnemer in enumerate(deelnemers):
        auth.login(deelnemer.email)
        pagina = client.get(f"/kalibratie/rondes/{ronde.id}").get_data(as_text=True)
        assert "Nog niet begonnen" in pagina
        for casus_id, trede in zip(ids, plan[i], strict=True):
            r = _plaats(client, ronde.id, casus_id, trede)
            assert r.status_code == 303, r.get_data(as_text=True)[:500]
        # Blind: before closing there is no result, for anyone.
        r = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag")
        assert r.status_code == 303
        auth.logout()

    auth.login(manager.email)
    voortgang = client.get(f"/kalibratie/rondes/{ronde.id}").get_data(as_text=True)
    assert voortgang.count("3 van 3") == 3
    assert "trede 5" not in voortgang.lower()  # progress, not answers
    r = client.submit(
        f"/kalibratie/rondes/{ronde.id}/sluiten", token_from=f"/kalibratie/rondes/{ronde.id}"
    )
    assert r.status_code == 303
    uitslag = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag").get_data(as_text=True)
    # The first casus: the path to 5 starts with V1 ja, the path to 3 with V1 nee.
    v1 = vragen.VRAGEN["V1"]
    assert f"vraag {v1.nummer}, ‘{v1.tekst}’" in uitslag
    assert uitslag.count("Hier liepen de antwoorden uiteen") == 1
    for deelnemer in deelnemers:
        assert deelnemer.naam not in uitslag  # anonymous
    assert "Exacte overeenstemming" in uitslag
    # 9 pairs on the trede, 7 agree: 78%.
    assert "78%" in uitslag


def test_a_deelnemer_sees_only_own_deviations(client, auth, ronde):
    ronde, manager, deelnemers, ids = ronde
    for i, deelnemer in enumerate(deelnemers):
        auth.login(deelnemer.email)
        _plaats(client, ronde.id, ids[0], 3 if i == 2 else 5, toelichting=f"Reden van {i}")
        auth.logout()
    Kalibratieronde.update(status="gesloten").execute()
    auth.login(deelnemers[2].email)
    eigen = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag").get_data(as_text=True)
    assert "Uw eigen antwoorden" in eigen
    assert re.search(r"<td>3\+?</td><td>5\+?</td>", eigen)
    assert "Reden van 2" in eigen  # one's own reason, nobody else's
    assert "Reden van 0" not in eigen and "Reden van 1" not in eigen
    auth.logout()
    auth.login(manager.email)
    pagina = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag").get_data(as_text=True)
    assert "Uw eigen antwoorden" not in pagina and "Reden van" not in pagina


def test_placements_are_not_metingen(client, auth, ronde):
    ronde, manager, deelnemers, ids = ronde
    auth.login(deelnemers[0].email)
    _plaats(client, ronde.id, ids[0], 4)
    assert Meting.select().count() == 0
    assert (
        Kalibratieantwoord.select().where(Kalibratieantwoord.klaar_op.is_null(False)).count() == 1
    )


def test_others_cannot_open_a_placement_or_a_round(
    client, auth, ronde, make_gebruiker, make_organisatie
):
    ronde, manager, deelnemers, ids = ronde
    auth.login(deelnemers[0].email)
    r = client.submit(
        f"/kalibratie/rondes/{ronde.id}/casussen/{ids[0]}",
        token_from=f"/kalibratie/rondes/{ronde.id}",
    )
    url = r.headers["Location"]
    auth.logout()
    auth.login(deelnemers[1].email)
    assert client.get(url).status_code == 404  # another's placement, also within the round
    auth.logout()
    vreemd = make_gebruiker(rol="manager", organisatie=make_organisatie("Gemeente Elders"))
    auth.login(vreemd.email)
    assert client.get(f"/kalibratie/rondes/{ronde.id}").status_code == 404
    assert client.get(f"/kalibratie/casussen/{ids[0]}").status_code == 404


def test_a_coordinator_invites_a_whole_team(client, auth, make_gebruiker):
    from models import Team

    manager = make_gebruiker(rol="manager")
    noord = Team.create(organisatie=manager.organisatie, naam="Team Noord")
    leden = [make_gebruiker(rol="klantmanager", team=noord) for _ in range(3)]
    auth.login(manager.email)
    casus = kalibratie_service.casusbank(manager.organisatie)[0]
    assert "Team Noord" in client.get("/kalibratie/rondes/nieuw").get_data(as_text=True)
    r = client.submit(
        "/kalibratie/rondes/nieuw",
        {"naam": "Noord", "casussen": [str(casus.id)], "teams": [str(noord.id)]},
    )
    assert r.status_code == 303, r.get_data(as_text=True)[:1000]
    voortgang = client.get(r.headers["Location"]).get_data(as_text=True)
    assert all(lid.naam in voortgang for lid in leden)


def _samenvatting(pagina: str) -> str:
    return re.search(r'<div class="foutsamenvatting".*?</div>', pagina, re.S).group(0)


def test_bad_input_is_explained_in_dutch_and_stores_nothing(client, auth, make_gebruiker):
    """A round without name, casussen or enough deelnemers, and a casus without text: each
    message stands in the error summary and beside its field; nothing is stored."""
    manager = make_gebruiker(rol="manager")
    een = make_gebruiker(rol="klantmanager")
    auth.login(manager.email)
    r = client.submit("/kalibratie/rondes/nieuw", {"naam": "  ", "deelnemers": [str(een.id)]})
    assert r.status_code == 422
    pagina = r.get_data(as_text=True)
    for melding in (
        "Geef de ronde een naam.",
        "Kies ten minste één casus.",
        "Kies ten minste twee deelnemers: overeenstemming vraagt er twee.",
    ):
        assert melding in _samenvatting(pagina)
        assert pagina.count(melding) == 2, melding  # the summary and beside the field
    assert Kalibratieronde.select().count() == 0
    aantal = Casus.select().count()
    r = client.submit("/kalibratie/casussen/nieuw", {"titel": "Mantelzorg", "tekst": ""})
    assert r.status_code == 422
    pagina = r.get_data(as_text=True)
    assert (
        "Beschrijf de casus." in _samenvatting(pagina) and pagina.count("Beschrijf de casus.") == 2
    )
    assert Casus.select().count() == aantal
