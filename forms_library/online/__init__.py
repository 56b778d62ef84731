"""Online public services (level 3): the form builder and the citizen's journey.

An ``OnlineServicePage`` is a child of one ``ProcedurePage`` (``nop-truc-tuyen/``)
and is built on ``wagtail.contrib.forms``: editors compose fields, our
``OnlineFormBuilder`` turns them into Django forms, one per step. Each published
form is frozen as an ``OnlineFormVersion`` (a JSON definition) that drafts and
dossiers point to, so editing a form never changes what a citizen filled in.

What happens to a finished application is not this package's business: the
``dossiers`` app, above us in the layers, registers itself through
:mod:`forms_library.online.handoff`.
"""
