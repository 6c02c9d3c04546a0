from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person, who logs in by email; roles are held per edition (see Role)."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    openreview_id = models.CharField(
        "OpenReview profile id",
        max_length=100,
        blank=True,
        null=True,
        unique=True,
        help_text="Such as ~Ada_Lovelace1",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self):
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class Role(models.Model):
    """A role a user holds in one edition; organizers may also hold narrower roles."""

    class Kind(models.TextChoices):
        ORGANIZER = "organizer", "Organizer"
        REVIEWER = "reviewer", "Reviewer"
        # Imported from the venue's Area_Chairs group: reads the decisions of the papers it chairs.
        AREA_CHAIR = "area_chair", "Area chair"
        AUTHOR = "author", "Author"
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        MENTORING_CHAIR = "mentoring", "Mentoring chair"
        GRANTS_CHAIR = "grants", "Travel grants chair"
        AWARD_COMMITTEE = "award_committee", "Best student paper committee"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "edition", "kind"], name="unique_role_per_edition")]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} ({self.edition.slug})"


class PendingSignup(models.Model):
    """A sign-up waiting for its address to be confirmed; the account is made only then.

    The mailed link carries this row's id and nonce, signed; the password is kept hashed, here and
    never in a link, so it never shows in a server's access log.
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    openreview_id = models.CharField(max_length=100, blank=True)
    password = models.CharField(max_length=128)
    nonce = models.CharField(max_length=32)
    next_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email
