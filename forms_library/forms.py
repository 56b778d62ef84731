"""Wagtail's document form, with every upload passed through the one validator.

Installed with ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` so the single upload, the
multiple upload and "replace file" in the admin all use it.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from forms_library.validation import validate_upload


class SafeDocumentForm(BaseDocumentForm):
    """Checks an uploaded document by content and stores it under a random name."""

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            checked = validate_upload(file)
            # The uploaded name never becomes a storage path.
            file.name = checked.storage_name
        return file

    def _post_clean(self) -> None:
        # Document.clean() re-checks the (now missing) file's extension and would
        # add a confusing second error after the validator's own message.
        file_errors = copy.copy(self._errors.get("file")) if self._errors else None
        super()._post_clean()
        if file_errors is not None:
            self._errors["file"] = file_errors
