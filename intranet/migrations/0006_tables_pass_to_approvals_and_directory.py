"""The tables of the approval workflow and the outbox pass to the app `approvals`, the feed tokens to `directory`.

Only Django's picture of the models moves (state operations): the tables keep their names and rows.
The content types are renamed in place, so their ids and the permissions granted on them stay."""

from django.db import migrations

MOVED = {'approvals': ['approvalrequest', 'approvalstep', 'approvalevent', 'generalrequest', 'outboxmail', 'digestitem'], 'directory': ['feedtoken']}


def rename_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app, names in MOVED.items():
        old, new = ("intranet", app) if forward else (app, "intranet")
        ContentType.objects.using(schema_editor.connection.alias).filter(app_label=old, model__in=names).update(
            app_label=new)


def rename_back(apps, schema_editor):
    rename_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intranet", "0005_outbox_calendar_attachment"),
        ("approvals", "0001_initial"),
        ("directory", "0007_feed_token_from_intranet"),
        ('leave', '0002_approvals_app_owns_the_requests'),
        ('reservations', '0007_approvals_app_owns_the_requests'),
        ('travel', '0002_approvals_app_owns_the_requests'),
        ('worktime', '0002_approvals_app_owns_the_requests'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='approvalevent',
                name='actor',
            ),
            migrations.RemoveField(
                model_name='approvalevent',
                name='request',
            ),
            migrations.RemoveField(
                model_name='approvalevent',
                name='step',
            ),
            migrations.RemoveField(
                model_name='approvalrequest',
                name='requester',
            ),
            migrations.RemoveField(
                model_name='approvalrequest',
                name='subject_type',
            ),
            migrations.RemoveField(
                model_name='generalrequest',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='approvalstep',
                name='request',
            ),
            migrations.RemoveField(
                model_name='approvalstep',
                name='approver',
            ),
            migrations.RemoveField(
                model_name='approvalstep',
                name='substitute_for',
            ),
            migrations.RemoveField(
                model_name='digestitem',
                name='recipient',
            ),
            migrations.RemoveField(
                model_name='feedtoken',
                name='user',
            ),
            migrations.RemoveField(
                model_name='generalrequest',
                name='requester',
            ),
            migrations.DeleteModel(
                name='OutboxMail',
            ),
            migrations.DeleteModel(
                name='ApprovalEvent',
            ),
            migrations.DeleteModel(
                name='ApprovalRequest',
            ),
            migrations.DeleteModel(
                name='ApprovalStep',
            ),
            migrations.DeleteModel(
                name='DigestItem',
            ),
            migrations.DeleteModel(
                name='FeedToken',
            ),
            migrations.DeleteModel(
                name='GeneralRequest',
            ),

        ]),
        migrations.RunPython(rename_content_types, rename_back),
    ]
