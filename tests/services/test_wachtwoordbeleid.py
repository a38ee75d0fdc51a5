"""The password rule knows the account and Dutch (issue 14, item 9): the name, e-mail
address and organisation of the account and common Dutch words, with a year and a symbol,
are refused everywhere a password is set."""

import pytest

from models import Gebruiker, Organisatie
from services.passwords import gebruikersgegevens, wachtwoord_bezwaar

FATIMA = gebruikersgegevens("Fatima Bakker", "f.bakker@voorbeeldstad.nl", "Gemeente Voorbeeldstad")


@pytest.mark.parametrize(
    "wachtwoord",
    [
        "Voorbeeldstad2026!",
        "Welkom2026!!!",
        "Gemeente2026!",
        "FatimaBakker2026!",
        "fbakker-2026-!!",
        "Participatieladder1!",
        "Zomer2026!Winter",
    ],
)
def test_guessable_passwords_are_refused(wachtwoord):
    assert "te makkelijk te raden" in wachtwoord_bezwaar(wachtwoord, FATIMA)


@pytest.mark.parametrize(
    "wachtwoord", ["paarse olifant danst op dinsdag", "kx7m-p2qa-9tfw-h3ze", "8472-9163-5520-1947"]
)
def test_strong_passwords_pass(wachtwoord):
    assert wachtwoord_bezwaar(wachtwoord, FATIMA) is None


def test_the_change_password_page_knows_the_user(client, logged_in):
    logged_in(naam="Fatima Bakker")
    response = client.submit(
        "/account/wachtwoord",
        {
            "huidig": "ladder-test-wachtwoord-42",
            "nieuw": "FatimaBakker2026!",
            "herhaal": "FatimaBakker2026!",
        },
    )
    assert response.status_code == 422
    pagina = response.get_data(as_text=True)
    assert 'id="nieuw-fout"' in pagina and "te makkelijk te raden" in pagina


def test_beheer_knows_the_organisation(client, logged_in, make_organisatie):
    beheerder = logged_in("beheerder", organisatie=make_organisatie("Gemeente Voorbeeldstad"))
    response = client.submit(
        "/beheer/gebruikers/nieuw",
        {
            "naam": "Jan Smit",
            "email": "j.smit@voorbeeldstad.nl",
            "rol": "intaker",
            "wachtwoord": "Voorbeeldstad2026!",
        },
    )
    assert response.status_code == 422
    assert "te makkelijk te raden" in response.get_data(as_text=True)
    assert Gebruiker.select().where(Gebruiker.organisatie == beheerder.organisatie).count() == 1


@pytest.mark.parametrize("wachtwoord", ["Gemeente2026!", "Welkom2026!!!", "Noorderzijl2026!"])
def test_create_user_knows_the_account(runner, wachtwoord):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "p.devries@noorderzijl.nl",
            "--naam",
            "Piet de Vries",
            "--rol",
            "manager",
            "--organisatie",
            "Gemeente Noorderzijl",
            "--wachtwoord",
            wachtwoord,
        ]
    )
    assert result.exit_code != 0 and "te makkelijk te raden" in result.output
    assert Gebruiker.by_email("p.devries@noorderzijl.nl") is None
    assert Organisatie.select().count() == 0
