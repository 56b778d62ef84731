"""The admin form IT staff fill in to provision a site."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from sites.models import UnitKind


class ProvisionSiteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of unit"), choices=UnitKind.choices)
    name = forms.CharField(label=_("Official name"), max_length=255)
    hostname = forms.CharField(
        label=_("Host name"),
        max_length=255,
        help_text=_("For example: xatruongha.caobang.gov.vn"),
    )
    parent = forms.ChoiceField(label=_("Parent unit"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        sites = Site.objects.filter(profile__isnull=False).select_related(
            "profile__unit"
        )
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", "—")] + sorted(
            (
                (site.hostname, f"{site.profile.unit.name} ({site.hostname})")
                for site in sites
                if site.profile.unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT)
            ),
            key=lambda choice: choice[1],
        )
