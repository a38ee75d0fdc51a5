"""What a kalibratieronde leaves behind (issue 15): the discussion sheet of a closed round
as PDF/A, and alpha per round over time on the coordinator's kalibratie page. Both engines."""

import datetime
import re

import pytest

from ladder import vragen
from models import Auditregel, Casus
from reports import overeenstemming
from services import grafiek, kalibratie
from tests.fixtures.kalibratie import beantwoord
from tests.views.test_pdf import assert_pdfa_2a, compact, get_pdf, read

NAMEN = ("Anna Aalbers", "Bram Bakker", "Cor Claassen")


@pytest.fixture
def team(make_gebruiker, make_organisatie):
    """A manager (the coordinator) and three klantmanagers with names to look for."""
    organisatie = make_organisatie()
    manager = make_gebruiker("manager", organisatie=organisatie, naam="Mira Manager")
    deelnemers = [make_gebruiker("klantmanager", organisatie=organisatie, naam=n) for n in NAMEN]
    return manager, deelnemers


def _ronde(team, naam: str, plan: dict[int, list[int]]):
    """A round of the first len(plan[0]) starter casussen, opened, placed as `plan` says
    (deelnemer -> trede per casus, groeipotentieel always ja) and closed through the service
    (the pages of opening and placing have their own tests). Returns the round."""
    manager, deelnemers = team
    casussen = [c for c in kalibratie.casusbank(manager.organisatie) if c.code][: len(plan[0])]
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, naam, [c.id for c in casussen], [d.id for d in deelnemers]
    )
    for i, treden in plan.items():
        for casus, trede in zip(casussen, treden, strict=True):
            beantwoord(kalibratie.antwoord_in_ronde(ronde, casus, deelnemers[i]), trede)
    kalibratie.sluit_ronde(ronde, manager)
    return ronde


# Anna and Bram agree on both casussen; Cor says trede 3 where they say 5 on the first.
PLAN = {0: [5, 2], 1: [5, 2], 2: [3, 2]}


def test_the_discussion_sheet_prints_the_anonymous_results(clock, client, auth, team):
    manager, deelnemers = team
    ronde = _ronde(team, "Intervisie team Noord", PLAN)
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
    ronde = _ronde(team, "Ronde maart", PLAN)
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
    voor = client.get(f"/kalibratie/rondes/{ronde.id}/uitslag.pdf")  # back to the round
    assert voor.status_code == 303 and voor.headers["Location"].endswith(f"/rondes/{ronde.id}")
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


def test_alpha_per_round_over_time_as_chart_and_table(clock, client, auth, team):
    manager, deelnemers = team
    eerste = _ronde(team, "Ronde maart", PLAN)
    clock.advance(days=44)
    # In the second round everyone gives one answer to everything: no alpha to compute.
    tweede = _ronde(team, "Ronde april", {0: [5, 5], 1: [5, 5], 2: [5, 5]})
    verwacht = overeenstemming.trede(
        {1: {"a": 5, "b": 5, "c": 3}, 2: {"a": 2, "b": 2, "c": 2}}, herhalingen=0
    ).alpha
    assert verwacht is not None and 0 < verwacht < 1
    alfa = f"{verwacht:.2f}".replace(".", ",")

    auth.login(manager.email)
    pagina = client.get("/kalibratie/").get_data(as_text=True)
    assert "Overeenstemming door de tijd" in pagina
    # The text alternative: every closed round, oldest first, with its figures.
    tabel = pagina[pagina.index("Overeenstemming over de trede per gesloten ronde") :]
    rijen = [
        [re.sub(r"<[^>]+>", "", cel).strip() for cel in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(
            r"<tr>(.*?)</tr>", tabel[tabel.index("<tbody>") : tabel.index("</table>")], re.S
        )
    ]
    assert rijen == [
        ["Ronde maart", "02-03-2026", alfa, "67%"],
        ["Ronde april", "15-04-2026", "niet te bepalen", "100%"],
    ]
    assert f'href="/kalibratie/rondes/{eerste.id}/uitslag"' in tabel
    assert f'href="/kalibratie/rondes/{tweede.id}/uitslag"' in tabel
    # The chart: drawn on the server, one point for the round that has an alpha, its label
    # and date in the SVG and in its title; no script in it.
    svg = re.search(r'<svg class="grafiek".*?</svg>', pagina, re.S).group(0)
    assert 'role="img"' in svg and "<script" not in svg
    assert svg.count("<circle") == 1
    assert f">{alfa}</text>" in svg and ">02-03-2026</text>" in svg
    assert f"Alfa per ronde: 02-03-2026 {alfa}</title>" in svg
    assert "15-04-2026" not in svg  # no point for "niet te bepalen"
    auth.logout()

    # A deelnemer sees their rounds, not the organisation's figures.
    auth.login(deelnemers[0].email)
    pagina = client.get("/kalibratie/").get_data(as_text=True)
    assert "Ronde maart" in pagina and "Overeenstemming door de tijd" not in pagina


def test_the_chart_scale():
    from types import SimpleNamespace as Ns

    def punt(alpha, dag):
        return Ns(ronde=Ns(gesloten_op=datetime.date(2026, 3, dag)), alpha=alpha, exact=None)

    assert grafiek.alpha_grafiek([punt(None, 1)]) is None
    positief = grafiek.alpha_grafiek([punt(0.0, 1), punt(1.0, 2), punt(None, 3)])
    onder, boven = grafiek._y(0), grafiek._y(1)
    assert [(p.y, p.label) for p in positief.punten] == [(onder, "0,00"), (boven, "1,00")]
    # Three rounds in three equal slots; the third (no alpha) leaves its slot empty.
    breedte = grafiek.BREEDTE - 2 * grafiek.MARGE
    assert [p.x for p in positief.punten] == [
        round(grafiek.MARGE + breedte * f, 1) for f in (1 / 6, 3 / 6)
    ]
    assert [w for _, w in positief.lijnen] == ["0,00", "0,25", "0,50", "0,75", "1,00"]
    negatief = grafiek.alpha_grafiek([punt(-0.5, 1)])
    assert negatief.punten[0].y == round(grafiek._y(0.25), 1)
    assert [w for _, w in negatief.lijnen] == ["-1,0", "-0,5", "0,0", "0,5", "1,0"]
