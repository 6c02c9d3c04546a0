from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('reviewing', '0004_reassignment_write'),
        ('workshops', '0002_workshop_is_edition'),
    ]

    operations = [
        migrations.RenameModel(old_name='Election', new_name='Vote'),
        migrations.RenameModel(old_name='ElectionEvent', new_name='VoteEvent'),
        migrations.RemoveConstraint(model_name='ballot', name='unique_ballot_key'),
        migrations.RemoveConstraint(model_name='ballot', name='unique_ballot_receipt'),
        migrations.RemoveConstraint(model_name='candidate', name='unique_candidate'),
        migrations.RemoveConstraint(model_name='vote', name='unique_election_kind'),
        migrations.RemoveConstraint(model_name='voter', name='unique_voter'),
        migrations.RenameField(model_name='awardnomination', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='ballot', old_name='election', new_name='vote'),
        migrations.RenameField(model_name='candidate', old_name='election', new_name='vote'),
        migrations.RenameField(model_name='vote', old_name='workshop', new_name='edition'),
        migrations.RenameField(model_name='voteevent', old_name='election', new_name='vote'),
        migrations.RenameField(model_name='voter', old_name='election', new_name='vote'),
    ]
