"""Factories for form templates: real documents with real generated files."""

from __future__ import annotations

import datetime
import secrets

import factory
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from forms_library import samples
from forms_library.models import FormStatus, FormTemplate, FormVersion


def docx_file(title: str = "Đơn đề nghị") -> ContentFile:
    content = samples.docx_bytes("Mẫu số 01", title, ["Họ và tên: ......"])
    return ContentFile(content, name=f"{secrets.token_hex(16)}.docx")


def pdf_file(title: str = "Tờ khai") -> ContentFile:
    content = samples.text_pdf_bytes(["Mau so 02", title])
    return ContentFile(content, name=f"{secrets.token_hex(16)}.pdf")


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Tệp {n}")
    file = factory.LazyFunction(docx_file)

    class Meta:
        model = get_document_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        document = super()._create(model_class, *args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class FormTemplateFactory(factory.django.DjangoModelFactory):
    form_number = factory.Sequence(lambda n: f"Mẫu số {n:02d}")
    title = factory.Sequence(lambda n: f"Đơn đề nghị số {n}")

    class Meta:
        model = FormTemplate


class FormVersionFactory(factory.django.DjangoModelFactory):
    form = factory.SubFactory(FormTemplateFactory)
    document = factory.SubFactory(DocumentFactory)
    version = "1"
    effective_date = datetime.date(2024, 1, 1)
    status = FormStatus.CURRENT

    class Meta:
        model = FormVersion
