"""Structured blocks of a procedure page: steps, dossier components, legal basis."""

from __future__ import annotations

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class StepBlock(blocks.StructBlock):
    """One step of the procedure (trình tự thực hiện), in order."""

    description = blocks.TextBlock(
        label="nội dung bước",
        help_text="Ví dụ: Tổ chức, cá nhân nộp hồ sơ tại Bộ phận một cửa.",
    )

    class Meta:
        label = "bước thực hiện"
        icon = "list-ol"


class DossierComponentBlock(blocks.StructBlock):
    """One document of the dossier (thành phần hồ sơ) with its quantities."""

    name = blocks.TextBlock(label="tên giấy tờ")
    originals = blocks.IntegerBlock(
        label="số bản chính", min_value=0, default=1, required=True
    )
    copies = blocks.IntegerBlock(
        label="số bản sao", min_value=0, default=0, required=True
    )
    note = blocks.CharBlock(
        label="ghi chú",
        required=False,
        help_text="Ví dụ: bản sao có chứng thực hoặc kèm bản chính để đối chiếu.",
    )
    # A snippet chooser keeps procedure_pages free of a migration dependency on
    # forms_library (the chooser stores the snippet's id only).
    form = SnippetChooserBlock(
        "forms_library.FormTemplate",
        required=False,
        label="mẫu đơn, tờ khai",
        help_text="Mẫu đơn, tờ khai tương ứng trong thư viện biểu mẫu (nếu có).",
    )

    class Meta:
        label = "thành phần hồ sơ"
        icon = "doc-full"


class LegalReferenceBlock(blocks.StructBlock):
    """One legal document the procedure is based on (căn cứ pháp lý)."""

    number = blocks.CharBlock(
        label="số, ký hiệu", required=False, help_text="Ví dụ: 42/2022/NĐ-CP"
    )
    date = blocks.DateBlock(label="ngày ban hành", required=False)
    issuer = blocks.CharBlock(
        label="cơ quan ban hành", required=False, help_text="Ví dụ: Chính phủ"
    )
    title = blocks.TextBlock(label="trích yếu")

    class Meta:
        label = "văn bản pháp lý"
        icon = "doc-full-inverse"
