"""0014: kalibratie and intervisie (issue 15).

- casus: an organisation's casusbank (anonymised cases with an optional reference answer);
- kalibratieronde, rondecasus, rondedeelnemer: a round, its casussen (with the reference
  answer as it was at closing) and its deelnemers;
- kalibratieantwoord: one person's placement of a casus in a round, a casus's reference
  answer, or a dubbelmeting of a klant (a check that no report counts);
- gebruiker.kwaliteit: the right to coordinate kalibratierondes, besides the managers.
"""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)


def up(migrator, db):
    def stub(name):
        meta = type("Meta", (), {"database": db, "table_name": name})
        return type(name.title(), (Model,), {"Meta": meta})

    Organisatie, Gebruiker = stub("organisatie"), stub("gebruiker")
    Klant, Meting = stub("klant"), stub("meting")

    class Casus(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        code = CharField(max_length=40, null=True)
        titel = CharField(max_length=200)
        tekst = TextField()
        bron = CharField(max_length=200, default="")
        referentie_antwoorden = TextField(default="{}")
        referentie_groei_antwoord = CharField(max_length=3, default="")
        referentie_trede = SmallIntegerField(null=True)
        referentie_groeipotentieel = CharField(max_length=1, null=True)
        referentie_toelichting = TextField(default="")
        actief = BooleanField(default=True)
        aangemaakt_door = ForeignKeyField(Gebruiker, null=True, on_delete="SET NULL")
        aangemaakt = DateTimeField()
        versie = IntegerField(default=1)

        class Meta:
            database = db
            table_name = "casus"
            indexes = ((("organisatie", "code"), True),)

    class Kalibratieronde(Model):
        organisatie = ForeignKeyField(Organisatie, on_delete="CASCADE")
        naam = CharField(max_length=200)
        coordinator = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        status = CharField(max_length=20, default="open")
        aangemaakt = DateTimeField()
        gesloten_op = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "kalibratieronde"

    class Rondecasus(Model):
        ronde = ForeignKeyField(Kalibratieronde, on_delete="CASCADE")
        casus = ForeignKeyField(Casus, on_delete="RESTRICT")
        volgorde = SmallIntegerField(default=0)
        referentie_trede = SmallIntegerField(null=True)
        referentie_groeipotentieel = CharField(max_length=1, null=True)
        referentie_toelichting = TextField(default="")

        class Meta:
            database = db
            table_name = "rondecasus"
            indexes = ((("ronde", "casus"), True),)

    class Rondedeelnemer(Model):
        ronde = ForeignKeyField(Kalibratieronde, on_delete="CASCADE")
        gebruiker = ForeignKeyField(Gebruiker, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "rondedeelnemer"
            indexes = ((("ronde", "gebruiker"), True),)

    class Kalibratieantwoord(Model):
        ronde = ForeignKeyField(Kalibratieronde, null=True, on_delete="CASCADE")
        casus = ForeignKeyField(Casus, null=True, on_delete="CASCADE")
        klant = ForeignKeyField(Klant, null=True, on_delete="CASCADE")
        meting = ForeignKeyField(Meting, null=True, on_delete="CASCADE")
        gebruiker = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
        antwoorden = TextField(default="{}")
        groei_antwoord = CharField(max_length=3, default="")
        bevestigde_stappen = TextField(default="[]")
        trede = SmallIntegerField(null=True)
        groeipotentieel = CharField(max_length=1, null=True)
        toelichting = TextField(default="")
        klaar_op = DateTimeField(null=True)
        aangemaakt = DateTimeField()
        versie = IntegerField(default=1)

        class Meta:
            database = db
            table_name = "kalibratieantwoord"
            indexes = (
                (("ronde", "casus", "gebruiker"), False),
                (("klant", "gebruiker"), False),
            )

    db.create_tables([Casus, Kalibratieronde, Rondecasus, Rondedeelnemer, Kalibratieantwoord])
    migrator.migrate(migrator.add_column("gebruiker", "kwaliteit", BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("gebruiker", "kwaliteit"),
        migrator.drop_table("kalibratieantwoord"),
        migrator.drop_table("rondedeelnemer"),
        migrator.drop_table("rondecasus"),
        migrator.drop_table("kalibratieronde"),
        migrator.drop_table("casus"),
    )
