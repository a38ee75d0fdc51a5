"""0012: login security of issue 14.

- failed logins by e-mail address and client address (table inlogpoging), for throttling
  that no one can use to keep another user locked out;
- authenticator secrets encrypted at rest: the column grows to hold a Fernet token, and the
  secrets stored in clear so far are encrypted with the installation's TOTP_SLEUTEL;
- the new secret during enrolment kept on the server, and the one-time enrolment code a
  beheerder's reset of the second factor issues.

Recovery codes need nothing: the old ones are looked up by the same hash and keep working
until used; new ones are longer."""

from cryptography.fernet import Fernet
from peewee import CharField, DateTimeField, Model, SqliteDatabase


def up(migrator, db):
    class Inlogpoging(Model):
        tijdstip = DateTimeField(index=True)
        sleutel = CharField(max_length=64)
        adres = CharField(max_length=100)

        class Meta:
            database = db
            table_name = "inlogpoging"
            indexes = ((("sleutel", "adres", "tijdstip"), False), (("adres", "tijdstip"), False))

    db.create_tables([Inlogpoging])
    if not isinstance(db, SqliteDatabase):  # SQLite does not limit the length of a VARCHAR
        db.execute_sql("ALTER TABLE gebruiker ALTER COLUMN totp_secret TYPE VARCHAR(255)")
    migrator.migrate(
        migrator.add_column("gebruiker", "totp_nieuw", CharField(max_length=255, null=True)),
        migrator.add_column("gebruiker", "totp_nieuw_poging", CharField(max_length=64, null=True)),
        migrator.add_column("gebruiker", "inschrijfcode_hash", CharField(max_length=64, null=True)),
        migrator.add_column("gebruiker", "inschrijfcode_verloopt", DateTimeField(null=True)),
    )
    _herschrijf_geheimen(migrator, db, lambda fernet, geheim: fernet.encrypt(geheim.encode()))


def down(migrator, db):
    _herschrijf_geheimen(migrator, db, lambda fernet, token: fernet.decrypt(token.encode()))
    migrator.migrate(
        migrator.drop_column("gebruiker", "inschrijfcode_verloopt"),
        migrator.drop_column("gebruiker", "inschrijfcode_hash"),
        migrator.drop_column("gebruiker", "totp_nieuw_poging"),
        migrator.drop_column("gebruiker", "totp_nieuw"),
        migrator.drop_table("inlogpoging"),
    )


def _herschrijf_geheimen(migrator, db, omzetten):
    """Encrypt (or, going down, decrypt) every stored authenticator secret."""
    rijen = db.execute_sql(
        "SELECT id, totp_secret FROM gebruiker WHERE totp_secret IS NOT NULL"
    ).fetchall()
    if not rijen:
        return
    sleutel = getattr(migrator, "totp_sleutel", None)
    if not sleutel:
        # Never leave secrets in clear or make them unreadable: stop, and say what is needed.
        raise RuntimeError(
            "Migratie 0012 heeft de TOTP_SLEUTEL nodig om de opgeslagen sleutels van de "
            "authenticator-apps te versleutelen: voer `flask --app app db upgrade` uit."
        )
    fernet = Fernet(sleutel)
    for gebruiker_id, waarde in rijen:
        db.execute_sql(
            f"UPDATE gebruiker SET totp_secret = {db.param} WHERE id = {db.param}",
            (omzetten(fernet, waarde).decode(), gebruiker_id),
        )
