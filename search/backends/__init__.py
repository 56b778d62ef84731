"""The search backends, one module per engine (as ``wagtail.search.backends``).

- ``base``: what both share (``SearchFilters``, ``SearchHit``, ``SearchResults``,
  ``Suggestion``);
- ``elasticsearch``: the engine;
- ``database``: the fallback when Elasticsearch is not configured or down.

``search.services`` is the only caller that picks between them.
"""
