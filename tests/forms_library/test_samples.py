"""Sample form files are real documents: a PDF's text can be extracted."""

from __future__ import annotations

import io

import pypdf

from forms_library import samples


def test_a_sample_pdf_is_a_text_pdf_in_vietnamese():
    # DejaVu Sans comes from fonts-dejavu-core (.ci/run installs it).
    data = samples.pdf_bytes(
        "Mẫu số 01", "Đơn đề nghị cấp giấy phép xây dựng", ["Họ và tên: ......"]
    )

    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()

    assert "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Họ và tên" in text


def test_the_fallback_pdf_has_text_too():
    data = samples.text_pdf_bytes(["Mẫu số 02", "Bản kê khai"])

    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()

    assert "Mau so 02" in text and "Ban ke khai" in text
