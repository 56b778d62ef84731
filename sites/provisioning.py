"""Creating and finding the sites of the portal.

``provision_site`` is the one way a unit's site comes into being: the
``provision_site`` command (one site or a CSV file), the admin view for IT staff
and the demo seed all call it. One call creates, in one transaction, the unit,
the Wagtail ``Site``, its home page and standard child pages, an editors and a
moderators group whose permissions cover that site's tree only, a collection
for its documents and images, a workflow (editors submit, moderators publish),
the site's theme settings and its profile.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from sites.models import (
    AdministrativeUnit,
    DirectoryPage,
    HomePage,
    SiteProfile,
    UnitKind,
)
from sites.permissions import (
    EDITOR_COLLECTION_PERMISSIONS,
    EDITOR_PAGE_PERMISSIONS,
    EDITORS,
    MODERATOR_COLLECTION_PERMISSIONS,
    MODERATOR_PAGE_PERMISSIONS,
    MODERATORS,
    PermissionCache,
    grant_site_permissions,
    site_permissions,
)
from sites.sections import SectionRequest, directory_page, sections_for
from themes.models import ThemeSettings

WAGTAIL_WELCOME_SLUG = "home"
PROVISION_ACTION = "portal_sites.provision"
# Apps above add what a new unit needs besides its site (the dossiers desk's
# groups) with a function ``(site=Site, unit=AdministrativeUnit)`` registered
# under this hook, run in the provisioning transaction.
PROVISIONED_HOOK = "after_provision_site"

# Group names are unique and at most 150 characters; with the prefix the
# hostname must stay under this.
MAX_HOSTNAME_LENGTH = 120
HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class ProvisioningError(Exception):
    """Provisioning refused: the message says why, in the user's language."""


class ProvisioningBatchError(ProvisioningError):
    """Some rows of a batch were refused; nothing of the batch was created."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class SiteSpec:
    """What IT staff ask for: one unit's site."""

    kind: str
    name: str
    hostname: str
    parent: str = ""
    short_name: str = ""
    site_name: str = ""
    code: str = ""
    intro: str = ""
    body: str = ""
    is_default: bool = False
    port: int = 80


@dataclass
class ProvisionResult:
    site: Site
    created: bool
    message: str


@dataclass
class SiteResult:
    site: Site
    created: bool


@dataclass
class _Cache(PermissionCache):
    """Lookups shared by every site of one batch, so each site costs the same."""

    root_page: Page | None = None
    root_collection: Collection | None = None

    def page_root(self) -> Page:
        if self.root_page is None:
            self.root_page = tree_root()
        return self.root_page

    def collection_root(self) -> Collection:
        if self.root_collection is None:
            self.root_collection = Collection.get_first_root_node()
            if self.root_collection is None:
                self.root_collection = Collection.add_root(name="Root")
        return self.root_collection


def remove_wagtail_welcome_page() -> None:
    """Delete the placeholder site and page that Wagtail's first migration creates."""
    welcome = Page.objects.filter(
        depth=2, slug=WAGTAIL_WELCOME_SLUG, content_type__model="page"
    )
    for page in welcome:
        Site.objects.filter(root_page=page).delete()
        page.delete()


def tree_root() -> Page:
    """The root of the page tree, created when the database has none (a flushed DB)."""
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@transaction.atomic
def ensure_site(
    *,
    hostname: str,
    site_name: str,
    slug: str,
    intro: str = "",
    body: str = "",
    is_default: bool = False,
    port: int = 80,
) -> SiteResult:
    """Return the site at ``hostname``, creating a bare one with a home page.

    Kept for callers that need a site without a unit; units' sites come from
    ``provision_site``.
    """
    existing = Site.objects.filter(hostname=hostname, port=port).first()
    if existing is not None:
        return SiteResult(existing, created=False)
    root = tree_root()
    home = HomePage.objects.filter(depth=2, slug=slug).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=site_name, slug=slug, intro=intro, body=body)
        )
        home.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        site_name=site_name,
        root_page=home,
        is_default_site=is_default,
    )
    return SiteResult(site, created=True)


def normalise_hostname(value: str) -> str:
    """Lower-case and check a host name; raise ``ProvisioningError`` if invalid."""
    hostname = (value or "").strip().lower().rstrip(".")
    if not hostname:
        raise ProvisioningError(_("The host name is required."))
    if len(hostname) > MAX_HOSTNAME_LENGTH:
        raise ProvisioningError(
            _("The host name “%(hostname)s” is longer than %(max)s characters.")
            % {"hostname": hostname, "max": MAX_HOSTNAME_LENGTH}
        )
    if not all(HOSTNAME_LABEL.match(label) for label in hostname.split(".")):
        raise ProvisioningError(
            _(
                "“%(hostname)s” is not a valid host name: use letters a–z without "
                "diacritics, digits, hyphens and dots, e.g. soxaydung.caobang.gov.vn."
            )
            % {"hostname": value}
        )
    return hostname


def unit_code_for(hostname: str) -> str:
    """A unique unit code derived from the (unique) host name."""
    code = slugify(hostname.replace(".", "-"))
    if len(code) > 64:
        digest = hashlib.sha1(hostname.encode(), usedforsecurity=False).hexdigest()
        code = f"{code[:55]}-{digest[:8]}"
    return code


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def _check_spec(spec: SiteSpec) -> tuple[str, AdministrativeUnit | None]:
    """Validate what can be checked without writing; return hostname and parent."""
    if spec.kind not in UnitKind.values:
        raise ProvisioningError(
            _("Unknown kind of unit “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": spec.kind, "kinds": ", ".join(UnitKind.values)}
        )
    if not spec.name.strip():
        raise ProvisioningError(_("The unit's name is required."))
    hostname = normalise_hostname(spec.hostname)
    parent_unit = None
    if spec.parent:
        parent_hostname = normalise_hostname(spec.parent)
        parent_site = (
            Site.objects.filter(hostname=parent_hostname)
            .select_related("profile__unit")
            .first()
        )
        profile = getattr(parent_site, "profile", None) if parent_site else None
        if profile is None:
            raise ProvisioningError(
                _("The parent site “%(parent)s” does not exist.")
                % {"parent": parent_hostname}
            )
        parent_unit = profile.unit
    return hostname, parent_unit


def _existing(spec: SiteSpec, hostname: str, parent: AdministrativeUnit | None):
    """The site already provisioned for this request, or an error on a clash."""
    site = (
        Site.objects.filter(hostname=hostname).select_related("profile__unit").first()
    )
    if site is None:
        return None
    profile = getattr(site, "profile", None)
    unit = profile.unit if profile else None
    if (
        unit is not None
        and unit.kind == spec.kind
        and unit.name == spec.name.strip()
        and unit.parent_id == (parent.pk if parent else None)
    ):
        return site
    raise ProvisioningError(
        _("The host name “%(hostname)s” is already used by the site “%(site)s”.")
        % {"hostname": hostname, "site": unit.name if unit else site.site_name}
    )


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _live(page: Page) -> Page:
    """Mark a new page as published from the start.

    Publishing a revision costs ~90 queries per page; a freshly provisioned page
    has no history worth keeping, and the provisioning itself is in the audit
    log. Editors' first save creates the first revision as usual.
    """
    now = timezone.now()
    page.live = True
    page.first_published_at = now
    page.last_published_at = now
    return page


def _append_collection(parent: Collection, name: str) -> Collection:
    """Add a collection as the last child of ``parent``, in constant time.

    ``Collection`` keeps its children sorted by name (``node_order_by``), so
    treebeard's ``add_child`` renumbers every following sibling: the cost of a
    new site would grow with the number of sites. Appending keeps it constant;
    the admin lists collections by path, i.e. in creation order.
    """
    last = parent.get_last_child()
    depth = parent.depth + 1
    path = last._inc_path() if last else Collection._get_path(parent.path, depth, 1)
    collection = Collection(name=name, path=path, depth=depth, numchild=0)
    collection.save()
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild += 1
    return collection


def ensure_directory_page(home: Page) -> bool:
    """Give a provincial portal provisioned before directories existed its page."""
    if DirectoryPage.objects.child_of(home).exists():
        return False
    home.add_child(instance=_live(directory_page()))
    return True


def _create(spec: SiteSpec, hostname: str, parent, user, cache: _Cache) -> Site:
    name = spec.name.strip()
    site_name = spec.site_name.strip() or name
    unit = AdministrativeUnit(
        kind=spec.kind,
        name=name,
        short_name=spec.short_name.strip(),
        code=spec.code or unit_code_for(hostname),
        parent=parent,
    )
    try:
        unit.full_clean()
    except ValidationError as error:
        raise ProvisioningError(_validation_message(error)) from error
    unit.save()

    home_slug = slugify(hostname.replace(".", "-"))[:255]
    if Page.objects.filter(depth=2, slug=home_slug).exists():
        raise ProvisioningError(
            _("A home page with the slug “%(slug)s” already exists.")
            % {"slug": home_slug}
        )
    home = cache.page_root().add_child(
        instance=_live(
            HomePage(
                title=site_name,
                slug=home_slug,
                intro=spec.intro or _kind_label(spec.kind),
                body=spec.body,
                owner=user,
            )
        )
    )
    # The apps above (catalogue, forms library, …) add their sections through
    # the ``register_site_sections`` hook: provisioning never imports them.
    children = sections_for(SectionRequest(kind=spec.kind, name=name))
    for child in children:
        child.owner = user
        home.add_child(instance=_live(child))

    # The province's site is the portal (cms.core.portal): the default site.
    is_default = spec.is_default or spec.kind == UnitKind.PROVINCE
    if is_default:
        # Only one default site may exist (Wagtail picks none reliably if two
        # do), e.g. the placeholder "localhost" site of Wagtail's migrations.
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(
        hostname=hostname,
        port=spec.port,
        site_name=site_name,
        root_page=home,
        is_default_site=is_default,
    )
    collection = _append_collection(
        cache.collection_root(), f"{site_name} ({hostname})"[:255]
    )
    editors = Group.objects.create(name=f"Biên tập viên – {hostname}")
    moderators = Group.objects.create(name=f"Kiểm duyệt viên – {hostname}")
    grant_site_permissions(
        cache,
        site,
        home,
        collection,
        editors,
        EDITOR_PAGE_PERMISSIONS,
        EDITOR_COLLECTION_PERMISSIONS,
        site_permissions(EDITORS),
    )
    grant_site_permissions(
        cache,
        site,
        home,
        collection,
        moderators,
        MODERATOR_PAGE_PERMISSIONS,
        MODERATOR_COLLECTION_PERMISSIONS,
        site_permissions(MODERATORS),
    )

    workflow = Workflow.objects.create(name=f"Duyệt bài – {hostname}")
    task = GroupApprovalTask.objects.create(name=f"Kiểm duyệt – {hostname}")
    task.groups.add(moderators)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=home, workflow=workflow)

    ThemeSettings.objects.create(
        site=site, footer_contact=f"{name}\n{parent.name}" if parent else name
    )
    SiteProfile.objects.create(
        site=site,
        unit=unit,
        editors_group=editors,
        moderators_group=moderators,
        collection=collection,
        workflow=workflow,
    )
    for callback in hooks.get_hooks(PROVISIONED_HOOK):
        callback(site=site, unit=unit)
    log(instance=site, action=PROVISION_ACTION, user=user)
    return site


def _provision(spec: SiteSpec, user, cache: _Cache) -> ProvisionResult:
    hostname, parent = _check_spec(spec)
    existing = _existing(spec, hostname, parent)
    if existing is not None:
        return ProvisionResult(
            existing,
            created=False,
            message=_("Site %(hostname)s already exists; nothing changed.")
            % {"hostname": hostname},
        )
    site = _create(spec, hostname, parent, user, cache)
    return ProvisionResult(
        site,
        created=True,
        message=_("Created site %(hostname)s (%(name)s).")
        % {"hostname": hostname, "name": site.site_name},
    )


def provision_site(spec: SiteSpec, *, user=None) -> ProvisionResult:
    """Create one unit's site with everything it needs, or nothing at all.

    Idempotent: a second call for the same host name, kind, name and parent
    returns the existing site with ``created=False`` and changes nothing. Any
    invalid input raises ``ProvisioningError`` with a Vietnamese message and
    leaves the database as it was.
    """
    with transaction.atomic():
        return _provision(spec, user, _Cache())


def provision_many(
    specs: Iterable[tuple[int, SiteSpec]],
    *,
    user=None,
    progress: Callable[[int, ProvisionResult | None], None] | None = None,
) -> list[ProvisionResult]:
    """Provision many sites in one transaction: all of them or none.

    ``specs`` pairs each request with its row number for error messages; a
    parent may be a site created by an earlier row. Every row is tried so the
    caller learns all errors at once; then, if any failed, everything is rolled
    back and ``ProvisioningBatchError`` lists them by row.
    """
    cache = _Cache()
    results: list[ProvisionResult] = []
    errors: list[str] = []
    with transaction.atomic():
        for row, spec in specs:
            try:
                with transaction.atomic():
                    provisioned = _provision(spec, user, cache)
            except ProvisioningError as error:
                errors.append(
                    _("Row %(row)s: %(error)s") % {"row": row, "error": error}
                )
                result: ProvisionResult | None = None
            else:
                result = provisioned
                results.append(provisioned)
            if progress is not None:
                progress(row, result)
        if errors:
            transaction.set_rollback(True)
            raise ProvisioningBatchError(errors)
    return results
