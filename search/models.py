"""Search data kept in the database.

* ``SearchRecord``: one denormalised row per indexed object (pre-folded text and
  facet columns). The database fallback searches it; the Elasticsearch index is
  built from the same rows' source (``search.records.SearchEntry``).
* ``Synonym``: synonyms and abbreviations editors maintain in the admin; applied
  when a query is analysed, so they take effect at once on both backends.
* ``PromotedResult``: a page editors pin to the top for a query.
* ``PendingIndexChange``: index writes Elasticsearch refused; ``reconcile``
  replays them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Page, Site

from search.vietnamese import fold

DEFAULT_COLLECTION = "catalogue"


class RecordKind(models.TextChoices):
    PROCEDURE = "procedure", "thủ tục hành chính"
    FORM = "form", "biểu mẫu"
    PAGE = "page", "trang thông tin"


class SearchRecord(models.Model):
    """What the search knows about one indexed object (one row per object)."""

    collection = models.CharField(
        "bộ chỉ mục", max_length=50, default=DEFAULT_COLLECTION, db_index=True
    )
    key = models.CharField("khoá", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=RecordKind.choices)
    code = models.CharField("mã", max_length=50, blank=True, db_index=True)
    title = models.CharField("tiêu đề", max_length=500)
    url = models.CharField("địa chỉ", max_length=500, blank=True)
    agency = models.CharField("cơ quan", max_length=255, blank=True)
    sector = models.CharField("lĩnh vực", max_length=255, blank=True)
    tier = models.CharField("cấp", max_length=20, blank=True)
    level = models.PositiveSmallIntegerField("mức độ", null=True, blank=True)
    online_kind = models.CharField("dịch vụ công trực tuyến", max_length=20, blank=True)
    user_type = models.CharField("đối tượng", max_length=20, blank=True)
    # "|1|4|": the sites this object is found on (its own and the portal).
    sites = models.CharField("trang", max_length=255, blank=True)
    # "|tier:huyen|unit:12|": the sites whose scope holds one of these tokens
    # find it too, unless their scope holds one of ``excluded``'s
    # (``search.records.SiteScope``).
    audiences = models.TextField("đối tượng tìm thấy", blank=True)
    excluded = models.TextField("loại trừ", blank=True)
    local_path = models.CharField(
        "địa chỉ trên trang đơn vị", max_length=255, blank=True
    )
    body = models.TextField("nội dung", blank=True)
    title_folded = models.CharField(max_length=500, blank=True)
    search_folded = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bản ghi tìm kiếm"
        verbose_name_plural = "bản ghi tìm kiếm"
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "key"], name="search_record_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def site_ids(self) -> list[int]:
        return [int(p) for p in self.sites.split("|") if p]


SYNONYMS_CACHE_KEY = "search:synonyms:v1"


class Synonym(models.Model):
    """A word or abbreviation citizens type and what it means in the catalogue."""

    term = models.CharField(
        "từ người dân gõ",
        max_length=100,
        unique=True,
        help_text="Ví dụ: sổ đỏ, GPXD, bằng lái. Không phân biệt dấu, hoa thường.",
    )
    expansions = models.TextField(
        "nghĩa trong danh mục",
        help_text="Mỗi dòng một cách gọi chính thức, ví dụ: giấy phép xây dựng.",
    )
    is_abbreviation = models.BooleanField("là chữ viết tắt", default=False)
    enabled = models.BooleanField("đang dùng", default=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("expansions"),
        FieldPanel("is_abbreviation"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = "từ đồng nghĩa, viết tắt"
        verbose_name_plural = "từ đồng nghĩa, viết tắt"
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().save(*args, **kwargs)
        cache.delete(SYNONYMS_CACHE_KEY)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = super().delete(*args, **kwargs)
        cache.delete(SYNONYMS_CACHE_KEY)
        return result

    @property
    def expansion_list(self) -> list[str]:
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]

    @property
    def folded_term(self) -> str:
        return fold(self.term)


class PromotedResult(models.Model):
    """A page editors put first for one query (on one site or everywhere)."""

    query = models.CharField(
        "câu tìm kiếm",
        max_length=255,
        help_text="So khớp không phân biệt dấu, hoa thường.",
    )
    page = models.ForeignKey(
        Page, verbose_name="trang", on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(
        Site,
        verbose_name="chỉ trên trang",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)
    query_folded = models.CharField(max_length=255, editable=False, db_index=True)

    panels = [
        FieldPanel("query"),
        PageChooserPanel("page"),
        FieldPanel("site"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "kết quả ưu tiên"
        verbose_name_plural = "kết quả ưu tiên"
        ordering = ["query_folded", "sort_order"]

    def __str__(self) -> str:
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.query_folded = fold(self.query)
        super().save(*args, **kwargs)


class PendingIndexChange(models.Model):
    """An index write Elasticsearch did not take; ``reconcile`` replays it."""

    collection = models.CharField(max_length=50, default=DEFAULT_COLLECTION)
    key = models.CharField(max_length=200)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thay đổi chỉ mục đang chờ"
        verbose_name_plural = "thay đổi chỉ mục đang chờ"
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "key"], name="search_pending_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
