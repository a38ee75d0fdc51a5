"""The dubbelmeting (issue 15): a second klantmanager places a real klant independently, as a
check on the klant's meting. It is personal data, so every page of it is logged with the
klant; it is no meting, and only the one who gives it can open it. Both engines."""

from ladder import vragen
from models import Auditregel, Kalibratieantwoord, Meting
from tests.views.test_kalibratie_schermen import _gesprek


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
    inzien = Auditregel.select().where(
        (Auditregel.actie == "inzien") & (Auditregel.object_type == "dubbelmeting")
    )
    assert [(r.klant_id, r.gebruiker_id) for r in inzien] == [(klant.id, tweede.id)]
    auth.logout()

    auth.login(collega.email)
    assert client.get(url).status_code == 404  # another's dubbelmeting, same organisation
    auth.logout()

    auth.login(tweede.email)
    r = _gesprek(client, url, 3, groei="nee")
    assert r.status_code == 303
    assert Meting.select().count() == 1  # the check is no meting: no report counts it
    afgerond = Auditregel.get(Auditregel.omschrijving == "dubbelmeting afgerond")
    assert afgerond.klant_id == klant.id and afgerond.object_type == "dubbelmeting"
    antwoord = Kalibratieantwoord.get()
    assert antwoord.klant_id == klant.id and antwoord.trede == 3 and antwoord.is_klaar
