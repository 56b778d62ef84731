"""System checks that keep the project's own rules (run by ``manage.py check``).

- Every page type of this project extends ``cms.core.models.BasePage`` (one place
  for what every page shares: breadcrumbs, theme rendering).
- At most one default site: it is the provincial portal (``cms.core.portal``),
  and Wagtail picks no site reliably when two claim the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections
from wagtail.models import Page, Site

from cms.core.models import BasePage


def _is_first_party(app_config: AppConfig) -> bool:
    base = Path(settings.BASE_DIR).resolve()
    path = Path(app_config.path).resolve()
    return path.is_relative_to(base) and ".venv" not in path.parts


@register()
def check_pages_extend_base_page(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for app_config in app_configs or apps.get_app_configs():
        if not _is_first_party(app_config):
            continue
        for model in app_config.get_models():
            if issubclass(model, Page) and not issubclass(model, BasePage):
                errors.append(
                    Error(
                        f"{model._meta.label} is a page type that does not extend "
                        "cms.core.models.BasePage.",
                        hint="Derive it from BasePage.",
                        obj=model,
                        id="cms.E001",
                    )
                )
    return errors


@register(Tags.database)
def check_one_default_site(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    # Database checks run only when asked (``check --database default``, and the
    # test runner), never at import or on a database that is not migrated yet.
    if not databases:
        return []
    # ``migrate`` runs the database checks before it creates any table.
    if Site._meta.db_table not in connections[databases[0]].introspection.table_names():
        return []
    defaults = list(
        Site.objects.using(databases[0])
        .filter(is_default_site=True)
        .values_list("hostname", flat=True)
    )
    if len(defaults) > 1:
        return [
            Error(
                f"{len(defaults)} default sites ({', '.join(defaults)}): the "
                "provincial portal must be the only one.",
                hint="Untick 'is default site' on all but the portal in "
                "Settings > Sites.",
                id="cms.E002",
            )
        ]
    return []
