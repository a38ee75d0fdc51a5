"""The kalibratie service on both engines, without a web request (issue 15): the casusbank,
a round from opening to results, what a closed round and a finished answer refuse, the
reference answer, and the dubbelmeting."""

import ast
import datetime
from pathlib import Path

import pytest

from ladder import casussen, vragen
from models import Casus, Kalibratieantwoord, Kalibratieronde, Meting, Rondecasus, Team
from reports import overeenstemming
from services import kalibratie
from services.kalibratie import KalibratieFout
from tests.fixtures.kalibratie import beantwoord as _plaats


@pytest.fixture
def opzet(app, make_gebruiker):
    manager = make_gebruiker(rol="manager")
    deelnemers = [make_gebruiker(rol="klantmanager") for _ in range(3)]
    bank = kalibratie.casusbank(manager.organisatie)
    return manager, deelnemers, bank


def test_the_casusbank_starts_with_the_starter_cases_once(opzet):
    manager, _, bank = opzet
    assert {c.code for c in bank} == {c.code for c in casussen.CASUSSEN}
    assert len(kalibratie.casusbank(manager.organisatie)) == len(bank)  # a second call adds none
    for casus in bank:
        bron = next(c for c in casussen.CASUSSEN if c.code == casus.code)
        assert casus.referentie_trede == bron.trede
        assert casus.referentie_antwoorden_dict == bron.antwoorden


def test_own_cases_need_a_title_and_a_text(opzet):
    manager, _, _ = opzet
    with pytest.raises(KalibratieFout) as fout:
        kalibratie.bewaar_casus(manager.organisatie, manager, " ", "")
    assert dict(fout.value.velden) == {
        "titel": "Geef de casus een titel.",
        "tekst": "Beschrijf de casus.",
    }
    eigen = kalibratie.bewaar_casus(
        manager.organisatie, manager, "Mantelzorg", "Zorgt voor haar moeder."
    )
    assert eigen.code is None and eigen in kalibratie.casusbank(manager.organisatie)


def test_a_round_refuses_what_is_not_the_organisations_and_stores_nothing(
    opzet, make_gebruiker, make_organisatie
):
    manager, deelnemers, bank = opzet
    elders = make_organisatie("Gemeente Elders")
    vreemde_casus = kalibratie.casusbank(elders)[0]
    vreemde = make_gebruiker(rol="klantmanager", organisatie=elders)
    with pytest.raises(KalibratieFout) as fout:
        kalibratie.open_ronde(
            manager.organisatie,
            manager,
            "Ronde",
            [bank[0].id, vreemde_casus.id],
            [deelnemers[0].id, vreemde.id],
        )
    assert dict(fout.value.velden) == {
        "casussen": "Kies alleen casussen uit de casusbank van uw organisatie.",
        "deelnemers": "Kies alleen deelnemers uit de lijst.",
    }
    with pytest.raises(KalibratieFout, match="ten minste twee deelnemers"):
        kalibratie.open_ronde(
            manager.organisatie, manager, "Ronde", [bank[0].id], [deelnemers[0].id]
        )
    assert Kalibratieronde.select().count() == 0 and Rondecasus.select().count() == 0


def test_a_partner_organisations_accounts_may_take_part(opzet, make_gebruiker, make_organisatie):
    manager, deelnemers, bank = opzet
    partner_org = make_organisatie("Re-integratie BV", soort="reintegratiebedrijf")
    partner_org.beheerd_door = manager.organisatie
    partner_org.save()
    partner = make_gebruiker(rol="partner", organisatie=partner_org)
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "Met partner", [bank[0].id], [deelnemers[0].id, partner.id]
    )
    assert partner in kalibratie.deelnemers_van(ronde)


def test_a_round_from_answers_to_results(opzet):
    manager, deelnemers, bank = opzet
    gekozen = bank[:2]
    ronde = kalibratie.open_ronde(
        manager.organisatie,
        manager,
        "Team Noord",
        [c.id for c in gekozen],
        [d.id for d in deelnemers],
    )
    plan = {0: (4, 4), 1: (4, 5), 2: (3, 5)}
    for i, deelnemer in enumerate(deelnemers):
        for casus, trede in zip(gekozen, plan[i], strict=True):
            _plaats(kalibratie.antwoord_in_ronde(ronde, casus, deelnemer), trede)
    assert [v.klaar for v in kalibratie.voortgang(ronde)] == [2, 2, 2]
    kalibratie.sluit_ronde(ronde, manager)
    uitslag = kalibratie.uitslag(ronde)
    per = {
        gekozen[0].id: {d.id: plan[i][0] for i, d in enumerate(deelnemers)},
        gekozen[1].id: {d.id: plan[i][1] for i, d in enumerate(deelnemers)},
    }
    verwacht = overeenstemming.trede(per, {c.id: c.referentie_trede for c in gekozen})
    assert uitslag.trede == verwacht
    assert uitslag.trede.exact == pytest.approx(2 / 6)
    eerste = uitslag.casussen[0]
    assert dict(eerste.treden) == {4: 2, 3: 1}
    assert eerste.splitsing == vragen.VRAGEN["V3"]  # 4 is V3 ja, 3 is V3 nee
    assert [t.nummer for t in eerste.definities] == [4, 3]
    assert sorted(a.label for a in eerste.antwoorden) == ["3+", "4+", "4+"]
    # Own deviations: deelnemer 2 placed the first casus on 3 where the others said 4.
    eigen = kalibratie.eigen_afwijkingen(ronde, deelnemers[2])
    assert eigen[0].eigen == "3+" and eigen[0].meest_gekozen == "4+"


def test_a_closed_round_and_a_finished_answer_change_no_more(opzet):
    manager, deelnemers, bank = opzet
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "R", [bank[0].id], [d.id for d in deelnemers[:2]]
    )
    klaar = _plaats(kalibratie.antwoord_in_ronde(ronde, bank[0], deelnemers[0]), 4)
    with pytest.raises(KalibratieFout, match="al afgerond"):
        kalibratie.beantwoord_vraag(klaar, "V1", True)
    open_antwoord = kalibratie.antwoord_in_ronde(ronde, bank[0], deelnemers[1])
    with pytest.raises(KalibratieFout, match="Beantwoord eerst alle vragen"):
        kalibratie.rond_af(open_antwoord, deelnemers[1])
    kalibratie.sluit_ronde(ronde, manager)
    with pytest.raises(KalibratieFout, match="al gesloten"):
        kalibratie.sluit_ronde(ronde, manager)
    ronde = Kalibratieronde.get_by_id(ronde.id)
    open_antwoord = Kalibratieantwoord.get_by_id(open_antwoord.id)
    with pytest.raises(KalibratieFout, match="gesloten"):
        kalibratie.beantwoord_vraag(open_antwoord, "V1", True)
    assert Kalibratieantwoord.get_by_id(open_antwoord.id).antwoorden_dict == {}
    with pytest.raises(KalibratieFout, match="gesloten"):
        kalibratie.antwoord_in_ronde(ronde, bank[0], deelnemers[0].__class__.get_by_id(manager.id))


def test_a_reference_answer_given_through_the_pages_becomes_the_casus_reference(opzet):
    manager, _, _ = opzet
    casus = kalibratie.bewaar_casus(manager.organisatie, manager, "Eigen", "Een verhaal.")
    antwoord = kalibratie.referentie_antwoord(casus, manager)
    assert kalibratie.referentie_antwoord(casus, manager) == antwoord  # resumed, not doubled
    for code, ja in vragen.pad_naar(2).items():
        kalibratie.beantwoord_vraag(antwoord, code, ja)
    kalibratie.bevestig_uitkomst(antwoord)
    kalibratie.beantwoord_groeivraag(antwoord, False)
    kalibratie.rond_af(antwoord, manager, "Contact buiten huis, geen activiteiten.")
    casus = Casus.get_by_id(casus.id)
    assert (casus.referentie_trede, casus.referentie_groeipotentieel) == (2, "0")
    assert casus.referentie_antwoorden_dict == vragen.pad_naar(2)
    assert casus.referentie_toelichting == "Contact buiten huis, geen activiteiten."


def test_a_dubbelmeting_checks_a_meting_of_someone_else(opzet, make_klant):
    manager, (eerste, tweede, _), _ = opzet
    klant = make_klant(manager.organisatie)
    with pytest.raises(KalibratieFout, match="nog geen opgeslagen meting"):
        kalibratie.begin_dubbelmeting(klant, tweede)
    meting = Meting.create(
        klant=klant,
        organisatie=manager.organisatie,
        invoerder=eerste,
        status="definitief",
        meetdatum=datetime.date(2026, 3, 2),
        aanleiding="intake",
        trede=4,
        groeipotentieel="+",
        antwoorden='{"V1": false, "V3": true}',
        groei_antwoord="ja",
    )
    with pytest.raises(KalibratieFout, match="zelf gedaan"):
        kalibratie.begin_dubbelmeting(klant, eerste)
    controle = kalibratie.begin_dubbelmeting(klant, tweede)
    assert kalibratie.begin_dubbelmeting(klant, tweede) == controle
    assert controle.meting_id == meting.id
    _plaats(controle, 3, gebruiker=tweede)
    cijfers = kalibratie.dubbelmetingen(manager.organisatie)
    assert cijfers.paren == 1 and cijfers.trede.exact == 0.0
    assert Meting.select().count() == 1  # the check is no meting
    leeg = kalibratie.dubbelmetingen(manager.organisatie, van=datetime.date(2026, 4, 1))
    assert leeg.paren == 0


def test_the_service_needs_no_flask():
    """Its own imports: no Flask, no views or forms (services.audit uses the request when
    there is one, as for the meting service)."""
    bron = (Path(__file__).parents[2] / "services" / "kalibratie.py").read_text()
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(bron))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in modules if m.split(".")[0] in ("flask", "flask_login", "views", "forms")}


def test_a_dubbelmeting_is_in_the_klants_inzage_but_a_casus_answer_never(opzet, make_klant):
    """A dubbelmeting is about the klant (art. 15 AVG); a casus is about no one."""
    from services.privacy import inzage

    manager, (eerste, tweede, derde), bank = opzet
    klant = make_klant(manager.organisatie)
    Meting.create(
        klant=klant,
        organisatie=manager.organisatie,
        invoerder=eerste,
        status="definitief",
        meetdatum=datetime.date(2026, 3, 2),
        aanleiding="intake",
        trede=4,
        groeipotentieel="+",
    )
    _plaats(kalibratie.begin_dubbelmeting(klant, tweede), 4, gebruiker=tweede)
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "R", [bank[0].id], [tweede.id, derde.id]
    )
    _plaats(kalibratie.antwoord_in_ronde(ronde, bank[0], tweede), 6)
    data = inzage(klant, datetime.datetime(2026, 12, 3))
    assert [(d["trede"], d["groeipotentieel"]) for d in data["dubbelmetingen"]] == [(4, "+")]
    assert len(data["metingen"]) == 1
    assert "Trede 6" not in str(data)


def test_a_closed_round_keeps_the_reference_it_was_held_with(opzet):
    manager, deelnemers, bank = opzet
    casus = bank[0]
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "R", [casus.id], [d.id for d in deelnemers[:2]]
    )
    for deelnemer in deelnemers[:2]:
        _plaats(kalibratie.antwoord_in_ronde(ronde, casus, deelnemer), casus.referentie_trede)
    kalibratie.sluit_ronde(ronde, manager)
    voor = kalibratie.uitslag(ronde)
    assert voor.trede.referentie == 1.0
    # The coordinator gives another reference answer after the round.
    nieuw = kalibratie.referentie_antwoord(casus, manager)
    _plaats(nieuw, 6 if casus.referentie_trede != 6 else 1, gebruiker=manager)
    assert Casus.get_by_id(casus.id).referentie_trede != casus.referentie_trede
    na = kalibratie.uitslag(Kalibratieronde.get_by_id(ronde.id))
    assert na.trede.referentie == 1.0 and na.casussen[0].referentie == voor.casussen[0].referentie
    assert na.casussen[0].referentie_toelichting == casus.referentie_toelichting


def test_a_casus_used_in_a_round_keeps_its_text(opzet):
    manager, deelnemers, _ = opzet
    eigen = kalibratie.bewaar_casus(manager.organisatie, manager, "Eigen", "Versie 1.")
    kalibratie.bewaar_casus(manager.organisatie, manager, "Eigen", "Versie 2.", casus=eigen)
    kalibratie.open_ronde(manager.organisatie, manager, "R", [eigen.id], [d.id for d in deelnemers])
    with pytest.raises(KalibratieFout, match="al gebruikt in een kalibratieronde"):
        kalibratie.bewaar_casus(manager.organisatie, manager, "Eigen", "Versie 3.", casus=eigen)
    assert Casus.get_by_id(eigen.id).tekst == "Versie 2."
    kalibratie.bewaar_casus(
        manager.organisatie, manager, "Eigen", "Versie 2.", casus=eigen, actief=False
    )
    assert not Casus.get_by_id(eigen.id).actief  # taking it out of use is still possible


def test_the_right_kwaliteit_counts_only_for_klantmanagers_and_intakers(make_gebruiker, app):
    for rol, mag in (
        ("klantmanager", True),
        ("intaker", True),
        ("partner", False),
        ("beheerder", False),
    ):
        gebruiker = make_gebruiker(rol=rol)
        assert not kalibratie.mag_coordineren(gebruiker)
        gebruiker.kwaliteit = True
        assert kalibratie.mag_coordineren(gebruiker) is mag
    assert kalibratie.mag_coordineren(make_gebruiker(rol="manager"))


def test_a_whole_team_takes_part(opzet, make_gebruiker, make_organisatie):
    manager, deelnemers, bank = opzet
    noord = Team.create(organisatie=manager.organisatie, naam="Noord")
    leden = [make_gebruiker(rol="klantmanager", team=noord) for _ in range(2)]
    make_gebruiker(rol="beheerder", team=noord)  # in the team, but places no klanten
    make_gebruiker(rol="klantmanager", team=noord, actief=False)
    ronde = kalibratie.open_ronde(
        manager.organisatie, manager, "Team Noord", [bank[0].id], [deelnemers[0].id], [noord.id]
    )
    assert {g.id for g in kalibratie.deelnemers_van(ronde)} == {
        deelnemers[0].id,
        *(g.id for g in leden),
    }
    elders = Team.create(organisatie=make_organisatie("Gemeente Elders"), naam="Zuid")
    with pytest.raises(KalibratieFout, match="alleen teams van uw organisatie"):
        kalibratie.open_ronde(
            manager.organisatie, manager, "R", [bank[0].id], [d.id for d in deelnemers], [elders.id]
        )
