"""Telling the citizen. Until the outbox of the processing desk exists, the
confirmation e-mail is sent directly after the dossier's transaction commits;
a failing mail server is logged and never loses the dossier."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from dossiers.models import Dossier

logger = logging.getLogger(__name__)


def dossier_received(dossier_pk: int) -> None:
    dossier = Dossier.objects.select_related("procedure", "unit").get(pk=dossier_pk)
    if not dossier.applicant_email:
        return
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    body = render_to_string(
        "dossiers/email/received.txt",
        {"dossier": dossier, "tracking_url": f"{base}{dossier.get_absolute_url()}"},
    )
    try:
        send_mail(
            _("Dossier %(code)s received") % {"code": dossier.code},
            body,
            None,
            [dossier.applicant_email],
        )
    except OSError:
        logger.exception("Confirmation e-mail of dossier %s not sent", dossier.code)
