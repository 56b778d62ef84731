"""Who may see and do what at the one-stop desk: permissions as data.

Each unit has a desk (``UnitDesk``): a staff group, whose members process the
unit's dossiers, and a leaders' group, whose members also approve and reject.
Provisioning creates both with the unit's site (the ``after_provision_site``
hook, registered in ``wagtail_hooks``); units provisioned before the desk
existed get theirs from a data migration, or on first use.

A user sees the dossiers received by their units and those on which one of
their units was asked for an opinion (co-processing: the applicant's dossier and
the question, never the lead unit's notes); IT staff (``sites.permissions``)
see every dossier and act on none. Every route of the desk (inbox, dossier,
files, export, slips, API) asks this module, so a dossier of another unit is
simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.models import Site

from dossiers.enums import Actor
from dossiers.models import Dossier, OpinionRequest, UnitDesk
from sites.models import AdministrativeUnit
from sites.permissions import PermissionCache, can_provision_sites

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

STAFF_GROUP_PREFIX = "Cán bộ một cửa"
LEADERS_GROUP_PREFIX = "Lãnh đạo"
# Members reach the admin; the desk's own checks do the rest.
GROUP_PERMISSIONS = (("wagtailadmin", "access_admin"),)
CACHE_ATTRIBUTE = "_dossier_desk_units"


def group_names(
    unit: AdministrativeUnit, hostname: str | None = None
) -> tuple[str, str]:
    """The desk groups' names, after the unit's site like its editors' group."""
    label = hostname or unit.code
    return (
        f"{STAFF_GROUP_PREFIX} – {label}"[:150],
        f"{LEADERS_GROUP_PREFIX} – {label}"[:150],
    )


def ensure_desk(
    unit: AdministrativeUnit,
    hostname: str | None = None,
    cache: PermissionCache | None = None,
) -> UnitDesk:
    """The unit's desk, created with its two groups when missing (idempotent)."""
    existing = UnitDesk.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    if hostname is None:
        site = Site.objects.filter(profile__unit=unit).only("hostname").first()
        hostname = site.hostname if site is not None else None
    staff_name, leaders_name = group_names(unit, hostname)
    cache = cache or PermissionCache()
    permissions = [cache.permission(*pair) for pair in GROUP_PERMISSIONS]
    with transaction.atomic():
        staff, _ = Group.objects.get_or_create(name=staff_name)
        leaders, _ = Group.objects.get_or_create(name=leaders_name)
        for group in (staff, leaders):
            group.permissions.add(*permissions)
        desk, _ = UnitDesk.objects.get_or_create(
            unit=unit, defaults={"staff_group": staff, "leaders_group": leaders}
        )
    return desk


def provisioned(site: Site, unit: AdministrativeUnit, **kwargs: Any) -> None:
    """The ``after_provision_site`` hook: a new unit's site gets its desk."""
    ensure_desk(unit, site.hostname)


# --- who is who ------------------------------------------------------------------


@dataclass(frozen=True)
class DeskUnits:
    """The units whose desk a user belongs to, as staff and as leader."""

    staff: frozenset[int]
    leaders: frozenset[int]

    @property
    def all(self) -> frozenset[int]:
        return self.staff | self.leaders


NOBODY = DeskUnits(frozenset(), frozenset())


def sees_everything(user: User) -> bool:
    """IT staff: superusers and the system administrators' group."""
    return can_provision_sites(user)


def desk_units(user: User) -> DeskUnits:
    """The user's desk units (looked up once per user object, i.e. per request)."""
    if not (user.is_authenticated and user.is_active):
        return NOBODY
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    group_ids = list(user.groups.values_list("pk", flat=True))  # type: ignore[attr-defined]
    staff: set[int] = set()
    leaders: set[int] = set()
    if group_ids:
        rows = UnitDesk.objects.filter(
            Q(staff_group__in=group_ids) | Q(leaders_group__in=group_ids)
        ).values_list("unit_id", "staff_group_id", "leaders_group_id")
        for unit_id, staff_group, leaders_group in rows:
            if staff_group in group_ids:
                staff.add(unit_id)
            if leaders_group in group_ids:
                leaders.add(unit_id)
    units = DeskUnits(frozenset(staff), frozenset(leaders))
    setattr(user, CACHE_ATTRIBUTE, units)
    return units


def is_desk_user(user: User) -> bool:
    return sees_everything(user) or bool(desk_units(user).all)


def visible_dossiers(
    user: User, queryset: QuerySet[Dossier] | None = None
) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see: received by their units, or on which one
    of their units was asked for an opinion; every one for IT staff."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    units = desk_units(user).all
    if not units:
        return queryset.none()
    asked = OpinionRequest.objects.filter(unit__in=units).values("dossier_id")
    return queryset.filter(Q(unit__in=units) | Q(pk__in=asked))


def received_dossiers(user: User) -> QuerySet[Dossier]:
    """The dossiers received by the user's units (every one for IT staff): the
    desk's main list, one index range per unit."""
    if sees_everything(user):
        return Dossier.objects.all()
    units = desk_units(user).all
    return Dossier.objects.filter(unit__in=units) if units else Dossier.objects.none()


def opinion_dossiers(user: User) -> QuerySet[Dossier]:
    """The dossiers on which one of the user's units was asked for an opinion."""
    units = desk_units(user).all
    if not units:
        return Dossier.objects.none()
    asked = OpinionRequest.objects.filter(unit__in=units).values("dossier_id")
    return Dossier.objects.filter(pk__in=asked)


def roles_for(user: User, dossier: Dossier) -> frozenset[str]:
    """The actors ``user`` may act as on ``dossier`` (empty: look only, or not
    at all). Leaders of the receiving unit process as staff do, and decide."""
    units = desk_units(user)
    roles: set[str] = set()
    if dossier.unit_id in units.all:
        roles.add(Actor.STAFF)
    if dossier.unit_id in units.leaders:
        roles.add(Actor.LEADER)
    if units.all and dossier_opinion_units(user, dossier, open_only=True):
        roles.add(Actor.CO_PROCESSOR)
    return frozenset(roles)


def dossier_opinion_units(
    user: User, dossier: Dossier, open_only: bool = False
) -> list[int]:
    """The user's units asked for an opinion on ``dossier``."""
    units = desk_units(user).all
    if not units:
        return []
    requests = OpinionRequest.objects.filter(dossier=dossier, unit__in=units)
    if open_only:
        requests = requests.filter(answered_at__isnull=True)
    return list(requests.values_list("unit_id", flat=True).distinct())


def is_lead(user: User, dossier: Dossier) -> bool:
    """Staff or leader of the receiving unit, or IT staff: the whole dossier."""
    return sees_everything(user) or dossier.unit_id in desk_units(user).all


def desk_members(unit_id: int) -> QuerySet[Any]:
    """Active users of a unit's desk (the people a dossier can be assigned to)."""
    from django.contrib.auth import get_user_model

    desk = UnitDesk.objects.filter(unit_id=unit_id).first()
    if desk is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            is_active=True, groups__in=[desk.staff_group_id, desk.leaders_group_id]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
