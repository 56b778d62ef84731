"""Units of government and the pages at the top of each unit's site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from cms.core.models import BasePage, DailyCounter, TimestampedModel


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    DEPARTMENT = "department", "Sở, ban, ngành"
    DISTRICT = "district", "Huyện, thành phố"
    COMMUNE = "commune", "Xã, phường, thị trấn"


# Which kinds of unit may be the parent of which. Data, not code paths: a two-tier
# province simply has communes directly under the province.
ALLOWED_PARENT_KINDS: dict[str, set[str]] = {
    UnitKind.PROVINCE: set(),
    UnitKind.DEPARTMENT: {UnitKind.PROVINCE},
    UnitKind.DISTRICT: {UnitKind.PROVINCE},
    UnitKind.COMMUNE: {UnitKind.PROVINCE, UnitKind.DISTRICT},
}


class AdministrativeUnit(TimestampedModel):
    """A unit of government that runs procedures.

    A province, one of its agencies, a district or a commune.
    """

    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices)
    name = models.CharField("tên chính thức", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=100, blank=True)
    code = models.SlugField(
        "mã đơn vị",
        max_length=64,
        unique=True,
        allow_unicode=False,
        help_text="Mã không dấu, duy nhất, ví dụ: so-xay-dung.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_unit_name_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = ALLOWED_PARENT_KINDS[self.kind]
        if self.parent is None and allowed:
            raise ValidationError(
                {"parent": _("This kind of unit needs a parent unit.")}
            )
        if self.parent is not None and self.parent.kind not in allowed:
            raise ValidationError(
                {"parent": _("A unit of this kind cannot belong to that parent unit.")}
            )


class HomePage(BasePage):
    """The home page of a unit's site (the provincial portal or a sub-site)."""

    intro = models.TextField("giới thiệu", blank=True)
    body = RichTextField("nội dung", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    template = "sites/home_page.html"

    class Meta:
        verbose_name = "trang chủ"
        verbose_name_plural = "trang chủ"

    def get_context(self, request: HttpRequest, *args, **kwargs):
        from sites.home import cached_home_panels

        context = super().get_context(request, *args, **kwargs)
        # Most used procedures, online services…: what the apps add, rendered
        # once per change of the site's content (sites.home).
        context["home_panels"] = cached_home_panels(self, request)
        return context


class StandardPage(BasePage):
    """An ordinary content page of a site (introduction, guides, news)."""

    intro = models.TextField("tóm tắt", blank=True)
    body = RichTextField("nội dung", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    template = "sites/standard_page.html"

    class Meta:
        verbose_name = "trang nội dung"
        verbose_name_plural = "trang nội dung"


class ContactPage(BasePage):
    """How to reach the unit: address, phone, e-mail and working hours.

    The details live on the site's profile (one place for the footer, the
    directory and this page); the page adds free text such as a map or
    directions.
    """

    body = RichTextField("nội dung", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["portal_sites.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "sites/contact_page.html"

    class Meta:
        verbose_name = "trang liên hệ"
        verbose_name_plural = "trang liên hệ"


class DirectoryPage(BasePage):
    """The provincial portal's list of every sub-site, grouped by kind."""

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal_sites.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "sites/directory_page.html"

    class Meta:
        verbose_name = "danh bạ trang đơn vị"
        verbose_name_plural = "danh bạ trang đơn vị"

    def get_context(self, request: HttpRequest, *args, **kwargs):
        from sites.directory import directory

        context = super().get_context(request, *args, **kwargs)
        context["directory"] = directory(request.GET.get("huyen", ""))
        return context


class SiteProfile(TimestampedModel):
    """What a Wagtail ``Site`` stands for: its unit and how to contact it.

    Kind, official name, short name and parent come from the unit, so the
    hierarchy is stored once (on ``AdministrativeUnit``).
    """

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name="trang",
        on_delete=models.CASCADE,
        related_name="profile",
    )
    unit = models.OneToOneField(
        AdministrativeUnit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="site_profile",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    working_hours = models.CharField("giờ làm việc", max_length=255, blank=True)
    head_of_unit = models.CharField(
        "người đứng đầu",
        max_length=255,
        blank=True,
        help_text="Họ tên và chức vụ, ví dụ: Nguyễn Văn An – Chủ tịch UBND huyện.",
    )
    # What provisioning created for the site, so permissions, collections and the
    # workflow are found by key rather than by name.
    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name="nhóm biên tập viên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderators_group = models.OneToOneField(
        "auth.Group",
        verbose_name="nhóm kiểm duyệt viên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="thư mục tài liệu, hình ảnh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        verbose_name="quy trình duyệt bài",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "hồ sơ trang đơn vị"
        verbose_name_plural = "hồ sơ trang đơn vị"

    def __str__(self) -> str:
        return f"{self.unit.name} ({self.site.hostname})"


class VisitCounter(DailyCounter):
    """Visits of one site on one day: an aggregate, nothing about visitors."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="trang",
        on_delete=models.CASCADE,
        related_name="visit_counters",
    )

    class Meta:
        verbose_name = "lượt truy cập"
        verbose_name_plural = "lượt truy cập"
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="unique_visit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}: {self.count}"
