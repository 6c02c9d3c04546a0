from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('grants', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='grantapplication', name='unique_grant_application'),
        migrations.RemoveConstraint(model_name='sponsor', name='unique_sponsor_name'),
        migrations.RenameField(model_name='grantallocation', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='grantapplication', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='grantprogram', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='sponsor', old_name='workshop', new_name='edition'),
    ]
