"""The procedure catalogue: agencies, sectors, procedure pages and catalogue pages.

A ``ProcedurePage`` carries every field of the national publication standard
(PORTAL.md §3) as structured content. Field names are part of the interface the
search app and the import/export columns rely on: extend, don't rename.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from cms.core.models import BasePage, TimestampedModel
from procedure_pages.blocks import DossierComponentBlock, LegalReferenceBlock, StepBlock
from procedure_pages.slugs import ProcedurePageForm

CATALOGUE_SLUG = "thu-tuc-hanh-chinh"
TITLE_MAX_LENGTH = 255


class Tier(models.TextChoices):
    PROVINCIAL = "tinh", "Cấp tỉnh"
    DISTRICT = "huyen", "Cấp huyện"
    COMMUNE = "xa", "Cấp xã"


class OnlineKind(models.TextChoices):
    """Online public-service kind under Decree 42/2022/NĐ-CP."""

    FULL = "toan_trinh", "Toàn trình"
    PARTIAL = "mot_phan", "Một phần"
    NONE = "none", "Không phải dịch vụ công trực tuyến"


class ServiceLevel(models.IntegerChoices):
    """The plan's level (Decree 43/2011/NĐ-CP, art. 3)."""

    LEVEL_1 = 1, "Mức độ 1"
    LEVEL_2 = 2, "Mức độ 2"
    LEVEL_3 = 3, "Mức độ 3"
    LEVEL_4 = 4, "Mức độ 4"


class UserType(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức"
    BOTH = "both", "Cá nhân, tổ chức"


class ProcessingTimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    CALENDAR_DAYS = "calendar_days", "ngày"


class ProcedureStatus(models.TextChoices):
    IN_FORCE = "in_force", "Đang có hiệu lực"
    SUSPENDED = "suspended", "Tạm dừng"
    ABOLISHED = "abolished", "Đã bãi bỏ"


def online_kind_for_level(level: int) -> str:
    """The Decree 42/2022 kind that corresponds to a plan level (L4 ≈ full)."""
    if level >= ServiceLevel.LEVEL_4:
        return OnlineKind.FULL
    if level == ServiceLevel.LEVEL_3:
        return OnlineKind.PARTIAL
    return OnlineKind.NONE


class Sector(TimestampedModel):
    """A field of administration (lĩnh vực), e.g. "Xây dựng", "Đất đai"."""

    name = models.CharField("tên lĩnh vực", max_length=255, unique=True)
    code = models.CharField(
        "mã lĩnh vực", max_length=50, blank=True, help_text="Mã theo CSDL quốc gia."
    )

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimestampedModel):
    """An agency that runs, decides or co-processes procedures.

    It belongs to a tier and, through its administrative unit, to a site: the
    importer places the agency's procedures under that site's catalogue.
    """

    name = models.CharField("tên cơ quan", max_length=255, unique=True)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    tier = models.CharField(
        "cấp", max_length=10, choices=Tier.choices, default=Tier.PROVINCIAL
    )
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị hành chính",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
        help_text="Đơn vị có trang riêng; thủ tục của cơ quan được đặt trên trang đó.",
    )

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name


class ProcedureIndexPage(BasePage):
    """A site's catalogue of administrative procedures (one per site).

    It lists the procedures below it; on the provincial portal it lists every
    site's procedures. The listing logic lives in ``procedure_pages.services``.
    """

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    subpage_types = ["procedure_pages.ProcedurePage"]
    template = "procedure_pages/procedure_index_page.html"

    class Meta:
        verbose_name = "danh mục thủ tục hành chính"
        verbose_name_plural = "danh mục thủ tục hành chính"

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from procedure_pages.services import catalogue_listing

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue_listing(self, request)
        context["catalogue_index"] = self
        context["filter_labels"] = [
            ("tier", _("Tier")),
            ("online_kind", _("Online service kind")),
            ("level", _("Service level")),
            ("user_type", _("User type")),
        ]
        return context

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Also serve, on a unit's site, the procedures published once for its
        tier (they live in the portal's catalogue): ``<catalogue>/<slug>/``."""
        if path_components:
            from procedure_pages.handling import CATALOGUE_ATTRIBUTE, shared_procedure

            slug, rest = path_components[0], path_components[1:]
            # Its own procedure, with what the page shows, in one query.
            own = (
                ProcedurePage.objects.child_of(self)
                .filter(slug=slug)
                .select_related("sector", "lead_agency", "deciding_agency")
                .first()
            )
            if own is not None:
                return own.route(request, rest)
            procedure = shared_procedure(self, slug, Site.find_for_request(request))
            if procedure is not None:
                setattr(request, CATALOGUE_ATTRIBUTE, self)
                return procedure.route(request, rest)
        return super().route(request, path_components)


class ProcedurePage(RoutablePageMixin, BasePage):
    """One administrative procedure, following the national publication standard."""

    code = models.CharField(
        "mã thủ tục",
        max_length=50,
        unique=True,
        help_text="Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, "
        "ví dụ 1.004227. Duy nhất trên toàn cổng.",
    )
    full_name = models.TextField(
        "tên đầy đủ",
        blank=True,
        help_text="Tên chính thức khi dài hơn 255 ký tự (tiêu đề trang bị cắt "
        "ngắn). Để trống nếu tên chính thức trùng tiêu đề.",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    tier = models.CharField(
        "cấp thực hiện", max_length=10, choices=Tier.choices, default=Tier.PROVINCIAL
    )
    online_kind = models.CharField(
        "loại dịch vụ công trực tuyến",
        max_length=20,
        choices=OnlineKind.choices,
        default=OnlineKind.NONE,
        help_text="Theo Nghị định 42/2022/NĐ-CP.",
    )
    level = models.PositiveSmallIntegerField(
        "mức độ",
        choices=ServiceLevel.choices,
        default=ServiceLevel.LEVEL_2,
        help_text="Mức độ 1–4 theo kế hoạch (Nghị định 43/2011/NĐ-CP).",
    )
    user_type = models.CharField(
        "đối tượng sử dụng",
        max_length=20,
        choices=UserType.choices,
        default=UserType.BOTH,
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures_led",
    )
    deciding_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan có thẩm quyền quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures_decided",
    )
    co_processing_agencies = ParentalManyToManyField(
        Agency,
        verbose_name="cơ quan phối hợp (đồng xử lý)",
        blank=True,
        related_name="procedures_co_processed",
    )
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name="trình tự thực hiện",
        blank=True,
        help_text="Các bước theo thứ tự thực hiện.",
    )
    channel_in_person = models.BooleanField("nộp trực tiếp", default=True)
    channel_post = models.BooleanField("nộp qua bưu chính", default=False)
    channel_online = models.BooleanField("nộp trực tuyến", default=False)
    documents = StreamField(
        [("document", DossierComponentBlock())],
        verbose_name="thành phần hồ sơ",
        blank=True,
    )
    processing_days = models.PositiveIntegerField(
        "thời hạn giải quyết (số ngày)", null=True, blank=True
    )
    processing_time_unit = models.CharField(
        "đơn vị thời hạn",
        max_length=20,
        choices=ProcessingTimeUnit.choices,
        default=ProcessingTimeUnit.WORKING_DAYS,
    )
    processing_time_text = models.TextField(
        "ghi chú thời hạn",
        blank=True,
        help_text="Ví dụ: kể từ ngày nhận đủ hồ sơ hợp lệ.",
    )
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    fee_amount = models.PositiveBigIntegerField(
        "phí, lệ phí (đồng)",
        null=True,
        blank=True,
        help_text="Số tiền bằng đồng; để trống nếu không thu hoặc tính theo mức.",
    )
    fee_text = models.TextField(
        "phí, lệ phí (mô tả)",
        blank=True,
        help_text="Ví dụ: Không thu phí; hoặc mức thu theo từng trường hợp.",
    )
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    legal_basis = StreamField(
        [("legal_document", LegalReferenceBlock())],
        verbose_name="căn cứ pháp lý",
        blank=True,
    )
    status = models.CharField(
        "tình trạng",
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.IN_FORCE,
    )
    is_sample = models.BooleanField(
        "dữ liệu mẫu",
        default=False,
        help_text="Thủ tục sinh tự động để trình diễn, không phải dữ liệu chính thức.",
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("code"),
        index.SearchField("full_name"),
        index.FilterField("tier"),
        index.FilterField("level"),
        index.FilterField("online_kind"),
    ]

    api_fields = [
        APIField("code"),
        APIField("full_name"),
        APIField("tier"),
        APIField("level"),
        APIField("online_kind"),
        APIField("user_type"),
        APIField("status"),
        APIField("is_sample"),
        APIField("sector_name", serializer=CharField(source="sector.name")),
        APIField("agency_name", serializer=CharField(source="lead_agency.name")),
        APIField("steps"),
        APIField("channel_in_person"),
        APIField("channel_post"),
        APIField("channel_online"),
        APIField("documents"),
        APIField("processing_days"),
        APIField("processing_time_unit"),
        APIField("processing_time_text"),
        APIField("applicants"),
        APIField("result"),
        APIField("fee_amount"),
        APIField("fee_text"),
        APIField("conditions"),
        APIField("legal_basis"),
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("full_name"),
                FieldRowPanel([FieldPanel("sector"), FieldPanel("tier")]),
                FieldRowPanel(
                    [
                        FieldPanel("online_kind"),
                        FieldPanel("level"),
                        FieldPanel("user_type"),
                    ]
                ),
                FieldPanel("status"),
            ],
            heading=_("General information"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_agency"),
                FieldPanel("deciding_agency"),
                FieldPanel("co_processing_agencies"),
            ],
            heading=_("Agencies"),
        ),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("channel_in_person"),
                        FieldPanel("channel_post"),
                        FieldPanel("channel_online"),
                    ]
                )
            ],
            heading=_("Channels"),
        ),
        FieldPanel("documents"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("processing_days"), FieldPanel("processing_time_unit")]
                ),
                FieldPanel("processing_time_text"),
            ],
            heading=_("Processing time"),
        ),
        FieldPanel("applicants"),
        FieldPanel("result"),
        MultiFieldPanel(
            [FieldPanel("fee_amount"), FieldPanel("fee_text")],
            heading=_("Fees"),
        ),
        FieldPanel("conditions"),
        FieldPanel("legal_basis"),
    ]
    settings_panels = [*BasePage.settings_panels, FieldPanel("is_sample")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=pgettext_lazy("editor tab", "Content")),
            ObjectList(
                BasePage.promote_panels, heading=pgettext_lazy("editor tab", "Promote")
            ),
            ObjectList(
                settings_panels, heading=pgettext_lazy("editor tab", "Settings")
            ),
        ]
    )

    # Slugs follow the importer's rule: the code or ASCII, never a clash.
    base_form_class = ProcedurePageForm
    parent_page_types = ["procedure_pages.ProcedureIndexPage"]
    # Its online service (forms_library, a layer above): named, never imported.
    subpage_types = ["forms_library.OnlineServicePage"]
    template = "procedure_pages/procedure_page.html"

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from procedure_pages.handling import CATALOGUE_ATTRIBUTE, where_to_go

        context = super().get_context(request, *args, **kwargs)
        catalogue = getattr(request, CATALOGUE_ATTRIBUTE, None)
        if catalogue is not None:  # a shared procedure shown on a unit's site
            ancestors = catalogue.get_ancestors().filter(depth__gt=1)
            context["breadcrumbs"] = [*ancestors, catalogue]
        context["where_to_go"] = where_to_go(self, request)
        return context

    def clean(self) -> None:
        super().clean()
        clash = ProcedurePage.objects.filter(code=self.code).exclude(pk=self.pk)
        if self.code and clash.exists():
            raise ValidationError(
                {"code": _("This procedure code is already used on the portal.")}
            )

    @path("in/", name="print")
    def print_checklist(self, request: HttpRequest) -> TemplateResponse:
        """A printable page: the dossier checklist a citizen takes to the office."""
        return TemplateResponse(
            request,
            "procedure_pages/procedure_page_print.html",
            self.get_context(request),
        )

    @path("hoi-dap/", name="questions")
    def ask_question(self, request: HttpRequest) -> Any:
        """Questions and answers: the published ones and the form to ask
        (``procedure_pages.question_views``; a page of its own, so the
        procedure page itself carries no CSRF token and stays cacheable)."""
        from procedure_pages.question_views import ask

        return ask(self, request)

    @path("hoi-dap/da-gui/", name="question_sent")
    def question_sent(self, request: HttpRequest) -> Any:
        from procedure_pages.question_views import sent

        return sent(self, request)

    @property
    def name(self) -> str:
        """The official name in full (the page title may be shortened)."""
        return self.full_name or self.title

    @property
    def fee_amount_display(self) -> str:
        """The fee in Vietnamese notation (dot as thousands separator): 100.000."""
        if self.fee_amount is None:
            return ""
        return f"{self.fee_amount:,}".replace(",", ".")

    @property
    def channels(self) -> list[str]:
        labels = [
            (self.channel_in_person, gettext("In person")),
            (self.channel_post, gettext("By post")),
            (self.channel_online, gettext("Online")),
        ]
        return [label for on, label in labels if on]

    @property
    def online_capability(self) -> tuple[str, str]:
        """What a citizen can do online: (css key, translated label) for the badge."""
        if self.online_kind == OnlineKind.FULL:
            return "full", gettext("Apply, pay and receive the result online")
        if self.online_kind == OnlineKind.PARTIAL:
            return "partial", gettext("Apply online")
        if self.level >= ServiceLevel.LEVEL_2:
            return "forms", gettext("Download the forms online")
        return "info", gettext("Information only")


class HandlingChange(models.TextChoices):
    ADDS = "adds", "Đơn vị có giải quyết thủ tục này"
    EXCLUDES = "excludes", "Đơn vị không giải quyết thủ tục này"


class UnitProcedureChange(TimestampedModel):
    """A unit's change to the list it inherits from its tier, as data.

    Every district handles every district-tier procedure, every commune every
    commune-tier one and a department the provincial ones it leads
    (``procedure_pages.handling``). A row here adds a procedure a unit handles
    although its tier or role would not say so, or takes one away from it.
    """

    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="procedure_changes",
    )
    procedure = models.ForeignKey(
        ProcedurePage,
        verbose_name="thủ tục",
        on_delete=models.CASCADE,
        related_name="unit_changes",
    )
    change = models.CharField("thay đổi", max_length=10, choices=HandlingChange.choices)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "điều chỉnh danh mục của đơn vị"
        verbose_name_plural = "điều chỉnh danh mục của đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure"], name="one_change_per_unit_procedure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.procedure.code}: {self.get_change_display()}"


class QuestionStatus(models.TextChoices):
    NEW = "new", "Chờ trả lời"
    PUBLISHED = "published", "Đã công khai"
    HIDDEN = "hidden", "Không công khai"


QUESTION_MAX_LENGTH = 2000


class ProcedureQuestion(TimestampedModel):
    """A citizen's question about a procedure (hỏi đáp) and the agency's answer.

    Moderated on ``site``: the site of the procedure's lead agency (else the
    site the procedure lives on), whose moderators answer and publish it. The
    asker's contact is for the agency only: never shown, never indexed
    (``procedure_pages.questions``).
    """

    procedure = models.ForeignKey(
        ProcedurePage,
        verbose_name="thủ tục",
        on_delete=models.CASCADE,
        related_name="questions",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="trang kiểm duyệt",
        on_delete=models.CASCADE,
        related_name="+",
    )
    asker_name = models.CharField("người hỏi", max_length=100)
    contact = models.CharField(
        "thư điện tử hoặc điện thoại",
        max_length=254,
        help_text="Chỉ cơ quan giải quyết thấy; không bao giờ công khai.",
    )
    question = models.TextField("câu hỏi", max_length=QUESTION_MAX_LENGTH)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    status = models.CharField(
        "tình trạng",
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.NEW,
    )

    class Meta:
        verbose_name = "câu hỏi về thủ tục"
        verbose_name_plural = "hỏi đáp về thủ tục"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["procedure", "status"], name="question_procedure_status"
            ),
            models.Index(fields=["site", "status"], name="question_site_status"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.question.split())
        return text if len(text) <= 80 else f"{text[:79]}…"
