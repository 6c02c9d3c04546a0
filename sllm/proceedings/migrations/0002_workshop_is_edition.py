from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('proceedings', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RenameField(model_name='build', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='volumesettings', old_name='workshop', new_name='edition'),
    ]
