"""Search data kept in the database.

* ``SearchRecord``: one denormalised row per indexed object (pre-folded text and
  facet columns). The database fallback searches it; the Elasticsearch index is
  built from the same rows' source (``search.records.SearchEntry``).
* ``Synonym``: synonyms and abbreviations editors maintain in the admin; applied
  when a query is analysed, so they take effect at once on both backends.
* ``Concept``: how citizens say what they need (a life event, a profession, an
  everyday name of a document or vehicle, an everyday verb) and the catalogue's
  words for it; applied at query time on both backends.
* ``TermsRevision``: one counter bumped whenever a synonym or concept changes;
  every query reads it, so an edit takes effect on the next query in every
  server process (the per-process caches reload when it moved).
* ``PromotedResult``: a page editors pin to the top for a query.
* ``SearchQuery`` / ``SearchClick``: what visitors searched (no IP, no personal
  data), how many results they got and which one they opened; the editors'
  report reads them, ``purge_search_log`` enforces the retention limit.
* ``PendingIndexChange``: index writes Elasticsearch refused; ``reconcile``
  replays them.
"""

from __future__ import annotations

import secrets
import uuid

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

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        terms_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        terms_changed()
        return result

    @property
    def expansion_list(self) -> list[str]:
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]

    @property
    def folded_term(self) -> str:
        return fold(self.term)


class TermsRevision(models.Model):
    """A counter bumped by every change to synonyms and concepts (one row)."""

    revision = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản từ đồng nghĩa và khái niệm"
        verbose_name_plural = "phiên bản từ đồng nghĩa và khái niệm"

    def __str__(self) -> str:
        return str(self.revision)


def terms_changed() -> None:
    """A synonym or concept changed: every process reloads them on its next query.

    The revision is a fresh random number rather than a counter, so a rolled
    back transaction can never bring an old number back with other contents.
    """
    TermsRevision.objects.update_or_create(
        pk=1, defaults={"revision": secrets.randbits(62)}
    )
    cache.delete(SYNONYMS_CACHE_KEY)


def terms_revision() -> int:
    """The current revision (one indexed read, done once per query)."""
    found = TermsRevision.objects.filter(pk=1).values_list("revision", flat=True)
    return next(iter(found), 0)


class ConceptKind(models.TextChoices):
    LIFE_EVENT = "life_event", "sự kiện trong đời"
    PROFESSION = "profession", "nghề nghiệp"
    DOCUMENT = "document", "tên gọi thường ngày của giấy tờ"
    VEHICLE = "vehicle", "phương tiện"
    BUSINESS = "business", "kinh doanh, cơ sở"
    NEED = "need", "việc muốn làm"
    ACTION = "action", "việc cần làm (động từ thường ngày)"
    OTHER = "other", "khác"


class Concept(models.Model):
    """Everyday phrasing that means something in the catalogue's words.

    A phrase found in a query gives one more reading per meaning. For an
    everyday verb (kind "action": "mất" → "cấp lại") the rest of the query stays
    required, as with a synonym; for the other kinds the phrase says what is
    wanted ("cưới vợ" → "đăng ký kết hôn"), so the rest of the query only ranks
    ("cưới vợ người nước ngoài" puts the foreign-element procedure first).
    """

    name = models.CharField(
        "tên khái niệm",
        max_length=100,
        unique=True,
        help_text="Để biên tập viên nhận ra, ví dụ: Kết hôn.",
    )
    kind = models.CharField(
        "loại", max_length=20, choices=ConceptKind.choices, default=ConceptKind.OTHER
    )
    phrases = models.TextField(
        "cách người dân nói",
        help_text="Mỗi dòng một cách nói, ví dụ: cưới vợ, lấy chồng. Không phân "
        "biệt dấu, hoa thường.",
    )
    meanings = models.TextField(
        "từ ngữ trong danh mục",
        help_text="Mỗi dòng một cách gọi trong tên thủ tục, ví dụ: đăng ký kết hôn.",
    )
    enabled = models.BooleanField("đang dùng", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("phrases"),
        FieldPanel("meanings"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = "khái niệm (cách nói thường ngày)"
        verbose_name_plural = "khái niệm (cách nói thường ngày)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        terms_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        terms_changed()
        return result

    @property
    def phrase_list(self) -> list[str]:
        return _lines(self.phrases)

    @property
    def meaning_list(self) -> list[str]:
        return _lines(self.meanings)

    @property
    def keeps_rest_required(self) -> bool:
        """Everyday verbs only replace a word; the object must still match."""
        return self.kind == ConceptKind.ACTION

    def add_phrase(self, phrase: str) -> bool:
        """Add a phrase unless it is already there (folded); True when added."""
        phrase = " ".join(phrase.split())
        if not phrase or fold(phrase) in {fold(p) for p in self.phrase_list}:
            return False
        self.phrases = "\n".join([*self.phrase_list, phrase])
        return True


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


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

    def save(self, *args, **kwargs) -> None:
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


class SearchQuery(models.Model):
    """One search a visitor made (first page only), without personal data.

    No IP address, user, session or user agent is stored; the text has
    anything that looks like a CCCD/CMND, phone number or e-mail removed
    (``search.querylog.redact``). ``token`` lets the results page report which
    result was opened without exposing the row's id.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    query = models.CharField("câu tìm kiếm", max_length=255)
    query_folded = models.CharField(max_length=255, db_index=True)
    site = models.ForeignKey(
        Site,
        verbose_name="trang",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("nguồn", max_length=10, default="page")
    backend = models.CharField(max_length=20, blank=True)
    result_count = models.PositiveIntegerField("số kết quả", default=0)
    filtered = models.BooleanField("có lọc", default=False)

    class Meta:
        verbose_name = "lượt tìm kiếm"
        verbose_name_plural = "lượt tìm kiếm"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.query


class SearchClick(models.Model):
    """A result opened from a search (its record key and its rank)."""

    search = models.ForeignKey(
        SearchQuery, on_delete=models.CASCADE, related_name="clicks"
    )
    key = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kết quả được mở"
        verbose_name_plural = "kết quả được mở"

    def __str__(self) -> str:
        return f"{self.search} → {self.key}"
