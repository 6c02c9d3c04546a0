from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('openreview_sync', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RenameField(model_name='syncrun', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='venuelink', old_name='workshop', new_name='edition'),
    ]
