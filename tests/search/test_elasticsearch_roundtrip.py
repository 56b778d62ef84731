"""elasticsearch-dsl against the real Elasticsearch server."""

import uuid

import pytest
from elasticsearch.dsl import Document, Keyword, Text, analyzer, token_filter

from search.connection import get_client, index_name

pytestmark = pytest.mark.elasticsearch

# Only the analysis parts this Elasticsearch distribution ships (the integ-test
# zip has no analysis-common module): standard tokenizer, lowercase, shingle.
vietnamese_phrases = analyzer(
    "vietnamese_phrases",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter(
            "syllable_pairs", "shingle", min_shingle_size=2, max_shingle_size=2
        ),
    ],
)


class ProcedureProbe(Document):
    code = Keyword()
    name = Text(
        analyzer="standard", fields={"phrases": Text(analyzer=vietnamese_phrases)}
    )


@pytest.fixture
def probe_index():
    client = get_client()
    name = index_name(f"roundtrip-{uuid.uuid4().hex[:8]}")
    ProcedureProbe._index._name = name
    ProcedureProbe.init(using=client)
    yield client, name
    client.indices.delete(index=name, ignore_unavailable=True)


def test_index_and_search_a_vietnamese_document(probe_index):
    client, name = probe_index
    ProcedureProbe(
        meta={"id": "1"}, code="1.009994", name="Cấp giấy phép xây dựng"
    ).save(using=client, index=name, refresh=True)
    ProcedureProbe(meta={"id": "2"}, code="2.000046", name="Giải quyết khiếu nại").save(
        using=client, index=name, refresh=True
    )

    hits = (
        ProcedureProbe.search(using=client, index=name)
        .query("match", name="GIẤY PHÉP")
        .execute()
    )
    phrase_hits = (
        ProcedureProbe.search(using=client, index=name)
        .query("match", **{"name.phrases": "phép xây"})
        .execute()
    )

    assert [hit.code for hit in hits] == ["1.009994"]
    assert hits[0].name == "Cấp giấy phép xây dựng"
    assert [hit.code for hit in phrase_hits] == ["1.009994"]
    mapping = client.indices.get_mapping(index=name)[name]["mappings"]
    assert mapping["properties"]["code"]["type"] == "keyword"


def test_deleting_the_index_removes_it(probe_index):
    client, name = probe_index
    client.indices.delete(index=name)
    assert not client.indices.exists(index=name)
