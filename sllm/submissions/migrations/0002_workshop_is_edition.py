from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('submissions', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='paper', name='unique_paper_number'),
        migrations.RenameField(model_name='paper', old_name='workshop', new_name='edition'),
    ]
