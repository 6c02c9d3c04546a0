"""The notifications organizers may rewrite per edition: their placeholders and default text.

Apps that send one of these pass its placeholders as plain values (strings and numbers, nested in dicts for
`paper.title`), never model instances. An app may register where a preview finds a real recipient.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

COMMON = {
    "name": "the recipient's name",
    "email": "the recipient's address",
    "edition.name": "the edition's full name",
    "edition.short_name": "the edition's short name",
}
PAPER = {"paper.number": "the paper's number", "paper.title": "the paper's title"}


@dataclass(frozen=True)
class Notification:
    key: str
    label: str
    subject: str
    body: str
    placeholders: dict[str, str] = field(default_factory=dict)

    @property
    def allowed(self) -> dict[str, str]:
        return {**COMMON, **self.placeholders}


NOTIFICATIONS: dict[str, Notification] = {
    n.key: n
    for n in [
        Notification(
            "review_missing",
            "Review due soon (to the reviewer)",
            "{{ edition.short_name }}: your review of paper {{ paper.number }} is due {{ deadline }}",
            'Dear {{ name }},\n\nyour review of paper {{ paper.number }}, "{{ paper.title }}", is due on '
            "{{ deadline }}. Please submit it on OpenReview:\n{{ review_url }}\n\nThank you for reviewing.",
            {**PAPER, "deadline": "the review deadline, in the edition's zone", "review_url": "where to review"},
        ),
        Notification(
            "review_late",
            "Late review (to the reviewer)",
            "{{ edition.short_name }}: your review of paper {{ paper.number }} is late",
            "Dear {{ name }},\n\nthe reviews of {{ edition.name }} were due on {{ deadline }}, and we still miss "
            'yours of paper {{ paper.number }}, "{{ paper.title }}" (reminder {{ reminder }}). Please submit it '
            "as soon as you can, or tell us if you cannot:\n{{ review_url }}",
            {
                **PAPER,
                "deadline": "the review deadline, in the edition's zone",
                "review_url": "where to review",
                "reminder": "which late reminder this is (1, 2, ...)",
            },
        ),
        Notification(
            "review_late_organizer",
            "Late review (copy to the organizers, after the second reminder)",
            "{{ edition.short_name }}: review of paper {{ paper.number }} still missing after two reminders",
            "Dear {{ name }},\n\n{{ reviewer.name }} ({{ reviewer.email }}) has not reviewed paper {{ paper.number }}, "
            '"{{ paper.title }}", due on {{ deadline }}, after two reminders. You may want to reassign it.',
            {
                **PAPER,
                "deadline": "the review deadline, in the edition's zone",
                "reviewer.name": "the late reviewer's name",
                "reviewer.email": "the late reviewer's address",
            },
        ),
        Notification(
            "camera_ready",
            "Camera-ready due (to the authors)",
            "{{ edition.short_name }}: camera-ready of paper {{ paper.number }} due {{ deadline }}",
            'Dear {{ name }},\n\nthe camera-ready version of "{{ paper.title }}" is due on {{ deadline }}. '
            "Upload it, confirm the title and authors and accept the terms here:\n{{ upload_url }}",
            {**PAPER, "deadline": "the camera-ready deadline", "upload_url": "the paper's upload page"},
        ),
        Notification(
            "presenter_upload",
            "Poster or slides due (to the presenting authors)",
            "{{ edition.short_name }}: your {{ material }} for paper {{ paper.number }} is due {{ deadline }}",
            'Dear {{ name }},\n\nplease upload the {{ material }} of "{{ paper.title }}" by {{ deadline }}, '
            "so that they appear on the paper's page and the program:\n{{ upload_url }}",
            {
                **PAPER,
                "material": "poster or slides",
                "deadline": "the upload deadline",
                "upload_url": "the paper's upload page",
            },
        ),
        Notification(
            "vote_closing",
            "The vote closes tomorrow (to voters who have not voted)",
            "{{ edition.short_name }}: the {{ vote }} vote closes {{ deadline }}",
            "Dear {{ name }},\n\nthe {{ vote }} vote of {{ edition.name }} closes on {{ deadline }}, and your "
            "secret ballot is still empty. Rank the papers here:\n{{ ballot_url }}",
            {"vote": "which vote", "deadline": "when the vote closes", "ballot_url": "the ballot page"},
        ),
        Notification(
            "mentoring_kickoff",
            "Mentoring kick-off (to matched mentors and mentees)",
            "{{ edition.short_name }}: the mentoring kick-off with {{ partners }}",
            "Dear {{ name }},\n\nthe mentoring session of {{ edition.short_name }} starts on {{ kickoff }}. "
            "You meet {{ partners }} there. Your match and lunch table:\n{{ link }}",
            {
                "partners": "the recipient's mentor or mentees",
                "kickoff": "the kick-off's time and room",
                "link": "the mentoring page",
            },
        ),
        Notification(
            "group_message",
            "Group mail (the start of every message organizers write to a group)",
            "{{ edition.short_name }}: ",
            "Dear {{ name }},\n\n",
        ),
    ]
}

# key -> (workshop) -> (address, placeholder values) of a real recipient, or None when there is nobody yet.
PREVIEW_SOURCES: dict[str, Callable] = {}


def register_preview_source(key: str, source: Callable) -> None:
    PREVIEW_SOURCES[key] = source
