"""Short-name search at national scale (issue 13): `name LIKE '%王%'` with one or two characters cannot use
the pg_trgm index (a trigram needs three characters), so searching a surname scanned the whole table. On
PostgreSQL an expression GIN index over the name's characters and character pairs answers those queries
exactly (a 1–2 character string is contained in a name iff it is one of its 1- or 2-grams); see
workers.selectors.worker_search. SQLite keeps LIKE. Raw SQL, so the model state is unaffected.
"""

from django.db import migrations

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION unionsw_name_grams(n text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        grams text[] := '{}';
        len int := char_length(n);
    BEGIN
        FOR i IN 1..len LOOP
            grams := grams || substr(n, i, 1);
            IF i < len THEN
                grams := grams || substr(n, i, 2);
            END IF;
        END LOOP;
        RETURN grams;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS workers_worker_name_grams ON workers_worker USING gin (unionsw_name_grams(name))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS workers_worker_name_grams", "DROP FUNCTION IF EXISTS unionsw_name_grams(text)"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("workers", "0003_list_order_by_org_id")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
