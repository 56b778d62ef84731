"""Factories for the catalogue: sites with catalogues, agencies, procedures."""

from __future__ import annotations

import factory
import wagtail_factories
from wagtail.models import Site

from procedure_pages.models import (
    CATALOGUE_SLUG,
    Agency,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
    Tier,
)
from sites.models import AdministrativeUnit, SiteProfile, UnitKind
from sites.provisioning import ensure_site


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")

    class Meta:
        model = Sector
        django_get_or_create = ("name",)


class UnitFactory(factory.django.DjangoModelFactory):
    kind = UnitKind.PROVINCE
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")

    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)


class AgencyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    tier = Tier.PROVINCIAL

    class Meta:
        model = Agency
        django_get_or_create = ("name",)


def site_with_catalogue(
    *,
    hostname: str,
    name: str,
    kind: str = UnitKind.PROVINCE,
    parent: AdministrativeUnit | None = None,
    is_default: bool = False,
) -> tuple[Site, ProcedureIndexPage]:
    """A site with a profile (unit) and a live catalogue index child of its home."""
    site = ensure_site(
        hostname=hostname,
        site_name=name,
        slug=hostname.split(".")[0],
        is_default=is_default,
    ).site
    if is_default:  # the portal takes over from Wagtail's placeholder default
        Site.objects.exclude(pk=site.pk).update(is_default_site=False)
        Site.objects.filter(pk=site.pk).update(is_default_site=True)
    unit = UnitFactory(kind=kind, name=name, code=hostname.split(".")[0], parent=parent)
    SiteProfile.objects.get_or_create(site=site, defaults={"unit": unit})
    index = ProcedureIndexPage.objects.child_of(site.root_page).first()
    if index is None:
        index = site.root_page.add_child(
            instance=ProcedureIndexPage(
                title="Thủ tục hành chính", slug=CATALOGUE_SLUG, show_in_menus=True
            )
        )
    return site, index


class ProcedurePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thủ tục số {n}")
    code = factory.Sequence(lambda n: f"9.{n:06d}")
    slug = factory.LazyAttribute(lambda o: o.code.replace(".", "-"))
    sector = factory.SubFactory(SectorFactory)
    lead_agency = factory.SubFactory(AgencyFactory)

    class Meta:
        model = ProcedurePage
