"""Signals other apps listen to (e.g. the search indexer).

The importer writes pages in bulk, so Django's ``post_save`` and Wagtail's
``page_published`` do not fire for imported procedures; this signal does, once
per import, after the transaction commits.
"""

from django.dispatch import Signal

# Sent with ``page_ids``: the created or updated ProcedurePage ids.
procedures_imported = Signal()
