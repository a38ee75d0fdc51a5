"""Granting a partner organisation access to a klant, and judging a partner's meting."""

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField


class ToegangForm(BaseForm):
    organisatie = SelectField(
        "Partnerorganisatie", choices=[], validators=[DataRequired("Kies de partnerorganisatie.")]
    )
    begindatum = DatumField("Vanaf", naam="de begindatum")
    einddatum = DatumField(
        "Tot en met",
        naam="de einddatum",
        verplicht=False,
        description="Leeg laten als de toegang geldt tot u hem intrekt.",
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie.choices = keuzes(
            [("", "Kies een organisatie")] + [(o.id, o.naam) for o in partners]
        )

    def validate_einddatum(self, field):
        if field.data and self.begindatum.data and field.data < self.begindatum.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")


class BeoordelingForm(BaseForm):
    besluit = RadioField(
        "Uw besluit",
        choices=keuzes([("accepteren", "Meting accepteren"), ("afwijzen", "Meting afwijzen")]),
        validators=[DataRequired("Kies of u de meting accepteert of afwijst.")],
    )
    reden = TextAreaField(
        "Reden",
        description="Verplicht bij afwijzen; de partner ziet deze reden.",
        validators=[Length(max=2000, message="Gebruik maximaal 2000 tekens.")],
    )

    def validate_reden(self, field):
        if self.besluit.data == "afwijzen" and not (field.data or "").strip():
            raise ValidationError("Geef de reden van de afwijzing.")
