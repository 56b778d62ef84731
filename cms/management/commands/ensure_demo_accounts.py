"""Create the demo's editors and moderators of a few sites and print their logins.

One editor (biên tập viên: drafts and submits for moderation) and one moderator
(kiểm duyệt viên: publishes) per site below, members of that site's groups made
at provisioning, so each works on its own site only. Passwords are generated on
first run and kept in ``var/`` (never committed), like the administrator's
(``ensure_demo_admin``); re-running prints the same ones.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from wagtail.models import Site

from sites.demo import hostname_for

PASSWORDS_FILE = "demo-accounts.json"
EDITOR = "editor"
MODERATOR = "moderator"
ROLE_LABELS = {EDITOR: "biên tập viên", MODERATOR: "kiểm duyệt viên"}
ROLE_PREFIXES = {EDITOR: "bientap", MODERATOR: "kiemduyet"}


@dataclass(frozen=True)
class DemoAccount:
    """A demo user: the site (by its demo label), the role and a person's name."""

    label: str
    role: str
    last_name: str
    first_name: str

    @property
    def username(self) -> str:
        return f"{ROLE_PREFIXES[self.role]}.{self.label}"

    @property
    def hostname(self) -> str:
        return hostname_for(self.label)


# Two departments, a district and one of its communes.
ACCOUNTS = [
    DemoAccount("soxaydung", EDITOR, "Nông", "Văn Khải"),
    DemoAccount("soxaydung", MODERATOR, "Hoàng", "Thị Lan"),
    DemoAccount("sotuphap", EDITOR, "Lương", "Thị Hà"),
    DemoAccount("sotuphap", MODERATOR, "Bế", "Văn Thắng"),
    DemoAccount("hoaan", EDITOR, "Đàm", "Văn Tú"),
    DemoAccount("hoaan", MODERATOR, "Lục", "Thị Nga"),
    DemoAccount("danchu", EDITOR, "Triệu", "Văn Minh"),
    DemoAccount("danchu", MODERATOR, "Ma", "Thị Huyền"),
]


def _read_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _write_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(passwords, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)


class Command(BaseCommand):
    help = "Create the demo editors and moderators if missing and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: object, **options: object) -> None:
        port = int(str(options["port"]))
        suffix = "" if port == 80 else f":{port}"
        path = settings.VAR_DIR / PASSWORDS_FILE
        passwords = _read_passwords(path)
        user_model = get_user_model()
        sites = {
            site.hostname: site
            for site in Site.objects.filter(
                hostname__in={account.hostname for account in ACCOUNTS}
            ).select_related("profile__unit")
        }
        self.stdout.write(
            "\nDemo editors and moderators (each on its own site only; editors "
            "submit for moderation, moderators publish):"
        )
        current = None
        for account in ACCOUNTS:
            profile = getattr(sites.get(account.hostname), "profile", None)
            group = getattr(profile, f"{account.role}s_group", None)
            if profile is None or group is None:
                self.stdout.write(f"  (no site {account.hostname}: run seed_demo)")
                continue
            user = user_model.objects.filter(username=account.username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = user_model.objects.create_user(
                    account.username,
                    f"{account.username}@{account.hostname}",
                    password,
                    first_name=account.first_name,
                    last_name=account.last_name,
                )
                passwords[account.username] = password
                _write_passwords(path, passwords)
            user.groups.add(group)
            if account.hostname != current:
                current = account.hostname
                self.stdout.write(
                    f"  {profile.unit.name}  http://{account.hostname}{suffix}/admin/"
                )
            password = passwords.get(
                account.username,
                f"(unchanged; reset: manage.py changepassword {account.username})",
            )
            self.stdout.write(
                f"    {ROLE_LABELS[account.role]:<16} {account.username:<22} {password}"
            )
