"""The dubbelmeting through the screens (issue 15): a second klantmanager places a klant
independently from the klant page; it changes no report and no history of the klant; who
made the meting is refused; the coordinator sees how often the two agreed. Both engines."""

import re

import pytest

from ladder import vragen
from models import Auditregel, Kalibratieantwoord, Meting
from tests.fixtures.kalibratie import gesprek

PEIL = "peildatum-dag=2&peildatum-maand=3&peildatum-jaar=2026"
UITLEG = "Een dubbelmeting is een onafhankelijke controle van de meting van een collega"


@pytest.fixture
def gemeten(clock, auth, make_organisatie, make_gebruiker, make_klant, meting):
    """Eva measured the klant on 2 March 2026, trede 4+, with Kees as its klantmanager; Tom
    is a colleague who did neither; Mira the manager coordinates."""
    organisatie = make_organisatie()
    eva = make_gebruiker("klantmanager", organisatie=organisatie, naam="Eva Eerste")
    kees = make_gebruiker("klantmanager", organisatie=organisatie, naam="Kees Klant")
    tom = make_gebruiker("klantmanager", organisatie=organisatie, naam="Tom Tweede")
    mira = make_gebruiker("manager", organisatie=organisatie, naam="Mira Manager")
    klant = make_klant(organisatie)
    auth.login(eva.email)
    gedaan = meting.complete(klant.id, [False, True], groei=True, klantmanager=str(kees.id))
    auth.logout()
    assert (gedaan.trede, gedaan.groeipotentieel, gedaan.klantmanager_id) == (4, "+", kees.id)
    return klant, gedaan, eva, kees, tom, mira


def _historie(client, klant) -> str:
    pagina = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    begin = pagina.index('id="historie-titel"')
    return pagina[begin : pagina.index("</section>", begin)]


def _stand(client) -> tuple[bytes, str]:
    csv = client.get(f"/rapporten/stand.csv?{PEIL}")
    assert csv.status_code == 200
    pagina = client.get(f"/rapporten/stand?{PEIL}").get_data(as_text=True)
    tabellen = re.findall(r"<table.*?</table>", pagina, re.S)
    assert tabellen
    return csv.data, "".join(tabellen)


def test_a_colleague_does_a_dubbelmeting_that_changes_no_report(client, auth, gemeten):
    klant, gedaan, eva, kees, tom, mira = gemeten
    auth.login(mira.email)
    stand_voor = _stand(client)
    assert "Trede 4: Onbetaald werk;1;100,0;1;100,0" in stand_voor[0].decode()  # 1 klant, 4+
    auth.logout()

    auth.login(tom.email)
    historie_voor = _historie(client, klant)
    pagina = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Dubbelmeting doen" in pagina and UITLEG in pagina
    assert f'action="/klanten/{klant.id}/dubbelmeting"' in pagina
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    assert r.status_code == 303
    # The same pages as a meting, with the klant named above them; Tom says 4 without "+".
    vraag = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Dubbelmeting van" in vraag and "telt niet mee in de rapportages" in vraag
    r = gesprek(client, r.headers["Location"], 4, groei="nee")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/klanten/{klant.id}")
    terug = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "De dubbelmeting is opgeslagen. Zij telt niet mee in de rapportages." in terug
    [dubbel] = Kalibratieantwoord.select().where(Kalibratieantwoord.klant == klant)
    assert (dubbel.meting_id, dubbel.gebruiker_id, dubbel.trede, dubbel.groeipotentieel) == (
        gedaan.id,
        tom.id,
        4,
        "0",
    )
    assert dubbel.is_klaar
    # The klant's history and current stand are the meting's, untouched.
    assert _historie(client, klant) == historie_voor
    assert [m.id for m in Meting.history_for(klant)] == [gedaan.id]
    assert "Trede <strong>4+</strong>" in terug
    # A second try is told it was done.
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    pagina = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "U heeft de dubbelmeting van deze klant al gedaan." in pagina
    auth.logout()

    # The stand report, on the page and as CSV, is what it was before.
    auth.login(mira.email)
    assert _stand(client) == stand_voor
    # The coordinator sees the pair: same trede (100%), other groeipotentieel (0%).
    assert 'href="/kalibratie/dubbelmetingen"' in client.get("/kalibratie/").get_data(as_text=True)
    pagina = client.get("/kalibratie/dubbelmetingen").get_data(as_text=True)
    assert "1 paar van een meting en de dubbelmeting ervan" in pagina
    rijen = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>', pagina)
    assert rijen == [
        ("Exacte overeenstemming", "100%", "0%"),
        (
            "Krippendorffs alfa",
            "niet te bepalen (iedereen gaf hetzelfde antwoord)",
            "0,00 (95%-interval 0,00 tot 0,00)",
        ),
    ]
    assert "Tom Tweede" not in pagina and klant.achternaam not in pagina


@pytest.mark.parametrize("wie", ["eva", "kees"])
def test_who_made_the_meting_is_refused(client, auth, gemeten, wie):
    klant, gedaan, eva, kees, tom, mira = gemeten
    auth.login({"eva": eva, "kees": kees}[wie].email)
    pagina = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Dubbelmeting doen" not in pagina and UITLEG not in pagina
    # Posting anyway (an old page, a second tab) gets the refusal in Dutch.
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/klanten/{klant.id}")
    pagina = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "U heeft de meting van deze klant zelf gedaan." in pagina
    assert not Kalibratieantwoord.select().exists()


def test_no_button_without_a_meting_or_for_a_manager(client, auth, gemeten, make_klant):
    klant, gedaan, eva, kees, tom, mira = gemeten
    nieuw = make_klant(klant.organisatie, achternaam="Nieuwkomer")
    auth.login(tom.email)
    assert "Dubbelmeting doen" not in client.get(f"/klanten/{nieuw.id}").get_data(as_text=True)
    auth.logout()
    auth.login(mira.email)
    assert "Dubbelmeting doen" not in client.get(f"/klanten/{klant.id}").get_data(as_text=True)


def _dubbelmeting(client, auth, tom, klant, trede=4, groei="ja"):
    auth.login(tom.email)
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    assert gesprek(client, r.headers["Location"], trede, groei).status_code == 303
    auth.logout()


def test_the_coordinator_page_filters_by_period(client, auth, gemeten):
    klant, gedaan, eva, kees, tom, mira = gemeten
    _dubbelmeting(client, auth, tom, klant)
    auth.login(mira.email)
    binnen = "van-dag=1&van-maand=3&van-jaar=2026&tot-dag=31&tot-maand=3&tot-jaar=2026"
    pagina = client.get(f"/kalibratie/dubbelmetingen?{binnen}").get_data(as_text=True)
    assert "Overeenstemming van 01-03-2026 tot en met 31-03-2026" in pagina
    assert "1 paar van een meting" in pagina
    na = "van-dag=3&van-maand=3&van-jaar=2026"
    pagina = client.get(f"/kalibratie/dubbelmetingen?{na}").get_data(as_text=True)
    assert "Er zijn nog geen afgeronde dubbelmetingen in deze periode." in pagina


@pytest.mark.parametrize(
    ("query", "veld", "melding"),
    [
        (
            "van-dag=31&van-maand=2&van-jaar=2026",
            "van",
            "De begindatum moet een bestaande datum zijn.",
        ),
        ("tot-dag=1&tot-maand=&tot-jaar=2026", "tot", "De einddatum moet een maand bevatten."),
        (
            "van-dag=2&van-maand=3&van-jaar=2026&tot-dag=1&tot-maand=3&tot-jaar=2026",
            "tot",
            "De einddatum mag niet voor de begindatum liggen.",
        ),
    ],
)
def test_a_bad_period_is_explained_next_to_the_field(client, auth, gemeten, query, veld, melding):
    klant, gedaan, eva, kees, tom, mira = gemeten
    auth.login(mira.email)
    r = client.get(f"/kalibratie/dubbelmetingen?{query}")
    assert r.status_code == 422
    pagina = r.get_data(as_text=True)
    samenvatting = re.search(r'<div class="foutsamenvatting".*?</div>', pagina, re.S).group(0)
    assert f'<a href="#{veld}-dag">{melding}</a>' in samenvatting
    assert re.search(
        rf'<p class="foutmelding" id="{veld}-fout">.*?{re.escape(melding)}</p>', pagina
    )
    assert "paar van een meting" not in pagina and "Exacte overeenstemming" not in pagina


def test_only_coordinators_see_the_overview(client, auth, gemeten):
    klant, gedaan, eva, kees, tom, mira = gemeten
    auth.login(tom.email)
    assert client.get("/kalibratie/dubbelmetingen").status_code == 403
    assert 'href="/kalibratie/dubbelmetingen"' not in client.get("/kalibratie/").get_data(
        as_text=True
    )


def test_a_dubbelmeting_is_logged_with_the_klant_and_is_no_meting(
    client, auth, make_gebruiker, make_klant, meting
):
    eerste = make_gebruiker(rol="klantmanager", naam="Eerste Klantmanager")
    tweede = make_gebruiker(rol="klantmanager", naam="Tweede Klantmanager")
    collega = make_gebruiker(rol="klantmanager", naam="Derde Klantmanager")
    klant = make_klant(eerste.organisatie)
    auth.login(eerste.email)
    meting.complete(klant.id, list(vragen.pad_naar(5).values()), groei=True)
    # Who made the meting cannot check it.
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/klanten/{klant.id}")
    assert Kalibratieantwoord.select().count() == 0
    auth.logout()

    auth.login(tweede.email)
    r = client.submit(f"/klanten/{klant.id}/dubbelmeting", token_from=f"/klanten/{klant.id}")
    assert r.status_code == 303
    url = r.headers["Location"]
    assert "/kalibratie/antwoorden/" in url
    pagina = client.get(url)
    assert pagina.status_code == 200
    tekst = pagina.get_data(as_text=True)
    assert "Dubbelmeting van" in tekst and "telt niet mee in de rapportages" in tekst
    assert "Meting van" not in tekst  # not to be taken for the klant's meting
    assert re.search(r"<title>[^<]* – dubbelmeting ", tekst)
    inzien = Auditregel.select().where(
        (Auditregel.actie == "inzien") & (Auditregel.object_type == "dubbelmeting")
    )
    assert [(r.klant_id, r.gebruiker_id) for r in inzien] == [(klant.id, tweede.id)]
    auth.logout()

    auth.login(collega.email)
    assert client.get(url).status_code == 404  # another's dubbelmeting, same organisation
    auth.logout()

    auth.login(tweede.email)
    r = gesprek(client, url, 3, groei="nee")
    assert r.status_code == 303
    assert Meting.select().count() == 1  # the check is no meting: no report counts it
    afgerond = Auditregel.get(Auditregel.omschrijving == "dubbelmeting afgerond")
    assert afgerond.klant_id == klant.id and afgerond.object_type == "dubbelmeting"
    antwoord = Kalibratieantwoord.get()
    assert antwoord.klant_id == klant.id and antwoord.trede == 3 and antwoord.is_klaar
