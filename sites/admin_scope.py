"""What the admin lists for a user who is not a superuser: only the pages they
may edit or view, never another site's pages (drafts included).

One definition, Wagtail's own: the *explorable* pages of the page permission
policy (the pages a user's groups hold a page permission on, with their
descendants and the ancestors needed to reach them). Wagtail applies it to the
explorer, its search and the admin API; this module applies it to the listings
Wagtail leaves unscoped:

- the page chooser (search and browse, through ``construct_page_chooser_queryset``;
  the page browsed and the "chosen pages" answer, through the views below),
- the page-types report,
- the bulk-action confirmation page,
- the procedure listing (``procedure_pages.wagtail_hooks.ProcedureAdmin``).

Superusers keep seeing everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.urls import URLPattern, path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import (
    BrowseView,
    ChosenMultipleView,
    base_page_type_string,
    page_models_from_string,
)
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from wagtail.query import PageQuerySet

    User = AbstractBaseUser | AnonymousUser

P = TypeVar("P", bound=Page)


def sees_every_page(user: User) -> bool:
    """Superusers see the whole tree; everyone else only their pages."""
    return bool(user.is_active and getattr(user, "is_superuser", False))


def visible_pages(user: User) -> QuerySet[Page]:
    """The pages ``user`` may edit or view in the admin (Wagtail's explorable
    pages; every page for a superuser, none for an inactive user)."""
    return policy_registry.get_by_type(Page).explorable_instances(user)


def scope_pages(queryset: QuerySet[P], user: User) -> QuerySet[P]:
    """``queryset`` limited to the pages ``user`` may edit or view."""
    if sees_every_page(user):
        return queryset
    return queryset.filter(pk__in=visible_pages(user).values("pk"))


def may_browse(user: User, page: Page) -> bool:
    """Whether the chooser may show ``page`` as the page being browsed: a visible
    page, or an ancestor on the way to one (the tree root at least)."""
    if sees_every_page(user) or page.is_root():
        return True
    return visible_pages(user).filter(path__startswith=page.path).exists()


def scope_chooser_pages(pages: QuerySet[Page], request: HttpRequest) -> QuerySet[Page]:
    """The ``construct_page_chooser_queryset`` hook: chooser search and browse."""
    return scope_pages(pages, request.user)


# --- The page chooser ----------------------------------------------------------


class ScopedBrowseView(BrowseView):
    """The chooser's browse view, which shows the browsed page itself (its
    children are scoped by the hook): it refuses pages the user may not see and,
    without a parent, opens at the closest common ancestor of the *visible* pages
    of the wanted type rather than of every site's."""

    def get(self, request: HttpRequest, parent_page_id: int | None = None) -> Any:
        user = request.user
        if sees_every_page(user):
            return super().get(request, parent_page_id)
        if parent_page_id is None:
            parent_page_id = self.default_parent_id(request)
        else:
            page = Page.objects.filter(pk=parent_page_id).first()
            if page is None or not may_browse(user, page):
                raise Http404
        return super().get(request, parent_page_id)

    def default_parent_id(self, request: HttpRequest) -> int | None:
        try:
            models = page_models_from_string(
                request.GET.get("page_type") or base_page_type_string
            )
        except (ValueError, LookupError):
            return None  # Wagtail answers 404 for an unknown type
        if models == (Page,):
            return None  # the tree root
        wanted = scope_pages(Page.objects.type(*models), request.user)
        return cast("PageQuerySet", wanted).first_common_ancestor().pk


class ScopedChosenMultipleView(ChosenMultipleView):
    """The "chosen pages" answer (titles and URLs of the pages whose ids are
    asked for), limited to the pages the user may see."""

    def get(self, request: HttpRequest) -> Any:
        if not sees_every_page(request.user):
            # Only plain ids: non-ASCII digits or a 30-digit number would fail
            # in the database instead of matching nothing.
            asked = [
                pk
                for pk in request.GET.getlist("id")
                if pk.isascii() and pk.isdigit() and len(pk) < 19
            ]
            allowed = scope_pages(
                Page.objects.filter(pk__in=asked), request.user
            ).values_list("pk", flat=True)
            query = request.GET.copy()
            query.setlist("id", [str(pk) for pk in allowed])
            request.GET = query  # type: ignore[assignment]
        return super().get(request)


# --- The page-types report -----------------------------------------------------


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and "last edited page" per page type over the visible pages only
    (Wagtail's report counts and names pages of every site)."""

    def get_queryset(self) -> QuerySet[ContentType]:
        user = self.request.user
        if sees_every_page(user):
            return super().get_queryset()
        queryset = ContentType.objects.filter(model__in=self.page_models)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        language_code = self.filters.form.cleaned_data.get("page_locale")
        site_root_path = self.filters.form.cleaned_data.get("site")

        pages = scope_pages(Page.objects.all(), user)
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        latest_edited = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=pages.values("pk"))),
            last_edited_page_id=Subquery(latest_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


# --- Bulk actions --------------------------------------------------------------


class ScopedBulkActionMixin:
    """Pages the user may not see are left out of a bulk action altogether:
    Wagtail would list them by title as "pages you cannot act on"."""

    request: HttpRequest

    def get_actionable_objects(self) -> tuple[list[Page], dict[str, list[Page]]]:
        objects, extra = super().get_actionable_objects()  # type: ignore[misc]
        if sees_every_page(self.request.user):
            return objects, extra
        asked = [page.pk for page in objects + extra["items_with_no_access"]]
        allowed = set(
            scope_pages(
                Page.objects.filter(pk__in=asked), self.request.user
            ).values_list("pk", flat=True)
        )
        objects = [page for page in objects if page.pk in allowed]
        extra["items_with_no_access"] = [
            page for page in extra["items_with_no_access"] if page.pk in allowed
        ]
        return objects, extra


class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    pass


class ScopedMoveBulkAction(ScopedBulkActionMixin, MoveBulkAction):
    pass


class ScopedPublishBulkAction(ScopedBulkActionMixin, PublishBulkAction):
    pass


class ScopedUnpublishBulkAction(ScopedBulkActionMixin, UnpublishBulkAction):
    pass


# Registered after Wagtail's (a later registration of an action type replaces it).
SCOPED_BULK_ACTIONS = (
    ScopedDeleteBulkAction,
    ScopedMoveBulkAction,
    ScopedPublishBulkAction,
    ScopedUnpublishBulkAction,
)


# --- URLs ----------------------------------------------------------------------


# Wagtail's admin URLs that these views replace, at the same paths: cms.urls
# includes them before Wagtail's admin, so they answer first (``reverse()`` still
# finds Wagtail's names, which give the same paths).
urlpatterns: list[URLPattern] = [
    path("choose-page/", require_admin_access(ScopedBrowseView.as_view())),
    path(
        "choose-page/<int:parent_page_id>/",
        require_admin_access(ScopedBrowseView.as_view()),
    ),
    path(
        "choose-page/chosen-multiple/",
        require_admin_access(ScopedChosenMultipleView.as_view()),
    ),
    path(
        "reports/page-types-usage/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view(results_only=True)),
    ),
]
