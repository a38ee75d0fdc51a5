"""The forms of kalibratie (issue 15): a casus, a round, finishing a placement, and the
period of the dubbelmetingen overview."""

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField, MultiCheckboxField


class CasusForm(BaseForm):
    titel = StringField(
        "Titel",
        description="Een korte naam waaraan u de casus herkent, zonder naam van een klant.",
        validators=[Length(max=200, message="Gebruik maximaal 200 tekens.")],
    )
    tekst = TextAreaField(
        "De casus",
        description=(
            "Beschrijf de situatie zoals een klantmanager die hoort, zonder de trede te noemen. "
            "Anonimiseer: geen namen, BSN, adressen of andere gegevens van een echte klant."
        ),
        validators=[Length(max=4000, message="Gebruik maximaal 4000 tekens.")],
    )
    actief = BooleanField("Beschikbaar voor nieuwe rondes", default=True)


class RondeForm(BaseForm):
    naam = StringField(
        "Naam van de ronde",
        description="Bijvoorbeeld: intervisie team Noord, maart.",
        validators=[Length(max=200, message="Gebruik maximaal 200 tekens.")],
    )
    casussen = MultiCheckboxField("Casussen", validators=[Optional()])
    teams = MultiCheckboxField("Hele teams", validators=[Optional()])
    deelnemers = MultiCheckboxField("Deelnemers", validators=[Optional()])

    def __init__(self, *args, casussen=(), deelnemers=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.casussen.choices = keuzes((str(c.id), c.titel) for c in casussen)
        self.teams.choices = keuzes((str(t.id), t.naam) for t in teams)
        self.deelnemers.choices = keuzes(
            (str(g.id), f"{g.naam} ({g.rol_label}, {g.organisatie.naam})") for g in deelnemers
        )


class AfrondForm(BaseForm):
    toelichting = TextAreaField(
        "Toelichting",
        description="Waarom deze trede? Alleen u ziet uw eigen toelichting terug.",
        validators=[Optional(), Length(max=2000, message="Gebruik maximaal 2000 tekens.")],
    )


class DubbelmetingenForm(BaseForm):
    """The period of the dubbelmetingen overview: a GET filter, both dates optional."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    van = DatumField(
        "Van",
        naam="de begindatum",
        verplicht=False,
        description="De meetdatum van de gecontroleerde meting, bijvoorbeeld 1 1 2026.",
    )
    tot = DatumField("Tot en met", naam="de einddatum", verplicht=False)

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")
