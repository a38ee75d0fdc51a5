"""The organisation's own settings, kept by its beheerder."""

from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from forms import BaseForm


class InstellingenForm(BaseForm):
    standaard_interval_maanden = IntegerField(
        "Standaardtermijn tot de volgende meting (maanden)",
        description="Vooringevuld bij elke meting; minimaal één keer per jaar meten (§2.3).",
        validators=[
            InputRequired("Vul een aantal maanden in."),
            NumberRange(1, 12, "Kies een termijn van 1 tot en met 12 maanden."),
        ],
    )
    partner_metingen_beoordelen = BooleanField(
        "Metingen van partners eerst beoordelen",
        description="Een meting van een partner telt pas mee als een klantmanager haar accepteert.",
    )
    bewaartermijn_jaren = IntegerField(
        "Bewaartermijn (jaren na de laatste meting)",
        description="Daarna worden de persoonsgegevens van de klant geanonimiseerd.",
        validators=[
            InputRequired("Vul een bewaartermijn in."),
            NumberRange(1, 30, "Kies een bewaartermijn van 1 tot en met 30 jaar."),
        ],
    )


def _code(voorbeeld: str, patroon: str, tekens: str) -> StringField:
    """The code of an own addition (subgroep, klantkenmerk): short, stable, used in files."""
    return StringField(
        "Code",
        description=f"Kort, zonder spaties, bijvoorbeeld ‘{voorbeeld}’.",
        validators=[
            DataRequired("Vul een code in."),
            Length(max=30, message="Gebruik maximaal 30 tekens."),
            Regexp(patroon, message=f"Gebruik kleine letters, cijfers{tekens}."),
        ],
    )


class SubgroepForm(BaseForm):
    code = _code("statushouder", r"^[a-z][a-z0-9_-]*$", ", - of _")
    naam = StringField(
        "Naam",
        validators=[
            DataRequired("Vul een naam in."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
    )
    definitie = TextAreaField(
        "Definitie",
        validators=[Optional(), Length(max=2000, message="Gebruik maximaal 2000 tekens.")],
    )


class KenmerkForm(BaseForm):
    code = _code("rijbewijs", r"^[a-z][a-z0-9_]*$", " of _")
    vraag = StringField(
        "Vraag of kenmerk",
        validators=[
            DataRequired("Vul de vraag in."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
    )
    opties = TextAreaField(
        "Antwoordmogelijkheden",
        description="Eén per regel, bijvoorbeeld Ja en Nee.",
        default="Ja\nNee",
        validators=[DataRequired("Vul de antwoordmogelijkheden in.")],
    )

    def validate_opties(self, field):
        regels = [r.strip() for r in (field.data or "").splitlines() if r.strip()]
        if len(regels) < 2:
            raise ValidationError("Geef minstens twee antwoordmogelijkheden, één per regel.")
        if len(set(regels)) != len(regels) or any(len(r) > 100 for r in regels):
            raise ValidationError(
                "Elke antwoordmogelijkheid komt één keer voor en heeft hoogstens 100 tekens."
            )
        field.data = "\n".join(regels)
