"""The meting service (services/metingen.py): the one code that changes a meting, used by
the pages, the import and the demo data; it needs no web request."""

import ast
import datetime
import json
from pathlib import Path

import pytest
from flask import has_request_context

from ladder import gesprek
from models import Auditregel, Meting
from services import metingen
from tests.fixtures.uitwisseling import KENMERKEN

ROOT = Path(__file__).resolve().parent.parent
MAART = datetime.date(2026, 3, 2)


def _kenmerken(volgende=datetime.date(2027, 3, 2), **anders) -> metingen.Kenmerken:
    return metingen.Kenmerken(waarden=dict(KENMERKEN), volgende_meetdatum=volgende, **anders)


def _tot_controle(meting: Meting, *antwoorden: bool, aanleiding="intake") -> Meting:
    metingen.kies_meetmoment(meting, meetdatum=MAART, aanleiding=aanleiding)
    for ja in antwoorden:
        metingen.beantwoord_vraag(meting, gesprek.volgende_stap(meting.stand), ja)
    metingen.bevestig_uitkomst(meting)
    if gesprek.heeft_groeivraag(meting.trede):
        metingen.beantwoord_groeivraag(meting, True)
    metingen.kies_subgroepen(meting, ["1", "3"])
    uitstroom = aanleiding == "uitstroom"
    metingen.kies_kenmerken(
        meting,
        _kenmerken(
            volgende=None if uitstroom else datetime.date(2027, 3, 2),
            uitstroomreden="verhuizing" if uitstroom else "",
        ),
    )
    return meting


@pytest.fixture
def km(make_gebruiker):
    return make_gebruiker("klantmanager")


@pytest.fixture
def klant(km, make_klant):
    return make_klant(km.organisatie, achternaam="Dijkstra")


def test_a_meting_is_begun_answered_and_saved_without_a_web_request(km, klant):
    assert not has_request_context()
    uitkomst = metingen.begin(klant, km, token="t" * 20)
    assert uitkomst.nieuw and uitkomst.meting.status == "concept"
    meting = _tot_controle(uitkomst.meting, False, True)  # V1 nee, V3 ja: trede 4
    assert gesprek.volgende_stap(meting.stand) == gesprek.CONTROLE
    assert metingen.opslaan(meting, km) == "definitief"
    opgeslagen = Meting.get_by_id(meting.id)
    assert (opgeslagen.status, opgeslagen.trede, opgeslagen.groeipotentieel) == (
        "definitief",
        4,
        "+",
    )
    assert opgeslagen.subgroep_codes == ["1", "3"]
    regels = list(Auditregel.select().where(Auditregel.object_id == str(meting.id)))
    assert [(r.actie, r.omschrijving, r.gebruiker_id) for r in regels] == [
        ("aanmaken", "meting begonnen", km.id),
        ("aanmaken", "meting opgeslagen", km.id),
    ]


def test_one_token_and_one_open_concept_per_user_and_klant(km, klant, make_gebruiker):
    eerste = metingen.begin(klant, km, token="a" * 20)
    assert metingen.begin(klant, km, token="a" * 20).meting.id == eerste.meting.id
    tweede = metingen.begin(klant, km, token="b" * 20)  # another click: the open concept
    assert (tweede.meting.id, tweede.nieuw) == (eerste.meting.id, False)
    collega = make_gebruiker("klantmanager", organisatie=km.organisatie)
    assert metingen.begin(klant, collega).meting.id != eerste.meting.id


def test_the_stored_trede_is_the_one_the_answers_lead_to(km, klant):
    meting = _tot_controle(metingen.begin(klant, km).meting, False, True)
    assert meting.trede == 4 and gesprek.UITKOMST in meting.bevestigd
    metingen.beantwoord_vraag(meting, "V1", True)  # now V2 is open: no trede yet
    opnieuw = Meting.get_by_id(meting.id)
    assert (opnieuw.trede, opnieuw.groei_antwoord, opnieuw.groeipotentieel) == (None, "", None)
    assert json.loads(opnieuw.antwoorden) == {"V1": True}
    assert gesprek.UITKOMST not in opnieuw.bevestigd


def test_saving_is_held_to_the_rules_and_changes_nothing_when_refused(km, klant):
    meting = _tot_controle(metingen.begin(klant, km).meting, False, True)
    # A concept left stale: its planned next meetmoment is not after the meetdatum.
    Meting.update(volgende_meetdatum=MAART).where(Meting.id == meting.id).execute()
    meting = Meting.get_by_id(meting.id)
    with pytest.raises(metingen.MetingFout) as fout:
        metingen.opslaan(meting, km)
    assert fout.value.velden == [
        ("volgende_meetdatum", "De volgende meetdatum moet na de meetdatum liggen.")
    ]
    assert Meting.get_by_id(meting.id).status == "concept"


def test_saving_before_every_page_is_answered_is_refused(km, klant):
    meting = metingen.begin(klant, km).meting
    metingen.kies_meetmoment(meting, meetdatum=MAART, aanleiding="intake")
    with pytest.raises(metingen.MetingFout, match="Beantwoord eerst alle vragen"):
        metingen.opslaan(meting, km)


def test_a_code_is_saved_with_its_reason_and_without_growth(km, klant):
    meting = metingen.begin(klant, km).meting
    metingen.kies_meetmoment(
        meting, meetdatum=MAART, aanleiding="intake", code=9, code_toelichting="Niet bereikbaar"
    )
    metingen.kies_subgroepen(meting, [])
    metingen.kies_kenmerken(meting, _kenmerken())
    metingen.opslaan(meting, km)
    opgeslagen = Meting.get_by_id(meting.id)
    assert (opgeslagen.trede, opgeslagen.groeipotentieel, opgeslagen.code_toelichting) == (
        9,
        None,
        "Niet bereikbaar",
    )


def test_two_corrections_of_one_meting_only_the_first_replaces_it(km, klant, make_gebruiker):
    origineel = _tot_controle(metingen.begin(klant, km).meting, False, True)
    metingen.opslaan(origineel, km)
    collega = make_gebruiker("klantmanager", organisatie=km.organisatie)
    mijne = metingen.corrigeer(origineel, km).meting
    zijne = metingen.corrigeer(origineel, collega).meting
    assert metingen.opslaan(mijne, km, "V3 was verkeerd begrepen") == "definitief"
    with pytest.raises(metingen.MetingFout, match="intussen al door iemand anders"):
        metingen.opslaan(zijne, collega, "ook een reden")
    assert Meting.get_by_id(origineel.id).status == "vervangen"
    assert Meting.get_by_id(zijne.id).status == "concept"
    assert Meting.get_by_id(mijne.id).correctiereden == "V3 was verkeerd begrepen"


def test_a_correction_needs_its_reason(km, klant):
    origineel = _tot_controle(metingen.begin(klant, km).meting, True, True)
    metingen.opslaan(origineel, km)
    correctie = metingen.corrigeer(origineel, km).meting
    with pytest.raises(metingen.MetingFout) as fout:
        metingen.opslaan(correctie, km)
    assert fout.value.velden == [("correctiereden", "Vul de reden van de correctie in.")]


def test_a_partners_meting_waits_and_is_decided_once(km, klant, make_gebruiker, make_organisatie):
    partner = make_gebruiker(
        "partner", organisatie=make_organisatie("Werkbedrijf", "reintegratiebedrijf")
    )
    meting = _tot_controle(metingen.begin(klant, partner).meting, False, False, True)
    assert metingen.opslaan(meting, partner) == "ter_beoordeling"
    metingen.beoordeel(meting, km, akkoord=False, reden="Klopt niet met het dossier")
    opgeslagen = Meting.get_by_id(meting.id)
    assert (opgeslagen.status, opgeslagen.beoordeeld_door_id) == ("afgewezen", km.id)
    with pytest.raises(metingen.MetingFout, match="intussen al besloten"):
        metingen.beoordeel(opgeslagen, km, akkoord=True)
    assert Meting.get_by_id(meting.id).status == "afgewezen"


def test_a_whole_meting_recorded_at_once_keeps_the_same_rules(km, klant):
    with pytest.raises(metingen.MetingFout) as fout:
        metingen.leg_vast(
            klant,
            km,
            meetdatum=MAART,
            aanleiding="uitstroom",
            trede=5,
            groei=False,
            volgende_meetdatum=datetime.date(2027, 1, 1),
        )
    assert {veld for veld, _ in fout.value.velden} == {"uitstroomreden", "volgende_meetdatum"}
    assert Meting.select().count() == 0
    meting = metingen.leg_vast(
        klant,
        km,
        meetdatum=MAART,
        aanleiding="jaarlijks",
        trede=5,
        groei=False,
        volgende_meetdatum=datetime.date(2027, 1, 1),
        subgroepen=["2"],
    )
    assert (meting.trede, meting.groeipotentieel, meting.bevestigd) == (
        5,
        "0",
        frozenset(gesprek.BEVESTIGDE_STAPPEN),
    )
    assert gesprek.volgende_stap(meting.stand) == gesprek.CONTROLE


def test_the_service_needs_no_flask():
    bron = (ROOT / "services" / "metingen.py").read_text()
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(bron))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in modules if m.split(".")[0] in ("flask", "flask_login", "views", "forms")}


# Writes to the meting table outside the service: erasure of a klant's data (privacy) and the
# import's bulk insert of rows the service made (metingen.complete_velden).
UITZONDERINGEN = {"services/metingen.py", "services/privacy.py", "exchange/importeren.py"}


def test_only_the_service_changes_a_meting():
    schrijvend = (
        "Meting.update(",
        "Meting.create(",
        "Meting.delete(",
        " Meting(",
        "_voeg_toe(Meting",
    )
    gevonden = set()
    for pad in ROOT.glob("*/**/*.py"):
        relatief = pad.relative_to(ROOT).as_posix()
        if (
            relatief.split("/")[0] in (".venv", "tests", "bench", "models")
            or relatief in UITZONDERINGEN
        ):
            continue
        tekst = pad.read_text()
        if any(patroon in tekst for patroon in schrijvend):
            gevonden.add(relatief)
    assert gevonden == set()
