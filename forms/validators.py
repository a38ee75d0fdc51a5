"""Validators shared by the forms."""

from stdnum.nl import bsn as stdnum_bsn
from wtforms.validators import ValidationError

from ladder.tekst import tekstfout


def gewone_tekst(form, field):
    """WTForms validator: one line of plain text (ladder.tekst: no < >, nothing invisible).
    BaseForm puts it on every text field; a text area gets ``meerregelige_tekst``."""
    melding = tekstfout(field.data or "")
    if melding:
        raise ValidationError(melding)


def meerregelige_tekst(form, field):
    """WTForms validator: plain text that may hold line breaks and tabs."""
    melding = tekstfout(field.data or "", meerregelig=True)
    if melding:
        raise ValidationError(melding)


def normalise_bsn(value: str) -> str:
    """Digits only, left-padded to nine (a BSN of eight digits is written with a leading 0)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits.zfill(9) if 8 <= len(digits) <= 9 else digits


def is_valid_bsn(value: str) -> bool:
    """True for a BSN that passes the 11-proef (python-stdnum); 000000000 is no BSN."""
    if not value or any(ch not in "0123456789 .-" for ch in value):
        return False
    number = normalise_bsn(value)
    if len(number) != 9:
        return False
    return number != "000000000" and stdnum_bsn.is_valid(number)


class BSN:
    """WTForms validator: a valid BSN, normalised to nine digits in field.data."""

    def __init__(self, message: str | None = None):
        self.message = message or "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef."

    def __call__(self, form, field):
        if not is_valid_bsn(field.data or ""):
            raise ValidationError(self.message)
        field.data = normalise_bsn(field.data)
