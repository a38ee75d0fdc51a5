"""The password rule: at least 12 characters and not a common or guessable password."""

import re

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MINIMUM_LENGTE = 12
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
APP_NAAM = "Participatieladder"

# Words an attacker tries first against a Dutch municipality, with a year and a "!" after
# them; zxcvbn's own lists are English.
_WOORDEN = """
    welkom wachtwoord paswoord geheim inloggen gebruiker beheer beheerder gemeente gemeentehuis
    stadhuis raadhuis burgemeester wethouder ambtenaar college raad provincie werk inkomen
    participatie ladder klant klantmanager intake sociaal wijkteam uitkering bijstand loket
    balie afdeling team organisatie nederland holland amsterdam rotterdam utrecht voorjaar
    zomer najaar herfst winter lente januari februari maart april mei juni juli augustus
    september oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag
    zondag hallo goedemorgen test
"""
NEDERLANDSE_WOORDEN = _WOORDEN.split()

TE_RADEN = (
    "Dit wachtwoord is te makkelijk te raden: het bestaat uit uw naam, e-mailadres, "
    "organisatie of een veelgebruikt woord, met cijfers of tekens. Gebruik bijvoorbeeld een "
    "zin van vier of meer losse woorden."
)


def gebruikersgegevens(naam: str = "", email: str = "", organisatie: str = "") -> list[str]:
    """What an attacker knows about the account: its name, e-mail address and organisation,
    whole and in parts, and the application's name."""
    lokaal = email.lower().split("@")[0]
    # "f.bakker" is also typed as "fbakker"
    delen = [naam, email, organisatie, APP_NAAM, lokaal, re.sub(r"[^a-z0-9]", "", lokaal)]
    for tekst in (naam, email, organisatie, APP_NAAM):
        delen += re.split(r"[^a-z0-9]+", tekst.lower())
    return [deel for deel in dict.fromkeys(d.strip().lower() for d in delen) if len(deel) >= 3]


def wachtwoord_bezwaar(wachtwoord: str, user_inputs: list[str]) -> str | None:
    """A Dutch objection to this password, or None when it is acceptable. user_inputs comes
    from gebruikersgegevens() for the account that gets the password."""
    if len(wachtwoord) < MINIMUM_LENGTE:
        return f"Kies een wachtwoord van minstens {MINIMUM_LENGTE} tekens."
    if wachtwoord.lower() in _COMMON:
        return (
            "Dit wachtwoord komt voor op een lijst van veelgebruikte wachtwoorden. Kies een ander."
        )
    woorden = [*user_inputs, *NEDERLANDSE_WOORDEN]
    if _alleen_bekende_woorden(wachtwoord, woorden):
        return TE_RADEN
    # zxcvbn also catches keyboard walks, repeats and l33t spellings of the same words.
    # It refuses more than 72 characters; a passphrase that long is judged on its start.
    if zxcvbn(wachtwoord[:72], user_inputs=woorden)["score"] < 3:
        return TE_RADEN
    return None


def _alleen_bekende_woorden(wachtwoord: str, woorden: list[str]) -> bool:
    """True when the letters of the password are nothing but known words run together:
    'Welkom2026!!!' and 'FatimaBakker2026!' follow the pattern crackers try first, which
    zxcvbn scores as 'safely unguessable' because of the year and the symbols."""
    letters = re.sub(r"[^a-z]", "", wachtwoord.lower())
    bekend = {w for w in woorden if w.isalpha() and len(w) >= 3}
    # Word break: past[i] is True when letters[:i] splits into known words.
    past = [True] + [False] * len(letters)
    for eind in range(1, len(letters) + 1):
        past[eind] = any(past[begin] and letters[begin:eind] in bekend for begin in range(eind))
    return bool(letters) and past[-1]
