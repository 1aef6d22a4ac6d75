"""The address book's search finds a word anywhere in a person's search text (directory.selectors: one
`LIKE '%word%'` per word). On PostgreSQL a trigram index answers that, where without it every search read the
whole staff table twice (the count and the page), 5,000 rows at the city's size. pg_trgm is one of
PostgreSQL's trusted extensions: the database's owner may create it. SQLite keeps the scan."""

from django.db import migrations

from intranet.core.postgresql import on_postgresql


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_field_verbose_names")]

    operations = [on_postgresql(
        ["CREATE EXTENSION IF NOT EXISTS pg_trgm",
         "CREATE INDEX IF NOT EXISTS user_search_trigrams ON directory_user USING gin (search_text gin_trgm_ops)"],
        ["DROP INDEX IF EXISTS user_search_trigrams"])]
