from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('news', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='newsitem', name='unique_news_slug'),
        migrations.RenameField(model_name='newsitem', old_name='workshop', new_name='edition'),
    ]
