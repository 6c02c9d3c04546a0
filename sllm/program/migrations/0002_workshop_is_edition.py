from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('program', '0001_initial'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='posterboard', name='unique_board_number'),
        migrations.RemoveConstraint(model_name='programrelease', name='unique_release_number'),
        migrations.RemoveConstraint(model_name='room', name='unique_room_name'),
        migrations.RemoveConstraint(model_name='speaker', name='unique_speaker_name'),
        migrations.RenameField(model_name='breakoutoutcome', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='feedback', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='posterboard', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='programrelease', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='recording', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='room', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='session', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='speaker', old_name='workshop', new_name='edition'),
    ]
