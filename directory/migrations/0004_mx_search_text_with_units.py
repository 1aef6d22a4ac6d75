from django.db import migrations


def refill_search_text(apps, schema_editor):
    """The search column now holds the unit's name and code, folded like the names (Bürgerbüro =
    Buergerbuero), and the title, own room, mobile and tasks that 0003 left out: refill it for everyone."""
    from directory.search import person_search_text

    User = apps.get_model("directory", "User")
    batch = []
    for user in User.objects.select_related("org_unit").iterator(chunk_size=500):
        user.search_text = person_search_text(user, user.org_unit)
        batch.append(user)
        if len(batch) == 500:
            User.objects.bulk_update(batch, ["search_text"])
            batch = []
    User.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_address_book_fields_and_photos"),
    ]

    operations = [
        migrations.RunPython(refill_search_text, migrations.RunPython.noop),
    ]
