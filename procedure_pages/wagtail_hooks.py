"""Admin: agencies, sectors and a fast procedure listing (wagtail-modeladmin),
and the upload screen for importing procedures (dry run, then confirm)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.models import Page
from wagtail_modeladmin.helpers import PageButtonHelper
from wagtail_modeladmin.options import (
    ModelAdmin,
    ModelAdminGroup,
    modeladmin_register,
)

from cms.core.cache import HOOK as PAGE_CACHE_SITES_HOOK
from procedure_pages import views
from procedure_pages.handling import sites_showing
from procedure_pages.models import (
    CATALOGUE_SLUG,
    Agency,
    ProcedureIndexPage,
    ProcedurePage,
    Sector,
)
from procedure_pages.question_admin import question_viewset, unanswered_count
from procedure_pages.transfer import IMPORT_ACTION
from sites.admin_scope import scope_pages
from sites.permissions import MODERATORS
from sites.sections import SectionRequest


class ProcedureButtonHelper(PageButtonHelper):
    """Edit and view links only, without a permission query per row: the page
    editor checks the editor's permissions when the link is followed."""

    def get_buttons_for_obj(
        self, obj, exclude=None, classnames_add=None, classnames_exclude=None
    ) -> list[dict[str, str]]:
        classname = self.finalise_classname(
            ["button-small", "button-secondary"], classnames_exclude
        )
        buttons = [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[obj.pk]),
                "label": pgettext("listing button", "Edit"),
                "classname": classname,
                "title": gettext("Edit %(code)s") % {"code": obj.code},
            }
        ]
        url = obj.get_url(self.request)
        if obj.live and url:
            buttons.append(
                {
                    "url": url,
                    "label": pgettext("listing button", "View"),
                    "classname": classname,
                    "title": gettext("View %(code)s on the portal")
                    % {"code": obj.code},
                }
            )
        return buttons


class ProcedureAdmin(ModelAdmin):
    """Procedures as a flat, paginated list: no page tree is loaded, so it stays
    fast with tens of thousands of procedures. Editing opens the page editor."""

    model = ProcedurePage
    menu_label = _("Procedures")
    menu_icon = "doc-full"
    list_display = ("code", "title", "sector", "lead_agency", "tier", "level", "live")
    list_filter = ("tier", "level", "online_kind", "user_type", "status", "is_sample")
    search_fields = ("code", "title", "full_name")
    list_select_related = ("sector", "lead_agency")
    list_per_page = 50
    ordering = ("code",)
    button_helper_class = ProcedureButtonHelper

    def get_queryset(self, request):
        # A procedure page is never the tree root, so skip modeladmin's
        # ``exclude(depth=1)``: without a filter on wagtailcore_page the three
        # COUNT(*) queries of the listing need no join (0.5 s each at 100,000
        # rows on SQLite otherwise). Editors see only their sites' procedures.
        procedures = ProcedurePage.objects.order_by(*self.get_ordering(request))
        return scope_pages(procedures, request.user)


class AgencyAdmin(ModelAdmin):
    model = Agency
    menu_label = _("Agencies")
    menu_icon = "group"
    list_display = ("name", "short_name", "tier", "unit")
    list_filter = ("tier",)
    search_fields = ("name", "short_name")
    list_select_related = ("unit",)


class SectorAdmin(ModelAdmin):
    model = Sector
    menu_label = _("Sectors")
    menu_icon = "tag"
    list_display = ("name", "code")
    search_fields = ("name", "code")


class CatalogueGroup(ModelAdminGroup):
    menu_label = _("Procedure catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (ProcedureAdmin, AgencyAdmin, SectorAdmin)

    def get_submenu_items(self) -> list[MenuItem]:
        items = super().get_submenu_items()
        items.append(
            ImportMenuItem(
                _("Import from a file"),
                reverse("procedure_pages_import"),
                icon_name="upload",
                order=900,
            )
        )
        return items


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return views.can_import(request.user)


modeladmin_register(CatalogueGroup)


@hooks.register("register_admin_urls")
def register_import_url() -> list:
    return [
        path(
            "procedures/import/",
            views.import_procedures,
            name="procedure_pages_import",
        )
    ]


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(
        IMPORT_ACTION,
        _("Import procedures from a file"),
        _("Imported procedures from a file"),
    )


@hooks.register("register_site_sections", order=10)
def catalogue_section(request: SectionRequest) -> list[Page]:
    """Every unit's site has its procedure catalogue."""
    return [
        ProcedureIndexPage(
            title="Thủ tục hành chính",
            slug=CATALOGUE_SLUG,
            intro=f"Danh mục thủ tục hành chính do {request.name} giải quyết.",
            show_in_menus=True,
        )
    ]


@hooks.register("register_home_page_panels", order=10)
def home_popular_panel(home):
    """The most used procedures, first on every home page."""
    from procedure_pages.home import popular_panel

    return popular_panel(home)


@hooks.register("register_home_page_panels", order=30)
def home_browse_panel(home):
    """Procedures by audience and, on the portal, by agency."""
    from procedure_pages.home import browse_panel

    return browse_panel(home)


# A procedure shows on the site of every unit that handles it: the page cache
# purges them all when it is published (cms.core.cache).
hooks.register(PAGE_CACHE_SITES_HOOK, sites_showing)


# --- Questions and answers (procedure_pages.question_admin) --------------------

hooks.register("register_admin_viewset", lambda: question_viewset)


@hooks.register("register_site_permissions")
def question_site_permissions(role: str) -> list[tuple[str, str]]:
    """A new site's moderators answer, publish and delete its questions."""
    if role != MODERATORS:
        return []
    return [
        ("procedure_pages", "change_procedurequestion"),
        ("procedure_pages", "delete_procedurequestion"),
    ]


class UnansweredQuestionsSummaryItem(SummaryItem):
    """The admin home page: questions waiting for the user's answer."""

    order = 350
    template_name = "procedure_pages/admin/questions_summary.html"

    def __init__(self, request, count: int) -> None:
        super().__init__(request)
        self.count = count

    def get_context_data(self, parent_context):
        return {"unanswered": self.count}


@hooks.register("construct_homepage_summary_items")
def unanswered_questions_summary(request, items) -> None:
    count = unanswered_count(request.user)
    if count:
        items.append(UnansweredQuestionsSummaryItem(request, count))
