"""0002: what the meting conversation needs to resume a concept and to refuse a double post."""

from peewee import CharField, TextField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("meting", "bevestigde_stappen", TextField(default="[]")),
        migrator.add_column(
            "meting", "idempotentie_token", CharField(max_length=64, null=True, unique=True)
        ),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("meting", "idempotentie_token"),
        migrator.drop_column("meting", "bevestigde_stappen"),
    )
