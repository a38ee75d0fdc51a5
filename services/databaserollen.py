"""PostgreSQL roles: the tables belong to the migration role (the owner, which runs
`db upgrade`, `backup` and `restore`); the application connects as a role of its own that may
read and write rows but cannot change the schema. Only an owner may ALTER, DROP or TRUNCATE a
table or disable its triggers, so the audit log stays append-only even for the application.
No Flask here; commands.py asks and reports.

Every statement is a GRANT or REVOKE, so running it again changes nothing."""

from psycopg2 import sql

# The audit trail: the application may add rows and read them, never change or remove them
# (the triggers of migrations 0001 and 0011 refuse it too; this is the second lock).
ALLEEN_TOEVOEGEN = ("auditregel", "auditregel_klant")
# The migrations' own history: the application reads it (pending migrations, /gezondheid).
ALLEEN_LEZEN = ("schema_migration",)
SCHRIJVEN = "SELECT, INSERT, UPDATE, DELETE"


class RolFout(Exception):
    """A refusal with a Dutch message for the operator; nothing has been changed."""


def stel_in(database, app_rol: str) -> list[str]:
    """Give `app_rol` the rights of the application on the tables of the connected owner,
    now and for the tables later migrations create. Returns what was done, in Dutch."""
    eigenaar = _een(database, "SELECT current_user")
    _controleer(database, eigenaar, app_rol)
    rol, schema = sql.Identifier(app_rol), sql.Identifier(_een(database, "SELECT current_schema()"))
    opdrachten = [
        sql.SQL("REVOKE ALL ON SCHEMA {s} FROM {r}").format(s=schema, r=rol),
        sql.SQL("GRANT USAGE ON SCHEMA {s} TO {r}").format(s=schema, r=rol),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}").format(s=schema, r=rol),
        sql.SQL(f"GRANT {SCHRIJVEN} ON ALL TABLES IN SCHEMA {{s}} TO {{r}}").format(
            s=schema, r=rol
        ),
        *(
            sql.SQL("REVOKE UPDATE, DELETE ON {t} FROM {r}").format(t=sql.Identifier(t), r=rol)
            for t in ALLEEN_TOEVOEGEN
        ),
        *(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {t} FROM {r}").format(
                t=sql.Identifier(t), r=rol
            )
            for t in ALLEEN_LEZEN
            if _bestaat(database, t)
        ),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}").format(s=schema, r=rol),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}").format(
            s=schema, r=rol
        ),
        # The tables and sequences of later migrations (run by the owner) get the same rights.
        sql.SQL(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {{e}} IN SCHEMA {{s}} GRANT {SCHRIJVEN} "
            "ON TABLES TO {r}"
        ).format(e=sql.Identifier(eigenaar), s=schema, r=rol),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {e} IN SCHEMA {s} GRANT USAGE, SELECT "
            "ON SEQUENCES TO {r}"
        ).format(e=sql.Identifier(eigenaar), s=schema, r=rol),
    ]
    with database.atomic():
        cursor = database.cursor()
        for opdracht in opdrachten:
            cursor.execute(opdracht)
    return [
        f"Rol {app_rol}: lezen en schrijven in de tabellen van {eigenaar}, "
        f"het auditlog alleen toevoegen en lezen.",
        f"Tabellen die latere migraties (als {eigenaar}) maken krijgen dezelfde rechten.",
    ]


def _controleer(database, eigenaar: str, app_rol: str) -> None:
    rol = database.execute_sql(
        "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = %s",
        (app_rol,),
    ).fetchone()
    if rol is None:
        raise RolFout(
            f"De rol {app_rol} bestaat niet; er is niets gewijzigd. Maak hem eerst aan "
            f"(als postgres): createuser --pwprompt {app_rol}"
        )
    if app_rol == eigenaar:
        raise RolFout(
            f"{app_rol} is de rol waarmee deze opdracht draait, de eigenaar van de tabellen. "
            "De applicatie moet een eigen rol hebben; er is niets gewijzigd."
        )
    if rol[0] or rol[1]:
        raise RolFout(
            f"De rol {app_rol} is superuser (of omzeilt rechten): dan beschermen rechten "
            "niets. Gebruik een gewone rol; er is niets gewijzigd."
        )
    if _een(database, "SELECT pg_has_role(%s, %s, 'MEMBER')", (app_rol, eigenaar)):
        raise RolFout(
            f"De rol {app_rol} is lid van {eigenaar} en zou dus eigenaar van de tabellen "
            "zijn. Gebruik een rol die dat niet is; er is niets gewijzigd."
        )
    if not _bestaat(database, "auditregel"):
        raise RolFout(
            "De tabellen bestaan nog niet: voer eerst `flask --app app db upgrade` uit "
            "(als de eigenaar). Er is niets gewijzigd."
        )
    anderen = database.execute_sql(
        "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = current_schema() "
        "AND tableowner <> current_user ORDER BY tablename"
    ).fetchall()
    if anderen:
        namen = ", ".join(f"{t} ({e})" for t, e in anderen[:5])
        raise RolFout(
            f"Deze opdracht draait als {eigenaar}, maar niet alle tabellen zijn van die rol: "
            f"{namen}. Draai hem met de DATABASE_URL van de eigenaar van de tabellen (de rol "
            "die `db upgrade` draait). Er is niets gewijzigd."
        )


def _bestaat(database, tabel: str) -> bool:
    return bool(_een(database, "SELECT to_regclass(%s) IS NOT NULL", (tabel,)))


def _een(database, query: str, params=()):
    return database.execute_sql(query, params).fetchone()[0]
