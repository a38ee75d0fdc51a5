"""0003: partner access per klant, approval of partner metingen, organisation settings,
own subgroepen, and the second login factor."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = "organisatie"

    class Gebruiker(Model):
        class Meta:
            database = db
            table_name = "gebruiker"

    class Klant(Model):
        class Meta:
            database = db
            table_name = "klant"

    class Toegang(Model):
        klant = ForeignKeyField(Klant, on_delete="CASCADE")
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        begindatum = DateField()
        einddatum = DateField(null=True)
        verleend_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        aangemaakt = DateTimeField()
        ingetrokken = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "toegang"
            indexes = ((("organisatie", "klant"), False),)

    class OrganisatieSubgroep(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        code = CharField(max_length=30)
        naam = CharField(max_length=200)
        definitie = TextField(default="")
        actief = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "organisatie_subgroep"
            indexes = ((("organisatie", "code"), True),)

    class Herstelcode(Model):
        gebruiker = ForeignKeyField(Gebruiker, on_delete="CASCADE")
        code_hash = CharField(max_length=64)
        gebruikt = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "herstelcode"

    db.create_tables([Toegang, OrganisatieSubgroep, Herstelcode])
    beoordeeld_door = ForeignKeyField(Gebruiker, null=True, on_delete="SET NULL", field=Gebruiker.id)
    migrator.migrate(
        migrator.add_column("organisatie", "partner_metingen_beoordelen", BooleanField(default=True)),
        migrator.add_column("organisatie", "bewaartermijn_jaren", IntegerField(default=7)),
        migrator.add_column("gebruiker", "totp_secret", CharField(max_length=64, null=True)),
        migrator.add_column("gebruiker", "totp_laatste_stap", IntegerField(null=True)),
        migrator.add_column("meting", "beoordeeld_door_id", beoordeeld_door),
        migrator.add_column("meting", "beoordeeld_op", DateTimeField(null=True)),
        migrator.add_column("meting", "beoordelingsreden", TextField(default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("meting", "beoordelingsreden"),
        migrator.drop_column("meting", "beoordeeld_op"),
        migrator.drop_column("meting", "beoordeeld_door_id"),
        migrator.drop_column("gebruiker", "totp_laatste_stap"),
        migrator.drop_column("gebruiker", "totp_secret"),
        migrator.drop_column("organisatie", "bewaartermijn_jaren"),
        migrator.drop_column("organisatie", "partner_metingen_beoordelen"),
        migrator.drop_table("herstelcode"),
        migrator.drop_table("organisatie_subgroep"),
        migrator.drop_table("toegang"),
    )
