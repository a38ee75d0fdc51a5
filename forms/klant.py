"""Finding and registering a klant (personal data of Bijlage 1)."""

import re

from wtforms import HiddenField, RadioField, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField
from forms.validators import BSN
from models.klant import GESLACHTEN
from services import clock

POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


def _tekst(max_length: int, message: str | None = None):
    return [
        Length(max=max_length, message=f"Gebruik maximaal {max_length} tekens."),
    ]


class ZoekForm(BaseForm):
    """Posted (with CSRF) from the search page; a name may also come from ?q= (csrf off)."""

    q = SearchField(
        "Zoek op BSN of naam",
        description="Bijvoorbeeld 111222333 of Jansen.",
        validators=[Optional(), Length(max=100, message="Gebruik maximaal 100 tekens.")],
    )


class KlantForm(BaseForm):
    bsn = StringField(
        "BSN",
        description="Burgerservicenummer: 9 cijfers.",
        validators=[DataRequired("Vul het BSN in."), BSN()],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"},
    )
    voornaam = StringField("Voornaam", validators=[Optional(), *_tekst(200)])
    voorletters = StringField(
        "Voorletters",
        description="Bijvoorbeeld J.P.",
        validators=[Optional(), *_tekst(20)],
    )
    tussenvoegsel = StringField(
        "Tussenvoegsel",
        description="Bijvoorbeeld van der.",
        validators=[Optional(), *_tekst(20)],
    )
    achternaam = StringField(
        "Achternaam", validators=[DataRequired("Vul de achternaam in."), *_tekst(200)]
    )
    geboortedatum = DatumField("Geboortedatum", naam="de geboortedatum")
    geslacht = RadioField(
        "Geslacht",
        choices=keuzes(GESLACHTEN.items()),
        validators=[DataRequired("Kies het geslacht.")],
    )
    adres = StringField(
        "Straat en huisnummer",
        validators=[Optional(), *_tekst(200)],
        render_kw={"autocomplete": "off"},
    )
    postcode = StringField(
        "Postcode",
        description="Bijvoorbeeld 3511 AB.",
        validators=[
            Optional(),
            Length(max=7, message="Een postcode is 4 cijfers en 2 letters, zoals 3511 AB."),
        ],
        render_kw={"autocomplete": "off"},
    )
    woonplaats = StringField("Woonplaats", validators=[Optional(), *_tekst(100)])
    gemeente = SelectField("Gemeente", choices=[], validators=[Optional(strip_whitespace=False)])

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente.choices = keuzes(
            [("", "Kies een gemeente")] + [(g.id, g.naam) for g in gemeenten]
        )
        if len(self.gemeente.choices) == 2 and not self.gemeente.data:
            self.gemeente.data = self.gemeente.choices[1].value

    def validate_postcode(self, field):
        if not field.data:
            return
        match = POSTCODE.match(field.data.strip())
        if not match:
            raise ValidationError("Vul een postcode in met 4 cijfers en 2 letters, zoals 3511 AB.")
        field.data = f"{match.group(1)} {match.group(2).upper()}"

    def validate_geboortedatum(self, field):
        if field.data and field.data >= clock.today():
            raise ValidationError("De geboortedatum moet in het verleden liggen.")
        if field.data and field.data.year < 1900:
            raise ValidationError("Vul een geboortedatum na 1900 in.")


class KlantBewerkenForm(KlantForm):
    """The same fields, plus the version the user started from (to refuse a lost update)."""

    versie = HiddenField()
