"""The address book's search finds a word anywhere in a person's search text (directory.selectors: one
`LIKE '%word%'` per word). On PostgreSQL a trigram index answers that, where without it every search read the
whole staff table twice (the count and the page), 5,000 rows at the city's size. pg_trgm is one of
PostgreSQL's trusted extensions: the database's owner may create it. SQLite keeps the scan."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS user_search_trigrams ON directory_user USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS user_search_trigrams"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_field_verbose_names")]

    operations = [migrations.RunPython(forward, backward)]
