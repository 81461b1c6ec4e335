"""Indexes for the worker list at province scale (measured with `make bench`, 100,000 workers).

- (org_id, name, id): the list is ordered by org path, name, id. With it PostgreSQL walks the orgs in
  path order and reads each org's workers already sorted from an index-only scan (Nested Loop +
  Incremental Sort), instead of sorting every row in scope on each request.
- (status, org_id, filing_status, rank): the dashboard's head counts (active workers in scope by
  filing status, rank and org) become index-only scans instead of reading every row.
- pg_trgm GIN on name (PostgreSQL only): `name LIKE '%王秀英%'` (the 姓名 search) uses the index for
  patterns of three or more characters instead of scanning the table.
Raw SQL, so the model state (and makemigrations) is unaffected.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS workers_worker_org_name_id ON workers_worker (org_id, name, id)",
    "CREATE INDEX IF NOT EXISTS workers_worker_headcount ON workers_worker (status, org_id, filing_status, rank)",
]
BACKWARD = ["DROP INDEX IF EXISTS workers_worker_org_name_id", "DROP INDEX IF EXISTS workers_worker_headcount"]
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS workers_worker_name_trgm ON workers_worker USING gin (name gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS workers_worker_name_trgm"]  # the extension may serve others: keep it


def forward(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for sql in FORWARD + (PG_FORWARD if pg else []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for sql in BACKWARD + (PG_BACKWARD if pg else []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("workers", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
