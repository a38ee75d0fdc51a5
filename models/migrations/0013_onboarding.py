"""0013: onboarding organisations in the application (issue 13).

- gebruiker.wachtwoord_wijzigen: the account's password is a one-time password that a
  beheerder (or the command line) gave it; the user chooses their own at the next login
  before anything else. Existing accounts keep the password they have.
- organisatie.beheerd_door_id: the gemeente (or ISD, sociale dienst) whose beheerder created
  this partner organisation and manages it and its accounts. Empty for the gemeenten
  themselves and for partners made before this version.
"""

from peewee import BooleanField, ForeignKeyField, Model


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = "organisatie"

    # add_column indexes the foreign key itself.
    migrator.migrate(
        migrator.add_column("gebruiker", "wachtwoord_wijzigen", BooleanField(default=False)),
        migrator.add_column(
            "organisatie",
            "beheerd_door_id",
            ForeignKeyField(Organisatie, null=True, on_delete="RESTRICT", field=Organisatie.id),
        ),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("organisatie", "beheerd_door_id"),
        migrator.drop_column("gebruiker", "wachtwoord_wijzigen"),
    )
