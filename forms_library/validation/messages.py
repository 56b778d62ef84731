"""The validator's messages, shared by the checkers (translated in forms_library's
catalogue; Vietnamese is the portal's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CORRUPT = _("The file is damaged and cannot be opened. Allowed types: %(allowed)s.")
MACROS = _(
    "The file contains macros, which are not allowed. Save it "
    "without macros. Allowed types: %(allowed)s."
)
ENCRYPTED = _(
    "Encrypted documents are not allowed. Remove the password "
    "and upload the file again. Allowed types: %(allowed)s."
)
ARCHIVE = _(
    "Compressed archives are not allowed, only documents. Allowed types: %(allowed)s."
)
ZIP_BOMB = _(
    "The document expands to an abnormal size when opened (a "
    "possible zip bomb) and was refused. Allowed types: %(allowed)s."
)
NESTED_ARCHIVE = _(
    "The document contains another compressed archive inside it, which is not "
    "allowed. Allowed types: %(allowed)s."
)
OLE_OBJECT = _(
    "The document contains embedded objects (OLE or ActiveX), which are not "
    "allowed. Save it without embedded objects. Allowed types: %(allowed)s."
)
EXTERNAL_LINK = _(
    "The document loads content from outside the file (%(target)s), for example "
    "a remote template, which is not allowed. Allowed types: %(allowed)s."
)
DDE = _(
    "The document contains DDE fields, which can run commands, and was "
    "refused. Allowed types: %(allowed)s."
)
POLYGLOT_MARKUP = _(
    "The file hides web page or script code inside a %(type)s and was "
    "refused. Allowed types: %(allowed)s."
)
POLYGLOT_ARCHIVE = _(
    "The file is a %(type)s and a compressed archive at the same time (a "
    "polyglot file) and was refused. Allowed types: %(allowed)s."
)
PDF_ACTIVE = _(
    "The PDF contains scripts or launch actions, which are not "
    "allowed. Allowed types: %(allowed)s."
)
PDF_EMBEDDED_FILE = _(
    "The PDF contains attached or embedded files, which are not allowed. Save "
    "it again without attachments. Allowed types: %(allowed)s."
)
PDF_RICH_MEDIA = _(
    "The PDF contains multimedia or XFA form content, which is not allowed. "
    "Allowed types: %(allowed)s."
)
PDF_ENCRYPTED = _(
    "Password-protected or encrypted PDFs are not allowed. Save the PDF "
    "without protection and upload it again. Allowed types: %(allowed)s."
)
VIRUS = _(
    "The file contains a virus or other malicious code (%(signature)s) and was "
    "refused. Allowed types: %(allowed)s."
)
