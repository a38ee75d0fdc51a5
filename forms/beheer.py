"""Forms of functioneel beheer: the accounts, teams and gemeenten of the own organisation."""

from peewee import fn
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from forms import BaseForm, keuzes
from forms.fields import email_veld, naam_veld
from models import Gebruiker, Gemeente, OrganisatieGemeente, Team
from models.gebruiker import ORGANISATIE_ROLLEN
from services.kalibratie import KWALITEIT_ROLLEN
from services.passwords import gebruikersgegevens, wachtwoord_bezwaar

EMAIL_BEZET = (
    "Dit e-mailadres kan niet voor dit account worden gebruikt. Kies een ander e-mailadres."
)


class GebruikerForm(BaseForm):
    naam = naam_veld("Naam", "Vul de naam in.")
    email = email_veld("E-mailadres", "naam@gemeente.nl")
    rol = SelectField(
        "Rol",
        choices=keuzes([("", "Kies een rol"), *ORGANISATIE_ROLLEN.items()]),
        validators=[DataRequired("Kies een rol.")],
    )
    team = SelectField(
        "Team", choices=[], validators=[Optional(strip_whitespace=False)], validate_choice=True
    )
    actief = BooleanField("Account is actief", default=True)
    kwaliteit = BooleanField(
        "Mag kalibratierondes coördineren",
        description=(
            "Voor een klantmanager of intaker: beheert de casusbank, opent en sluit "
            "kalibratierondes en ziet de voortgang. Een manager mag dit altijd."
        ),
    )
    wachtwoord = PasswordField(
        "Eenmalig wachtwoord",
        description=(
            "Minstens 12 tekens. Geef het persoonlijk door; bij de eerste keer inloggen kiest "
            "de gebruiker zelf een nieuw wachtwoord."
        ),
        # No Optional(): it would stop the chain before validate_wachtwoord, which asks a
        # new account for its first password.
        validators=[Length(max=200, message="Gebruik maximaal 200 tekens.")],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(
        self, *args, organisatie_naam: str, bestaande: Gebruiker | None = None, teams=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.organisatie_naam = organisatie_naam
        self.bestaande = bestaande
        self.email_bezet: Gebruiker | None = None  # the account that has the address
        if bestaande is not None:
            self.wachtwoord.label.text = "Nieuw eenmalig wachtwoord"
        self.team.choices = keuzes([("", "Geen team")] + [(t.id, t.naam) for t in teams])

    def validate_email(self, field):
        """An address serves one account in the whole installation (it is the login name).
        The answer is the same whichever organisation has it, and names none: the view logs
        the attempt in both audit trails."""
        andere = Gebruiker.by_email(field.data or "")
        if andere is not None and (self.bestaande is None or andere.id != self.bestaande.id):
            self.email_bezet = andere
            raise ValidationError(EMAIL_BEZET)

    def validate_kwaliteit(self, field):
        """The right is for those who place klanten; a manager has it by role, and a beheerder
        does not give it to themselves or to other roles."""
        if field.data and self.rol.data not in KWALITEIT_ROLLEN:
            raise ValidationError(
                "Alleen een klantmanager of intaker kan dit recht krijgen; een manager mag "
                "altijd kalibratierondes coördineren."
            )

    def validate_wachtwoord(self, field):
        if self.bestaande is None and not field.data:
            raise ValidationError("Kies een eenmalig wachtwoord.")
        if field.data:
            gegevens = gebruikersgegevens(
                self.naam.data or "", self.email.data or "", self.organisatie_naam
            )
            bezwaar = wachtwoord_bezwaar(field.data, gegevens)
            if bezwaar:
                raise ValidationError(bezwaar)


class BenchmarkDeelnameForm(BaseForm):
    """Whether the organisation takes part in the benchmark (report 7)."""

    benchmark_deelname = BooleanField(
        "Meedoen aan de benchmark",
        description=(
            "De totalen van uw organisatie (per trede en het aandeel met groeipotentieel, "
            "nooit gegevens van klanten) worden vergeleken met die van andere organisaties "
            "die meedoen. Alleen als uw organisatie meedoet, zien uw managers de benchmark."
        ),
    )


class TeamForm(BaseForm):
    """A team of the organisation: its name is unique there, whatever the capitals."""

    naam = StringField(
        "Naam van het team",
        validators=[
            DataRequired("Vul de naam van het team in."),
            Length(max=100, message="Gebruik maximaal 100 tekens."),
        ],
        render_kw={"autocomplete": "off"},
    )
    afdeling = StringField(
        "Afdeling",
        description="Bijvoorbeeld Werk en Inkomen.",
        validators=[
            Optional(),
            Length(max=100, message="Gebruik maximaal 100 tekens."),
        ],
        render_kw={"autocomplete": "off"},
    )

    def __init__(self, *args, organisatie_id: int, bestaande: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie_id = organisatie_id
        self.bestaande = bestaande

    def validate_naam(self, field):
        query = Team.select().where(
            (Team.organisatie == self.organisatie_id)
            & (fn.LOWER(Team.naam) == (field.data or "").lower())
        )
        if self.bestaande is not None:
            query = query.where(Team.id != self.bestaande.id)
        if query.exists():
            raise ValidationError("Uw organisatie heeft al een team met deze naam.")


class GemeenteForm(BaseForm):
    """A gemeente the organisation serves, by its CBS gemeentecode (an ISD serves several)."""

    cbs_code = StringField(
        "CBS-gemeentecode",
        description="De vier cijfers van het CBS, zoals 0344 voor Utrecht.",
        validators=[
            DataRequired("Vul de CBS-gemeentecode in."),
            # [0-9], not \d: that also takes the digits of other scripts.
            Regexp(
                r"^[0-9]{4}\Z",
                message="Een CBS-gemeentecode bestaat uit precies vier cijfers, zoals 0344.",
            ),
        ],
        render_kw={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"},
    )
    naam = StringField(
        "Naam van de gemeente",
        validators=[
            DataRequired("Vul de naam van de gemeente in."),
            Length(max=100, message="Gebruik maximaal 100 tekens."),
        ],
        render_kw={"autocomplete": "off"},
    )

    def __init__(self, *args, organisatie_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie_id = organisatie_id
        # The Gemeente with the posted code, when one exists: linked, never created again.
        self.bestaande: Gemeente | None = None

    def validate_cbs_code(self, field):
        if field.errors:  # not four digits: nothing to look up
            return
        self.bestaande = Gemeente.get_or_none(Gemeente.cbs_code == field.data)
        if self.bestaande is not None and self.al_gekoppeld(self.bestaande):
            raise ValidationError(
                f"Uw organisatie bedient gemeente ‘{self.bestaande.naam}’ "
                f"({self.bestaande.cbs_code}) al."
            )

    def validate_naam(self, field):
        """A known code keeps its stored name: other organisations may serve that gemeente
        too, so a different name here is a typing error in the code or in the name."""
        if self.cbs_code.errors or self.bestaande is None or not field.data:
            return
        if field.data.casefold() != self.bestaande.naam.casefold():
            raise ValidationError(
                f"Gemeentecode {self.bestaande.cbs_code} hoort bij gemeente "
                f"‘{self.bestaande.naam}’. Vul die naam in, of controleer de code."
            )

    def al_gekoppeld(self, gemeente: Gemeente) -> bool:
        return (
            OrganisatieGemeente.select()
            .where(
                (OrganisatieGemeente.organisatie == self.organisatie_id)
                & (OrganisatieGemeente.gemeente == gemeente)
            )
            .exists()
        )
