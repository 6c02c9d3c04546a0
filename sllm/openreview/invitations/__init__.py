"""Invitations: reaching the people an OpenReview sync imported, whose addresses OpenReview keeps.

The platform asks OpenReview to mail each person a personal claim link (`post_message`); the link
lets them set their real address (verified by a mail link) and a password on the account the sync
made, which keeps its id, so their reviews, conflicts and ballots stay theirs.
"""
