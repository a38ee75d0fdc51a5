"""Command-line commands: `flask --app app <command>`."""

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from peewee import SqliteDatabase

from ladder.tekst import tekstfout
from models import Gebruiker, Gemeente, Organisatie, OrganisatieGemeente, Team, db, migrate
from models.gebruiker import ROLLEN
from models.organisatie import SOORTEN
from services import audit
from services.passwords import gebruikersgegevens, wachtwoord_bezwaar

db_cli = AppGroup("db", help="Database: migraties toepassen, rollen instellen.")

DEMO_ORGANISATIE = "Gemeente Voorbeeldstad"
DEMO_GEMEENTE = ("0344", "Utrecht")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations (safe to run again: then it does nothing)."""
    with db.connection_context():
        applied = migrate(
            current_app.config["TOTP_SLEUTEL"],
            wacht=lambda: click.echo("Een andere upgrade is bezig; wachten tot die klaar is…"),
        )
    click.echo(f"Toegepast: {', '.join(applied)}" if applied else "Database is bij.")


@db_cli.command("rollen")
@click.option("--app-rol", required=True, help="De PostgreSQL-rol waarmee de applicatie verbindt.")
def db_rollen(app_rol):
    """Give the application's own PostgreSQL role its rights (run as the owner of the tables)."""
    from services import databaserollen

    if isinstance(db.obj, SqliteDatabase):
        raise click.ClickException(
            "Databaserollen bestaan alleen in PostgreSQL; bij SQLite beschermt de "
            "bestandseigenaar de database. Er is niets gewijzigd."
        )
    try:
        with db.connection_context():
            regels = databaserollen.stel_in(db.obj, app_rol)
    except databaserollen.RolFout as fout:
        raise click.ClickException(str(fout)) from None
    click.echo("\n".join(regels))


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--naam", required=True)
@click.option("--rol", type=click.Choice(list(ROLLEN)), required=True)
@click.option("--organisatie", "organisatie_naam", required=True)
@click.option(
    "--soort",
    type=click.Choice(list(SOORTEN)),
    default="gemeente",
    help="Soort organisatie, bij --nieuwe-organisatie.",
)
@click.option(
    "--nieuwe-organisatie",
    is_flag=True,
    help="Maak de organisatie aan als die nog niet bestaat (anders: een fout).",
)
@click.password_option("--wachtwoord", prompt="Wachtwoord")
def create_user(email, naam, rol, organisatie_naam, soort, nieuwe_organisatie, wachtwoord):
    """Create an account in an existing organisation, or a new one with --nieuwe-organisatie."""
    for waarde in (naam, organisatie_naam):  # the same rule as the forms'
        if melding := tekstfout(waarde):
            raise click.ClickException(melding)
    gegevens = gebruikersgegevens(naam, email, organisatie_naam)
    if bezwaar := wachtwoord_bezwaar(wachtwoord, gegevens):
        raise click.ClickException(bezwaar)
    with db.connection_context(), db.atomic():
        if Gebruiker.by_email(email):
            raise click.ClickException("Er bestaat al een account met dit e-mailadres.")
        organisatie = Organisatie.get_or_none(Organisatie.naam == organisatie_naam)
        if organisatie is None and not nieuwe_organisatie:
            raise click.ClickException(_onbekende_organisatie(organisatie_naam))
        if organisatie is None:
            organisatie = Organisatie.create(naam=organisatie_naam, soort=soort)
        gebruiker = _maak_gebruiker(organisatie, naam, email, rol, wachtwoord)
    click.echo(
        f"Account {gebruiker.email} ({rol}) aangemaakt bij {organisatie.naam}. Het wachtwoord "
        "is eenmalig: bij de eerste keer inloggen kiest de gebruiker zelf een nieuw wachtwoord."
    )


@click.command("reset-password")
@click.option("--email", required=True)
def reset_password(email):
    """Give an account a new random one-time password and print it (ends its sessions)."""
    from models import Sessie
    from services import clock

    with db.connection_context(), db.atomic():
        gebruiker = Gebruiker.by_email(email)
        if gebruiker is None:
            raise click.ClickException("Geen account met dit e-mailadres.")
        wachtwoord = _random_password(gebruiker)
        gebruiker.zet_wachtwoord(wachtwoord)
        gebruiker.wachtwoord_wijzigen = True
        gebruiker.save()
        Sessie.beeindig_alle(gebruiker, clock.now())
        audit.log(
            "wijzigen",
            object_type="gebruiker",
            object_id=gebruiker.id,
            omschrijving="eenmalig wachtwoord gegeven via de opdrachtregel",
            gebruiker=gebruiker,
        )
    click.echo(
        f"Nieuw eenmalig wachtwoord voor {email}: {wachtwoord}\n"
        "Bij de eerste keer inloggen kiest de gebruiker zelf een nieuw wachtwoord."
    )


@click.command("init-demo")
def init_demo():
    """Create the demo organisation with a beheerder and a klantmanager, once."""
    with db.connection_context(), db.atomic():
        if Organisatie.get_or_none(Organisatie.naam == DEMO_ORGANISATIE):
            click.echo(
                f"De demo-organisatie '{DEMO_ORGANISATIE}' bestaat al. Wachtwoord vergeten? "
                "flask --app app reset-password --email beheerder@voorbeeldstad.nl"
            )
            return
        organisatie = Organisatie.create(naam=DEMO_ORGANISATIE, soort="gemeente")
        gemeente, _ = Gemeente.get_or_create(
            cbs_code=DEMO_GEMEENTE[0], defaults={"naam": DEMO_GEMEENTE[1]}
        )
        OrganisatieGemeente.create(organisatie=organisatie, gemeente=gemeente)
        team = Team.create(organisatie=organisatie, naam="Activering", afdeling="Werk en Inkomen")
        accounts = [
            ("Beheerder Voorbeeldstad", "beheerder@voorbeeldstad.nl", "beheerder", None),
            ("Klantmanager Voorbeeldstad", "klantmanager@voorbeeldstad.nl", "klantmanager", team),
        ]
        lines = []
        for naam, email, rol, account_team in accounts:
            wachtwoord = _random_password()
            gebruiker = _maak_gebruiker(organisatie, naam, email, rol, wachtwoord, eenmalig=False)
            gebruiker.team = account_team
            gebruiker.save()
            lines.append(f"  {rol:13} {email}  wachtwoord: {wachtwoord}")
    click.echo(f"Demo-organisatie '{DEMO_ORGANISATIE}' aangemaakt. Inloggen met:")
    click.echo("\n".join(lines))
    click.echo("Bewaar deze wachtwoorden; ze worden niet opnieuw getoond.")


@click.command("demo-data")
@click.option("--aantal", default=80, show_default=True, help="Aantal klanten.")
def demo_data(aantal):
    """Load demo klanten with metingen into the demo organisation (after init-demo)."""
    from models import Klant
    from services.demo import load_demo

    with db.connection_context():
        organisatie = Organisatie.get_or_none(Organisatie.naam == DEMO_ORGANISATIE)
        if organisatie is None:
            raise click.ClickException("Eerst: flask --app app init-demo")
        if Klant.select().where(Klant.organisatie == organisatie).exists():
            click.echo("De demo-organisatie heeft al klanten; er is niets toegevoegd.")
            return
        count = load_demo(organisatie, aantal)
    click.echo(f"{aantal} demo-klanten met {count} metingen geladen in {DEMO_ORGANISATIE}.")


@click.command("bewaartermijn")
@click.option("--uitvoeren", is_flag=True, help="Anonimiseer echt (zonder: alleen tonen).")
@click.option("--ja", is_flag=True, help="Niet om bevestiging vragen.")
@with_appcontext  # the import limits are in the app's configuration
def bewaartermijn(uitvoeren, ja):
    """List, and with --uitvoeren anonymise, klanten past their organisation's retention.

    First it always forgets the import files whose short keeping time has passed: they hold
    BSNs and are due to go anyway, whether or not anyone uploads or opens a page again.
    """
    from services import clock
    from services.privacy import anonimiseer, verlopen_klanten

    with db.connection_context():
        _importbestanden_opruimen(clock.now())
        per_organisatie = {
            o: verlopen_klanten(o, clock.today())
            for o in Organisatie.select().order_by(Organisatie.naam)
        }
        totaal = sum(len(k) for k in per_organisatie.values())
        for organisatie, klanten in per_organisatie.items():
            if klanten:
                ids = ", ".join(str(k.id) for k in klanten)
                click.echo(
                    f"{organisatie.naam} (bewaartermijn {organisatie.bewaartermijn_jaren} "
                    f"jaar): {len(klanten)} klant(en), id {ids}"
                )
        if not totaal:
            click.echo("Geen klanten voorbij de bewaartermijn.")
            return
        if not uitvoeren:
            click.echo(
                f"Proefdraai: {totaal} klant(en) zouden worden geanonimiseerd. "
                "Gebruik --uitvoeren om het te doen."
            )
            return
        if not ja and not click.confirm(f"{totaal} klant(en) nu anonimiseren?"):
            click.echo("Afgebroken; er is niets gewijzigd.")
            return
        now = clock.now()
        with db.atomic():
            for klanten in per_organisatie.values():
                for klant in klanten:
                    anonimiseer(klant, now)
    click.echo(f"{totaal} klant(en) geanonimiseerd. Rapportcijfers blijven gelijk.")


def _importbestanden_opruimen(now) -> None:
    """Forget the expired import files (exchange/batch.py), logged when there were any."""
    from flask import current_app

    from exchange import batch
    from exchange.bestand import Grenzen

    with db.atomic():
        aantal = batch.ruim_op(now, Grenzen.uit(current_app.config))
        if aantal:
            audit.log(
                "wijzigen",
                object_type="import",
                omschrijving=f"{aantal} verlopen importbestand(en) gewist",
            )
    if aantal:
        click.echo(f"{aantal} verlopen importbestand(en) gewist.")


def _onbekende_organisatie(naam: str) -> str:
    # A typo used to create a second gemeente silently; now it names what exists.
    bestaand = [o.naam for o in Organisatie.select().order_by(Organisatie.naam)]
    return (
        f"Organisatie '{naam}' bestaat niet; er is niets aangemaakt. "
        f"Bestaande organisaties: {', '.join(bestaand) if bestaand else '(geen)'}. "
        "Is het een nieuwe organisatie, herhaal de opdracht dan met --nieuwe-organisatie "
        f"en --soort ({'|'.join(SOORTEN)})."
    )


def _maak_gebruiker(organisatie, naam, email, rol, wachtwoord, eenmalig=True) -> Gebruiker:
    """The account with a one-time password (changed at the first login), except for the
    demo accounts of `make run`, whose printed passwords stay usable."""
    gebruiker = Gebruiker(
        naam=naam,
        email=email.strip().lower(),
        rol=rol,
        organisatie=organisatie,
        wachtwoord_wijzigen=eenmalig,
    )
    gebruiker.zet_wachtwoord(wachtwoord)
    gebruiker.save()
    audit.log(
        "aanmaken",
        object_type="gebruiker",
        object_id=gebruiker.id,
        omschrijving="aangemaakt via de opdrachtregel"
        + (", met eenmalig wachtwoord" if eenmalig else " (demo)"),
        gebruiker=gebruiker,
    )
    return gebruiker


def _random_password(gebruiker: Gebruiker | None = None) -> str:
    """Four random words' worth of entropy, readable aloud: e.g. 'kx7m-p2qa-9tfw-h3ze'.
    Held to the same rule as a chosen password; a random one passes it (all but always)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    gegevens = (
        gebruikersgegevens(gebruiker.naam, gebruiker.email, gebruiker.organisatie.naam)
        if gebruiker
        else []
    )
    while True:
        wachtwoord = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
        if wachtwoord_bezwaar(wachtwoord, gegevens) is None:
            return wachtwoord


@click.command("backup")
@click.option("--naar", "doel", required=True, type=click.Path(dir_okay=False, path_type=Path))
def backup(doel):
    """Write a consistent backup of the whole database to a new owner-only file."""
    from services import backup as bk

    try:
        bk.maak(db.obj, doel)
    except bk.BackupFout as fout:
        raise click.ClickException(str(fout)) from None
    click.echo(f"Back-up gemaakt: {doel} (alleen leesbaar voor de eigenaar).")


@click.command("restore")
@click.option("--van", "bron", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--ja", is_flag=True, help="Niet om bevestiging vragen.")
def restore(bron, ja):
    """Replace the whole database by a backup made with `backup` (asks first; refused while
    the application or anything else still uses the database)."""
    from services import backup as bk

    try:
        bk.controleer(db.obj, bron)
        bk.niet_in_gebruik(db.obj)
        if not ja and not click.confirm(
            f"Alle gegevens in de database vervangen door de back-up {bron}? "
            "Stop eerst de dienst (systemctl stop participatieladder)."
        ):
            click.echo("Afgebroken; er is niets gewijzigd.")
            return
        gedaan = bk.herstel(db.obj, bron)
    except bk.BackupFout as fout:
        raise click.ClickException(str(fout)) from None
    click.echo("\n".join([f"Database teruggezet uit {bron}.", *gedaan]))
    click.echo("Voer nu `flask --app app db upgrade` uit.")


def register_commands(app) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user)
    app.cli.add_command(reset_password)
    app.cli.add_command(init_demo)
    app.cli.add_command(demo_data)
    app.cli.add_command(bewaartermijn)
