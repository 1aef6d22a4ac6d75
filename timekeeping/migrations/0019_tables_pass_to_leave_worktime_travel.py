"""The tables of leave, working time and travel pass to the apps `leave`, `worktime` and `travel`.

Only Django's picture of the models moves (state operations): the tables keep their names and rows.
The content types are renamed in place, so their ids stay, and with them the permissions granted
to groups and users and every approval's subject (a generic relation by content-type id)."""

from django.db import migrations

MOVED = {'leave': ['leavetype', 'leaveruleset', 'leavebucket', 'leaverequest', 'leavededuction', 'expirynotice', 'localdayoff'], 'worktime': ['worktimeruleset', 'timeentry', 'daycredit', 'monthclosing', 'timecorrection'], 'travel': ['travelruleset', 'trip', 'tripclaim', 'receipt', 'training', 'trainingbudget']}


def rename_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app, names in MOVED.items():
        old, new = ("timekeeping", app) if forward else (app, "timekeeping")
        ContentType.objects.using(schema_editor.connection.alias).filter(app_label=old, model__in=names).update(
            app_label=new)


def rename_back(apps, schema_editor):
    rename_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("timekeeping", "0018_lv_leave_days_may_be_zero"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='daycredit',
                name='claim',
            ),
            migrations.RemoveField(
                model_name='daycredit',
                name='person',
            ),
            migrations.RemoveField(
                model_name='expirynotice',
                name='person',
            ),
            migrations.RemoveField(
                model_name='leavebucket',
                name='person',
            ),
            migrations.RemoveField(
                model_name='leavededuction',
                name='bucket',
            ),
            migrations.RemoveField(
                model_name='leavededuction',
                name='request',
            ),
            migrations.RemoveField(
                model_name='leaverequest',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='leaverequest',
                name='cancellation',
            ),
            migrations.RemoveField(
                model_name='leaverequest',
                name='leave_type',
            ),
            migrations.RemoveField(
                model_name='leaverequest',
                name='person',
            ),
            migrations.RemoveField(
                model_name='leaverequest',
                name='substitute',
            ),
            migrations.RemoveField(
                model_name='training',
                name='absence',
            ),
            migrations.DeleteModel(
                name='LeaveRuleSet',
            ),
            migrations.DeleteModel(
                name='LocalDayOff',
            ),
            migrations.RemoveField(
                model_name='monthclosing',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='monthclosing',
                name='person',
            ),
            migrations.RemoveField(
                model_name='receipt',
                name='claim',
            ),
            migrations.RemoveField(
                model_name='timecorrection',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='timecorrection',
                name='entry',
            ),
            migrations.RemoveField(
                model_name='timecorrection',
                name='person',
            ),
            migrations.RemoveField(
                model_name='timeentry',
                name='person',
            ),
            migrations.RemoveField(
                model_name='training',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='training',
                name='person',
            ),
            migrations.RemoveField(
                model_name='training',
                name='trip',
            ),
            migrations.RemoveField(
                model_name='training',
                name='unit',
            ),
            migrations.RemoveField(
                model_name='trainingbudget',
                name='unit',
            ),
            migrations.DeleteModel(
                name='TravelRuleSet',
            ),
            migrations.RemoveField(
                model_name='trip',
                name='approval',
            ),
            migrations.RemoveField(
                model_name='trip',
                name='car',
            ),
            migrations.RemoveField(
                model_name='trip',
                name='car_booking',
            ),
            migrations.RemoveField(
                model_name='trip',
                name='person',
            ),
            migrations.RemoveField(
                model_name='tripclaim',
                name='trip',
            ),
            migrations.RemoveField(
                model_name='tripclaim',
                name='approval',
            ),
            migrations.DeleteModel(
                name='WorkTimeRuleSet',
            ),
            migrations.DeleteModel(
                name='DayCredit',
            ),
            migrations.DeleteModel(
                name='ExpiryNotice',
            ),
            migrations.DeleteModel(
                name='LeaveBucket',
            ),
            migrations.DeleteModel(
                name='LeaveDeduction',
            ),
            migrations.DeleteModel(
                name='LeaveType',
            ),
            migrations.DeleteModel(
                name='LeaveRequest',
            ),
            migrations.DeleteModel(
                name='MonthClosing',
            ),
            migrations.DeleteModel(
                name='Receipt',
            ),
            migrations.DeleteModel(
                name='TimeCorrection',
            ),
            migrations.DeleteModel(
                name='TimeEntry',
            ),
            migrations.DeleteModel(
                name='Training',
            ),
            migrations.DeleteModel(
                name='TrainingBudget',
            ),
            migrations.DeleteModel(
                name='Trip',
            ),
            migrations.DeleteModel(
                name='TripClaim',
            ),

        ]),
        migrations.RunPython(rename_content_types, rename_back),
    ]
