"""Filtering the audit log."""

from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField
from forms.validators import is_valid_bsn, normalise_bsn
from models.audit import ACTIES


class AuditFilterForm(BaseForm):
    """Posted with CSRF when a BSN is given; read from the query string (csrf off) without it."""

    bsn = StringField("BSN van de klant", validators=[Optional(), Length(max=11)])
    gebruiker = SelectField("Gebruiker", choices=[], validators=[Optional(strip_whitespace=False)])
    actie = SelectField(
        "Actie", choices=keuzes([("", "Alle acties"), *ACTIES.items()]), validators=[Optional()]
    )
    van = DatumField("Vanaf", naam="de begindatum", verplicht=False)
    tot = DatumField("Tot en met", naam="de einddatum", verplicht=False)

    def __init__(self, *args, gebruikers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker.choices = keuzes(
            [("", "Alle gebruikers")] + [(g.id, g.naam) for g in gebruikers]
        )

    def validate_bsn(self, field):
        if field.data:
            if not is_valid_bsn(field.data):
                raise ValidationError(
                    "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef."
                )
            field.data = normalise_bsn(field.data)

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")
