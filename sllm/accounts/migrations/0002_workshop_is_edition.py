from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('accounts', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='role', name='unique_role_per_edition'),
        migrations.RenameField(model_name='role', old_name='workshop', new_name='edition'),
    ]
