"""Index for subtree queries on the materialised path (`path LIKE '/1/4/%'`).

The default btree on `path` only serves LIKE-prefix lookups under the C collation; databases created
with a real locale (zh_CN.UTF-8, C.UTF-8 on PostgreSQL 15) need the pattern operator class. The
composite (path, id) index lets the worker list walk orgs in path order with an index-only scan.
Raw SQL, so the model state (and makemigrations) is unaffected; PostgreSQL only where the syntax is.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS orgs_org_path_pattern ON orgs_org (path varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS orgs_org_path_id ON orgs_org (path, id)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS orgs_org_path_pattern", "DROP INDEX IF EXISTS orgs_org_path_id"]
OTHER_FORWARD = ["CREATE INDEX IF NOT EXISTS orgs_org_path_id ON orgs_org (path, id)"]
OTHER_BACKWARD = ["DROP INDEX IF EXISTS orgs_org_path_id"]


def _run(statements_pg, statements_other):
    def run(apps, schema_editor):
        pg = schema_editor.connection.vendor == "postgresql"
        for sql in statements_pg if pg else statements_other:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [migrations.RunPython(_run(PG_FORWARD, OTHER_FORWARD), _run(PG_BACKWARD, OTHER_BACKWARD), elidable=False)]
