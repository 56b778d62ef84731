"""Create the demo's administrator once and print how to log in.

The password is generated on first run and kept in ``var/`` (never committed), so
each machine gets its own and re-running prints the same one.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo administrator account if missing and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://caobang.localhost:8000/admin/")

    def handle(self, *args: object, **options: object) -> None:
        password_file = settings.VAR_DIR / "demo-admin-password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(
                USERNAME, "admin@caobang.localhost", password
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = "(unchanged; reset: python manage.py changepassword admin)"  # noqa: S105
        self.stdout.write(f"\nLog in at {options['url']}")
        self.stdout.write(f"  user:     {USERNAME}\n  password: {password}\n")
