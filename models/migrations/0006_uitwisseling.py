"""0006: data exchange: API tokens per organisation, the SRG mapping of the codes 0/8/9, and
import batches with the metingen they brought in."""

from peewee import (
    BlobField,
    BooleanField,
    CharField,
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

    class Meting(Model):
        class Meta:
            database = db
            table_name = "meting"

    class ApiToken(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        naam = CharField(max_length=100)
        token_hash = CharField(max_length=64, unique=True)
        begin = CharField(max_length=12)
        aangemaakt = DateTimeField()
        aangemaakt_door = ForeignKeyField(Gebruiker, null=True, on_delete="SET NULL")
        laatst_gebruikt = DateTimeField(null=True)
        ingetrokken = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "api_token"

    class SrgInstelling(Model):
        organisatie = ForeignKeyField(Organisatie, unique=True, on_delete="CASCADE")
        code_0 = CharField(max_length=2, default="99")
        code_8 = CharField(max_length=2, default="99")
        code_9 = CharField(max_length=2, default="99")

        class Meta:
            database = db
            table_name = "srg_instelling"

    class Importbatch(Model):
        sleutel = CharField(max_length=64, unique=True)
        gebruiker = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")
        bestandsnaam = CharField(max_length=200)
        soort = CharField(max_length=4)
        inhoud = BlobField(null=True)
        status = CharField(max_length=10, default="proef")
        rapport = TextField(default="{}")
        alles_of_niets = BooleanField(default=False)
        aantal_klanten = IntegerField(default=0)
        aantal_metingen = IntegerField(default=0)
        aangemaakt = DateTimeField()
        verwerkt_op = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "importbatch"

    class ImportMeting(Model):
        importbatch = ForeignKeyField(Importbatch, on_delete="CASCADE")
        meting = ForeignKeyField(Meting, unique=True, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "import_meting"

    db.create_tables([ApiToken, SrgInstelling, Importbatch, ImportMeting])


def down(migrator, db):
    migrator.migrate(
        migrator.drop_table("import_meting"),
        migrator.drop_table("importbatch"),
        migrator.drop_table("srg_instelling"),
        migrator.drop_table("api_token"),
    )
