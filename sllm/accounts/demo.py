"""Demo people: one login per role, printed by `make demo`."""

from .models import Role, User

DEMO_PASSWORD = "sllm-demo-2025"
DEMO_LOGINS = [
    ("organizer", "organizer@sllm.example.org"),
    ("author", "author@sllm.example.org"),
    ("reviewer", "reviewer@sllm.example.org"),
    ("mentor", "mentor@sllm.example.org"),
    ("mentee", "mentee@sllm.example.org"),
]
NAMES = {
    "organizer": ("Yani Ioannou", "University of Calgary"),
    "author": ("Ada Lovelace", "University of Oxford"),
    "reviewer": ("Grace Hopper", "Yale University"),
    "mentor": ("Alan Turing", "University of Manchester"),
    "mentee": ("Katherine Johnson", "West Virginia State University"),
}


def demo_user(email: str, full_name: str, affiliation: str = "", password: str = DEMO_PASSWORD, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "affiliation": affiliation, **extra}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def load(*, edition, stdout) -> None:
    for role, email in DEMO_LOGINS:
        name, affiliation = NAMES[role]
        user = demo_user(
            email, name, affiliation, is_staff=(role == "organizer"), openreview_id="~" + name.replace(" ", "_") + "1"
        )
        Role.objects.get_or_create(user=user, edition=edition, kind=role)
        if role == "organizer":
            for extra in (Role.Kind.MENTORING_CHAIR, Role.Kind.GRANTS_CHAIR):
                Role.objects.get_or_create(user=user, edition=edition, kind=extra)
    stdout.write("  demo logins")
