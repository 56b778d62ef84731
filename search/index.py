"""The Elasticsearch index: analyzers, mapping, alias naming, writes and rebuilds.

Readers and writers always go through an alias (``<prefix>-<collection>``); the
concrete indexes are versioned (``<alias>-<timestamp>``) so a rebuild fills a new
index while the old one answers, then swaps the alias in one atomic call. While a
rebuild runs, a second alias ``<alias>-next`` points at the new index and every
write goes to both, so nothing published during a rebuild is lost.

Only the standard tokenizer and the lowercase and shingle filters exist on this
server (no analysis-common module), so folding, Telex/VNI repair and synonyms are
done by ``search.vietnamese`` before text reaches Elasticsearch; the analyzers
below only split, lowercase and pair syllables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import (
    Completion,
    Document,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from search.connection import get_client, index_name
from search.records import SearchEntry

logger = logging.getLogger(__name__)
# Queries and single writes keep the short client timeout; bulk work may not.
ADMIN_TIMEOUT = 120.0

vi_words = analyzer("vi_words", tokenizer="standard", filter=["lowercase"])
# Adjacent syllables as one token: "giấy phép" scores as a unit, not as two
# common syllables that happen to occur somewhere in the title.
vi_syllable_pairs = analyzer(
    "vi_syllable_pairs",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter(
            "vi_pairs",
            "shingle",
            min_shingle_size=2,
            max_shingle_size=2,
            output_unigrams=False,
        ),
    ],
)


def _text_with_pairs() -> Text:
    return Text(analyzer=vi_words, fields={"pairs": Text(analyzer=vi_syllable_pairs)})


class CatalogueDocument(Document):
    """Mapping of the catalogue index (procedures, forms and pages)."""

    key = Keyword()
    kind = Keyword()
    code = Keyword()
    title = Text(analyzer=vi_words, index=False)
    # The title with its diacritics (tone placement normalised): exact matches.
    title_exact = _text_with_pairs()
    # The title folded by search.vietnamese: matches typed without diacritics.
    title_folded = _text_with_pairs()
    url = Keyword(index=False)
    agency = Keyword()
    sector = Keyword()
    agency_folded = Text(analyzer=vi_words)
    sector_folded = Text(analyzer=vi_words)
    tier = Keyword()
    level = Integer()
    online_kind = Keyword()
    user_type = Keyword()
    site_ids = Keyword()
    # Site scope tokens (search.records.SiteScope): who else finds it, who not.
    audiences = Keyword()
    excluded = Keyword()
    local_path = Keyword(index=False)
    body = Text(analyzer=vi_words, index=False)
    body_folded = Text(analyzer=vi_words)
    keywords_folded = Text(analyzer=vi_words)
    search_folded = Text(analyzer=vi_words)
    suggest = Completion(
        analyzer=vi_words,
        contexts=[{"name": "site", "type": "category"}],
    )
    fingerprint = Keyword()


class SearchIndex:
    """One searchable collection in Elasticsearch, behind an alias."""

    def __init__(self, collection: str, client: Elasticsearch | None = None):
        self.collection = collection
        self.alias = index_name(collection)
        self.next_alias = f"{self.alias}-next"
        self._client = client

    @property
    def client(self) -> Elasticsearch:
        client = self._client or get_client()
        if client is None:
            raise RuntimeError("ELASTICSEARCH_URL is not configured")
        return client

    @property
    def admin(self) -> Elasticsearch:
        """The client with a long timeout, for index creation and bulk loads."""
        return self.client.options(request_timeout=ADMIN_TIMEOUT)

    # -- index management ---------------------------------------------------------
    def _create_concrete(self) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        body = CatalogueDocument._index.to_dict()
        body.setdefault("settings", {}).update(
            {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "refresh_interval": "1s",
            }
        )
        mappings = CatalogueDocument._doc_type.mapping.to_dict()
        self.admin.indices.create(
            index=name, settings=body["settings"], mappings=mappings
        )
        return name

    def concrete_indexes(self, alias: str | None = None) -> list[str]:
        alias = alias or self.alias
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(self.client.indices.get_alias(name=alias).body)

    def ensure(self) -> None:
        """Create the first versioned index and its alias when missing."""
        if self.concrete_indexes():
            return
        name = self._create_concrete()
        self.admin.indices.put_alias(index=name, name=self.alias)

    def drop(self) -> None:
        """Delete every index of this collection (tests, evaluation)."""
        names = set(self.concrete_indexes()) | set(
            self.concrete_indexes(self.next_alias)
        )
        for name in names:
            self.admin.indices.delete(index=name, ignore_unavailable=True)

    def refresh(self) -> None:
        self.admin.indices.refresh(index=self.alias)

    # -- writes -------------------------------------------------------------------
    def _targets(self) -> list[str]:
        return [self.alias, *self.concrete_indexes(self.next_alias)]

    def put(self, entry: SearchEntry, refresh: bool = False) -> None:
        for target in self._targets():
            self.client.index(
                index=target,
                id=entry.key,
                document=entry.to_document(),
                refresh="wait_for" if refresh else False,
            )

    def delete(self, key: str, refresh: bool = False) -> None:
        for target in self._targets():
            self.client.options(ignore_status=404).delete(
                index=target, id=key, refresh="wait_for" if refresh else False
            )

    def bulk_put(
        self,
        entries: Iterable[SearchEntry],
        target: str | None = None,
        progress: Callable[[int], None] | None = None,
        chunk_size: int = 500,
    ) -> int:
        targets = [target] if target else self._targets()
        if len(targets) > 1:
            entries = list(entries)
        written = 0
        for name in targets:
            actions = (
                {"_index": name, "_id": e.key, "_source": e.to_document()}
                for e in entries
            )
            for ok, _item in helpers.streaming_bulk(
                self.admin, actions, chunk_size=chunk_size, raise_on_error=True
            ):
                written += int(ok)
                if progress is not None:
                    progress(written)
        return written

    def bulk_delete(self, keys: Iterable[str]) -> int:
        actions = [
            {"_op_type": "delete", "_index": target, "_id": key}
            for target in self._targets()
            for key in keys
        ]
        if not actions:
            return 0
        ok, _errors = helpers.bulk(self.admin, actions, raise_on_error=False)
        return ok

    def fingerprints(self) -> dict[str, str]:
        """``{key: fingerprint}`` of every document behind the alias."""
        result: dict[str, str] = {}
        for hit in helpers.scan(
            self.admin,
            index=self.alias,
            query={"query": {"match_all": {}}},
            _source=["fingerprint"],
        ):
            result[hit["_id"]] = hit["_source"].get("fingerprint", "")
        return result

    # -- rebuild ------------------------------------------------------------------
    def rebuild(
        self,
        entries: Iterable[SearchEntry],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[str, int]:
        """Fill a new versioned index, then swap the alias to it atomically."""
        new = self._create_concrete()
        self.admin.indices.put_alias(index=new, name=self.next_alias)
        try:
            self.admin.indices.put_settings(
                index=new, settings={"refresh_interval": "-1"}
            )
            count = self.bulk_put(entries, target=new, progress=progress)
            self.admin.indices.put_settings(
                index=new, settings={"refresh_interval": "1s"}
            )
            self.admin.indices.refresh(index=new)
            old = self.concrete_indexes()
            actions: list[dict[str, Any]] = [
                {"remove": {"index": name, "alias": self.alias}} for name in old
            ]
            actions.append({"add": {"index": new, "alias": self.alias}})
            actions.append({"remove": {"index": new, "alias": self.next_alias}})
            self.admin.indices.update_aliases(actions=actions)
        except Exception:
            self.admin.indices.delete(index=new, ignore_unavailable=True)
            raise
        for name in old:
            self.admin.indices.delete(index=name, ignore_unavailable=True)
        return new, count


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_collection() -> str:
    return getattr(settings, "SEARCH_COLLECTION", "catalogue")
