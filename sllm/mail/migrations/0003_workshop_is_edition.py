from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('mail', '0002_mailoptout_groupmailing_outboxmessage_mailing_and_more'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='mailoptout', name='unique_mail_opt_out'),
        migrations.RenameField(model_name='groupmailing', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='mailoptout', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='outboxmessage', old_name='workshop', new_name='edition'),
    ]
