"""The scorecard's indicators (Decision 766/QĐ-TTg's five groups): keys, groups
and labels, shared by the scorecard and its points configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TRANSPARENCY = _("Transparency")
PROGRESS = _("Progress and results")
DIGITISATION = _("Digitisation")
ONLINE = _("Online service provision")
SATISFACTION = _("Satisfaction")

GROUPS = (TRANSPARENCY, PROGRESS, DIGITISATION, ONLINE, SATISFACTION)

# key: (group, label). The order is the scorecard's.
INDICATORS = {
    "procedures_published": (TRANSPARENCY, _("Procedures published")),
    "progress_public": (TRANSPARENCY, _("Dossiers whose progress is public")),
    "complete_information": (
        TRANSPARENCY,
        _("Procedures published with complete information"),
    ),
    "on_time": (PROGRESS, _("Decided on time")),
    "late": (PROGRESS, _("Late dossiers")),
    "overdue": (PROGRESS, _("Open past the appointment date")),
    "processing_days": (PROGRESS, _("Average processing time in working days")),
    "digitised": (DIGITISATION, _("Dossiers stored digitally")),
    "online_procedures": (ONLINE, _("Procedures offered online")),
    "online_dossiers": (ONLINE, _("Dossiers submitted online among all dossiers")),
    "satisfaction": (SATISFACTION, _("Citizens' satisfaction")),
}

CHOICES = [(key, label) for key, (_group, label) in INDICATORS.items()]
