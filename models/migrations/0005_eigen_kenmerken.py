"""0005: klantkenmerken a gemeente adds to the nine of the data set, and their answers."""

from peewee import BooleanField, CharField, ForeignKeyField, Model, TextField


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = "organisatie"

    class Meting(Model):
        class Meta:
            database = db
            table_name = "meting"

    class OrganisatieKenmerk(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        code = CharField(max_length=30)
        vraag = CharField(max_length=200)
        opties = TextField(default="Ja\nNee")
        actief = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "organisatie_kenmerk"
            indexes = ((("organisatie", "code"), True),)

    class MetingKenmerk(Model):
        meting = ForeignKeyField(Meting, on_delete="CASCADE")
        code = CharField(max_length=30)
        waarde = CharField(max_length=200, default="")

        class Meta:
            database = db
            table_name = "meting_kenmerk"
            indexes = ((("meting", "code"), True),)

    db.create_tables([OrganisatieKenmerk, MetingKenmerk])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("meting_kenmerk"), migrator.drop_table("organisatie_kenmerk"))
