"""The instrument catalogue, trajecten, projects and plaatsingen."""

from decimal import Decimal

from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from forms import BaseForm, keuzes
from forms.fields import BedragField, DatumField
from ladder.verantwoording import AARDEN, OPLEIDINGSNIVEAUS
from models.instrument import DOMEINEN
from reports.effect import EIGEN_AANBOD

BEDRAG = [
    Optional(),
    NumberRange(Decimal("0"), Decimal("9999999"), "Vul een bedrag van 0 of meer in."),
]


class InstrumentForm(BaseForm):
    naam = StringField(
        "Naam",
        validators=[
            DataRequired("Vul de naam in."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
    )
    domein = RadioField(
        "Domein", choices=keuzes(DOMEINEN.items()), validators=[DataRequired("Kies het domein.")]
    )
    aanbieder = SelectField("Aanbieder", choices=[], validators=[Optional(strip_whitespace=False)])
    kosten_per_traject = BedragField(
        "Kosten per traject (€)",
        places=2,
        validators=BEDRAG,
        description="Bijvoorbeeld 2500,00. Laat leeg als u per maand rekent.",
    )
    kosten_per_maand = BedragField("Kosten per maand (€)", places=2, validators=BEDRAG)
    bedoelde_treden = StringField(
        "Bedoeld voor treden",
        description="Bijvoorbeeld 3,4. Alleen een suggestie; de klantmanager beslist.",
        validators=[Optional(), Length(max=20)],
    )

    def __init__(self, *args, aanbieders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.aanbieder.choices = keuzes(
            [("", "Eigen organisatie")] + [(o.id, o.naam) for o in aanbieders]
        )

    def validate_bedoelde_treden(self, field):
        delen = [d.strip() for d in (field.data or "").split(",") if d.strip()]
        if any(d not in {"1", "2", "3", "4", "5", "6"} for d in delen):
            raise ValidationError("Gebruik treden van 1 tot en met 6, gescheiden door komma's.")
        field.data = ",".join(sorted(set(delen)))


class TrajectStartForm(BaseForm):
    instrument = SelectField(
        "Instrument", choices=[], validators=[DataRequired("Kies het instrument.")]
    )
    begindatum = DatumField("Begindatum", naam="de begindatum")
    geplande_einddatum = DatumField(
        "Geplande einddatum", naam="de geplande einddatum", verplicht=False
    )

    def __init__(self, *args, instrumenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument.choices = keuzes(
            [("", "Kies een instrument")] + [(i.id, i.naam) for i in instrumenten]
        )

    def validate_geplande_einddatum(self, field):
        if field.data and self.begindatum.data and field.data < self.begindatum.data:
            raise ValidationError("De geplande einddatum mag niet voor de begindatum liggen.")


class TrajectEindeForm(BaseForm):
    status = RadioField(
        "Hoe is het traject geëindigd?",
        choices=keuzes(
            [("afgerond", "Afgerond"), ("uitgevallen", "Uitgevallen (voortijdig gestopt)")]
        ),
        validators=[DataRequired("Kies hoe het traject is geëindigd.")],
    )
    einddatum = DatumField("Einddatum", naam="de einddatum")
    werkelijke_kosten = BedragField(
        "Werkelijke kosten (€)",
        places=2,
        validators=BEDRAG,
        description="Leeg: de kosten uit de catalogus worden gebruikt.",
    )

    def __init__(self, *args, begindatum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.begindatum = begindatum

    def validate_einddatum(self, field):
        if field.data and self.begindatum and field.data < self.begindatum:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")


class ProjectForm(BaseForm):
    naam = StringField(
        "Naam van het project", validators=[DataRequired("Vul de naam in."), Length(max=200)]
    )
    doel_aantal = IntegerField(
        "Doel: aantal plaatsingen",
        validators=[
            InputRequired("Vul het doel in."),
            NumberRange(1, 1_000_000, "Vul een aantal van 1 of meer in."),
        ],
    )
    doel_betaald_pct = IntegerField(
        "Doel betaald werk (%)",
        default=55,
        validators=[
            InputRequired("Vul een percentage in."),
            NumberRange(0, 100, "Vul een percentage van 0 tot en met 100 in."),
        ],
    )
    doel_onbetaald_pct = IntegerField(
        "Doel onbetaald werk (%)",
        default=30,
        validators=[
            InputRequired("Vul een percentage in."),
            NumberRange(0, 100, "Vul een percentage van 0 tot en met 100 in."),
        ],
    )
    doel_opleiding_pct = IntegerField(
        "Doel opleidingstraject (%)",
        default=15,
        validators=[
            InputRequired("Vul een percentage in."),
            NumberRange(0, 100, "Vul een percentage van 0 tot en met 100 in."),
        ],
    )
    minimale_duur_maanden = IntegerField(
        "Minimale duur van een plaatsing (maanden)",
        default=6,
        validators=[
            InputRequired("Vul een aantal maanden in."),
            NumberRange(1, 60, "Vul 1 tot en met 60 maanden in."),
        ],
    )

    def validate_doel_opleiding_pct(self, field):
        totaal = sum(f.data or 0 for f in (self.doel_betaald_pct, self.doel_onbetaald_pct, field))
        if totaal != 100:
            raise ValidationError(
                f"De drie doelpercentages tellen op tot {totaal}; dat moet 100 zijn."
            )


class PlaatsingForm(BaseForm):
    project = SelectField("Project", choices=[], validators=[DataRequired("Kies het project.")])
    aard = RadioField(
        "Aard van de plaatsing",
        choices=keuzes(AARDEN.items()),
        validators=[DataRequired("Kies de aard van de plaatsing.")],
    )
    sector = StringField(
        "Sector",
        description="Bijvoorbeeld zorg, techniek, horeca.",
        validators=[DataRequired("Vul de sector in."), Length(max=100)],
    )
    opleidingsniveau = RadioField(
        "Opleidingsniveau van de klant",
        choices=keuzes(OPLEIDINGSNIVEAUS.items()),
        validators=[DataRequired("Kies het opleidingsniveau.")],
    )
    begindatum = DatumField("Begindatum", naam="de begindatum")
    einddatum = DatumField(
        "Einddatum",
        naam="de einddatum",
        verplicht=False,
        description="Leeg laten zolang de plaatsing loopt.",
    )
    gerealiseerd_door = SelectField(
        "Gerealiseerd door",
        choices=[],
        validators=[DataRequired("Kies de organisatie die de plaatsing realiseerde.")],
    )

    def __init__(self, *args, projecten=(), organisaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.project.choices = keuzes(
            [("", "Kies een project")] + [(p.id, p.naam) for p in projecten]
        )
        self.gerealiseerd_door.choices = keuzes(
            [("", "Kies een organisatie")] + [(o.id, o.naam) for o in organisaties]
        )

    def validate_einddatum(self, field):
        if field.data and self.begindatum.data and field.data < self.begindatum.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")


class EffectForm(BaseForm):
    """The filter of the effect report: GET parameters, so the report can be bookmarked."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    jaar = IntegerField(
        "Trajecten beëindigd in",
        validators=[
            InputRequired("Vul een jaar in, bijvoorbeeld 2026."),
            NumberRange(2000, 2100, "Vul een jaar in tussen 2000 en 2100."),
        ],
    )
    domein = SelectField(
        "Domein",
        choices=keuzes([("", "Alle domeinen"), *DOMEINEN.items()]),
        validators=[Optional(strip_whitespace=False)],
    )
    aanbieder = SelectField("Aanbieder", choices=[], validators=[Optional(strip_whitespace=False)])
    maanden_na = IntegerField(
        "Trede gemeten … maanden na het einde",
        default=0,
        validators=[
            Optional(),
            NumberRange(0, 24, "Vul een aantal maanden in van 0 tot en met 24."),
        ],
    )

    def __init__(self, *args, aanbieders=(), **kwargs):
        """`aanbieders`: the organisations that deliver instruments of the catalogue."""
        super().__init__(*args, **kwargs)
        self.aanbieder.choices = keuzes(
            [("", "Alle aanbieders"), (EIGEN_AANBOD, "Eigen organisatie")]
            + [(o.id, o.naam) for o in aanbieders]
        )
