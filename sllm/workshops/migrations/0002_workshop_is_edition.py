from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('accounts', '0001_initial'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('artifacts', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('authtoken', '0004_alter_tokenproxy_options'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('grants', '0001_initial'),
        ('live', '0001_initial'),
        ('mail', '0002_mailoptout_groupmailing_outboxmessage_mailing_and_more'),
        ('mentoring', '0001_initial'),
        ('news', '0001_initial'),
        ('openreview_sync', '0001_initial'),
        ('proceedings', '0001_initial'),
        ('program', '0001_initial'),
        ('reviewing', '0004_reassignment_write'),
        ('sessions', '0001_initial'),
        ('submissions', '0001_initial'),
        ('workshops', '0001_initial'),
    ]

    operations = [
        migrations.RenameModel(old_name='Workshop', new_name='Edition'),
        migrations.RemoveConstraint(model_name='track', name='unique_track_kind'),
        migrations.RenameField(model_name='track', old_name='workshop', new_name='edition'),
    ]
