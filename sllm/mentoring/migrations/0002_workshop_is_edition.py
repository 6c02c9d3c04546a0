from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('mentoring', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='declaredconflict', name='one_conflict_per_pair'),
        migrations.RemoveConstraint(model_name='menteeapplication', name='one_mentee_application'),
        migrations.RemoveConstraint(model_name='mentorapplication', name='one_mentor_application'),
        migrations.RenameField(model_name='declaredconflict', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='matchingrun', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='menteeapplication', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='mentorapplication', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='mentoringsetup', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='pairrule', old_name='workshop', new_name='edition'),
    ]
