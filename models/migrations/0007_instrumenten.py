"""0007: instrument catalogue, trajecten (linked to metingen), projects and plaatsingen."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
)


def up(migrator, db):
    def stub(name):
        meta = type("Meta", (), {"database": db, "table_name": name})
        return type(name.title(), (Model,), {"Meta": meta})

    Organisatie, Klant, Gebruiker = stub("organisatie"), stub("klant"), stub("gebruiker")

    class Instrument(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        naam = CharField(max_length=200)
        domein = CharField(max_length=20)
        aanbieder = ForeignKeyField(Organisatie, null=True, on_delete="SET NULL")
        kosten_per_traject = DecimalField(max_digits=10, decimal_places=2, null=True)
        kosten_per_maand = DecimalField(max_digits=10, decimal_places=2, null=True)
        bedoelde_treden = CharField(max_length=20, default="")
        actief = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "instrument"
            indexes = ((("organisatie", "naam"), True),)

    class Traject(Model):
        klant = ForeignKeyField(Klant, on_delete="RESTRICT")
        instrument = ForeignKeyField(Instrument, on_delete="RESTRICT")
        organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")
        begindatum = DateField()
        geplande_einddatum = DateField(null=True)
        einddatum = DateField(null=True)
        status = CharField(max_length=20, default="lopend")
        werkelijke_kosten = DecimalField(max_digits=10, decimal_places=2, null=True)
        aangemaakt = DateTimeField()
        ingevoerd_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        versie = IntegerField(default=1)

        class Meta:
            database = db
            table_name = "traject"

    class Project(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        naam = CharField(max_length=200)
        doel_aantal = IntegerField()
        doel_betaald_pct = IntegerField(default=0)
        doel_onbetaald_pct = IntegerField(default=0)
        doel_opleiding_pct = IntegerField(default=0)
        minimale_duur_maanden = IntegerField(default=6)

        class Meta:
            database = db
            table_name = "project"

    class Plaatsing(Model):
        klant = ForeignKeyField(Klant, on_delete="RESTRICT")
        project = ForeignKeyField(Project, on_delete="RESTRICT")
        aard = CharField(max_length=20)
        sector = CharField(max_length=100, default="")
        opleidingsniveau = CharField(max_length=30, default="")
        begindatum = DateField()
        einddatum = DateField(null=True)
        gerealiseerd_door = ForeignKeyField(Organisatie, on_delete="RESTRICT")
        organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")
        ingevoerd_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        aangemaakt = DateTimeField()

        class Meta:
            database = db
            table_name = "plaatsing"

    db.create_tables([Instrument, Traject, Project, Plaatsing])
    traject = ForeignKeyField(Traject, null=True, on_delete="SET NULL", field=Traject.id)
    migrator.migrate(migrator.add_column("meting", "traject_id", traject))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("meting", "traject_id"),
        migrator.drop_table("plaatsing"),
        migrator.drop_table("project"),
        migrator.drop_table("traject"),
        migrator.drop_table("instrument"),
    )
