"""The password rule: at least 12 characters and not a common or guessable password."""

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MINIMUM_LENGTE = 12
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])


def wachtwoord_bezwaar(wachtwoord: str, email: str = "", naam: str = "") -> str | None:
    """A Dutch objection to this password, or None when it is acceptable."""
    if len(wachtwoord) < MINIMUM_LENGTE:
        return f"Kies een wachtwoord van minstens {MINIMUM_LENGTE} tekens."
    if wachtwoord.lower() in _COMMON:
        return (
            "Dit wachtwoord komt voor op een lijst van veelgebruikte wachtwoorden. Kies een ander."
        )
    # zxcvbn also catches keyboard walks, repeats and the user's own name or e-mail address.
    # It refuses more than 72 characters; a passphrase that long is judged on its start.
    if zxcvbn(wachtwoord[:72], user_inputs=[email, naam, "participatieladder"])["score"] < 3:
        return (
            "Dit wachtwoord is te makkelijk te raden. Gebruik bijvoorbeeld een zin van "
            "vier of meer losse woorden."
        )
    return None
