"""What a kalibratieronde leaves behind (issue 15): the discussion sheet of a closed round
as PDF/A, and alpha per round over time on the coordinator's kalibratie page. Both engines."""

import re

import pytest

from ladder import vragen
from models import Auditregel, Casus
from services import kalibratie
from tests.fixtures.kalibratie import plaats
from tests.views.test_pdf import assert_pdfa_2a, compact, get_pdf, read

NAMEN = ("Anna Aalbers", "Bram Bakker", "Cor Claassen")


@pytest.fixture
def team(make_gebruiker, make_organisatie):
    """A manager (the coordinator) and three klantmanagers with names to look for."""
    organisatie = make_organisatie()
    manager = make_gebruiker("manager", organisatie=organisatie, naam="Mira Manager")
    deelnemers = [make_gebruiker("klantmanager", organisatie=organisatie, naam=n) for n in NAMEN]
    return manager, deelnemers


def _ronde(client, auth, team, naam: str, plan: dict[int, list[int]]):
    """A round of the first len(plan[0]) starter casussen, opened by the manager (the
    opening page has its own test), placed through the pages as `plan` says (deelnemer ->
    trede per casus, groeipotentieel always ja), then closed. Returns the round."""
    manager, deelnemers = team
    casussen = [c for c in kalibratie.casusbank(manager.organisatie) if c.code]
    ids = [c.id for c in casussen[: len(plan[0])]]
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, naam, ids, [d.id for d in deelnemers]
    )
    for i, treden in plan.items():
        auth.login(deelnemers[i].email)
        for casus_id, trede in zip(ids, treden, strict=True):
            assert plaats(client, ronde.id, casus_id, trede).status_code == 303
        auth.logout()
    kalibratie.sluit_ronde(ronde, manager)
    return ronde


# Anna and Bram agree on both casussen; Cor says trede 3 where they say 5 on the first.
PLAN = {0: [5, 4], 1: [5, 4], 2: [3, 4]}


def test_the_discussion_sheet_prints_the_anonymous_results(clock, client, auth, team):
    manager, deelnemers = team
    ronde = _ronde(client, auth, team, "Intervisie team Noord", PLAN)
    auth.login(manager.email)
    pagina = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag").get_data(as_text=True)
    assert f'href="/kalibratie/rondes/{ronde.id}/uitslag.pdf"' in pagina
    assert "Gespreksblad (PDF)" in pagina
    response = get_pdf(client, f"/kalibratie/rondes/{ronde.id}/uitslag.pdf")
    assert (
        'filename="gespreksblad-Intervisie-team-Noord-' in response.headers["Content-Disposition"]
    )
    _, text = read(response.data)
    flat = compact(text)
    assert compact("Gespreksblad – Intervisie team Noord") in flat
    # The agreement table, row for row as on the screen: 6 pairs on the trede, 4 agree (67%);
    # everyone said "+" (100%, alpha not to be determined).
    rijen = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td></tr>', pagina
    )
    assert [r[0] for r in rijen] == [
        "Exacte overeenstemming (paren)",
        "Krippendorffs alfa",
        "Gelijk aan het referentieantwoord",
    ]
    assert rijen[0][1:] == ("67%", "100%")
    assert rijen[1][2] == "niet te bepalen (iedereen gaf hetzelfde antwoord)"
    for rij in rijen:
        assert compact("".join(rij)) in flat, rij
    # Where the answers parted: question 1, verbatim, with the rungs it decides between.
    v1 = vragen.VRAGEN["V1"]
    assert compact(f"Hier liepen de antwoorden uiteen: vraag {v1.nummer}, ‘{v1.tekst}’") in flat
    for casus in kalibratie.casussen_van(ronde):
        assert compact(casus.titel) in flat
    assert compact("trede 3: 1×; trede 5: 2×") in flat
    for naam in NAMEN:
        assert compact(naam) not in flat
    assert_pdfa_2a(
        response.data,
        "Gespreksblad kalibratieronde – Intervisie team Noord",
        manager.organisatie.naam,
    )
    [regel] = Auditregel.select().where(Auditregel.actie == "printen")
    assert (regel.object_type, regel.object_id, regel.gebruiker_id, regel.omschrijving) == (
        "kalibratieronde",
        str(ronde.id),
        manager.id,
        "gespreksblad",
    )


def test_a_deelnemer_prints_no_own_deviations_and_no_other_names(client, auth, team):
    manager, deelnemers = team
    ronde = _ronde(client, auth, team, "Ronde maart", PLAN)
    auth.login(deelnemers[2].email)
    scherm = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag").get_data(as_text=True)
    assert "Uw eigen antwoorden" in scherm  # on the screen, for Cor alone
    _, text = read(get_pdf(client, f"/kalibratie/rondes/{ronde.id}/uitslag.pdf").data)
    flat = compact(text)
    assert "Uw eigen antwoorden" not in text and compact("Wijkt af") not in flat
    for naam in NAMEN[:2]:
        assert compact(naam) not in flat
    # The printer is named in the footer of every print, as on the other PDFs.
    assert compact(f"door {NAMEN[2]}") in flat


def test_no_sheet_before_closing_nor_for_others(
    client, auth, team, make_gebruiker, make_organisatie
):
    manager, deelnemers = team
    casus = Casus.select().first() or kalibratie.casusbank(manager.organisatie)[0]
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "Nog open", [casus.id], [d.id for d in deelnemers]
    )
    auth.login(manager.email)
    assert client.get(f"/kalibratie/rondes/{ronde.id}/uitslag.pdf").status_code == 404
    kalibratie.sluit_ronde(ronde, manager)
    assert client.get(f"/kalibratie/rondes/{ronde.id}/uitslag.pdf").status_code == 200
    auth.logout()
    # A klantmanager of the organisation who did not take part, and a manager elsewhere.
    buiten = make_gebruiker("klantmanager", organisatie=manager.organisatie, naam="Dirk Derde")
    elders = make_gebruiker("manager", organisatie=make_organisatie("Gemeente Elders"))
    for gebruiker in (buiten, elders):
        auth.login(gebruiker.email)
        assert client.get(f"/kalibratie/rondes/{ronde.id}/uitslag.pdf").status_code == 404
        auth.logout()
    assert Auditregel.select().where(Auditregel.actie == "printen").count() == 1
