"""0008: the index the reports use to find each klant's latest definitive meting at a
peildatum. It extends meting(klant, status, meetdatum) with definitief_op and id, the rest of
the order, so the lookup reads one index entry per klant instead of sorting; the old index is
a prefix of the new one and goes."""


def up(migrator, db):
    migrator.migrate(
        migrator.add_index(
            "meting", ("klant_id", "status", "meetdatum", "definitief_op", "id"), False
        ),
        migrator.drop_index("meting", "meting_klant_id_status_meetdatum"),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.add_index("meting", ("klant_id", "status", "meetdatum"), False),
        migrator.drop_index("meting", "meting_klant_id_status_meetdatum_definitief_op_id"),
    )
