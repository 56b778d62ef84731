"""The concept layer (issue 16): everyday phrasing mapped to the catalogue's
words, as data, on both backends, effective on the next query everywhere."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from search.analysis import load_terms, plan_query, readings
from search.models import Concept, ConceptKind, TermsRevision
from search.services import search

pytestmark = pytest.mark.django_db


def codes(backend, collection, query):
    results = search(query, collection=collection, backend=backend)
    return [hit.code for hit in results.hits]


def test_the_defaults_are_loaded_as_data():
    assert Concept.objects.count() >= 100
    kinds = set(Concept.objects.values_list("kind", flat=True))
    assert kinds >= {"life_event", "profession", "document", "vehicle", "action"}


def test_a_life_event_finds_its_procedure(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "lấy vợ")[0] == "1.000894"
    assert codes(backend, collection, "lay vo")[0] == "1.000894"


def test_the_rest_of_the_query_ranks_around_a_concept(backend_collection):
    backend, collection = backend_collection
    # "lấy chồng" says what is wanted; "nước ngoài" picks the right one.
    assert codes(backend, collection, "lấy chồng ở nước ngoài")[0] == "1.001695"


def test_an_everyday_verb_keeps_the_object_required(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "bị mất thẻ căn cước")[0] == "1.012280"
    assert codes(backend, collection, "làm lại bằng lái xe")[0] == "1.002835"


def test_a_profession_finds_its_certificate(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "y sĩ")[0] in {"1.001907", "1.001908"}


def test_one_syllable_phrases_respect_typed_diacritics():
    # "đò" (a boat) must not read "sổ đỏ" as a boat.
    texts = [r.text for r in readings("sổ đỏ")]
    assert not any("thuỷ nội địa" in text for text in texts)


def test_a_concept_saved_applies_to_the_next_query(backend_collection):
    backend, collection = backend_collection
    assert codes(backend, collection, "dạm ngõ") == []
    Concept.objects.create(
        name="Dạm ngõ",
        kind=ConceptKind.LIFE_EVENT,
        phrases="dạm ngõ\nchạm ngõ",
        meanings="đăng ký kết hôn",
    )
    assert codes(backend, collection, "dạm ngõ")[0] == "1.000894"


def test_another_process_edit_applies_without_a_shared_cache(backend_collection):
    """A process keeps its terms until the revision row moves; an edit made
    elsewhere (which cleared only that process's cache) is seen at once."""
    backend, collection = backend_collection
    load_terms()  # this process's copy
    concept = Concept.objects.get(name="Kết hôn")
    # What another process's save leaves in the database: the row and a new
    # revision, and nothing in this process's cache.
    Concept.objects.filter(pk=concept.pk).update(phrases=concept.phrases + "\nrước dâu")
    TermsRevision.objects.update_or_create(pk=1, defaults={"revision": 987654321})
    assert codes(backend, collection, "rước dâu")[0] == "1.000894"


def test_disabled_concepts_are_ignored(backend_collection):
    backend, collection = backend_collection
    concept = Concept.objects.get(name="Kết hôn")
    concept.enabled = False
    concept.save()
    assert "Kết hôn" not in plan_query("cưới vợ", collection).concepts


def test_a_concept_edited_in_the_admin_applies_at_once(admin_client, db_collection):
    url = reverse(Concept.snippet_viewset.get_url_name("add"))
    response = admin_client.post(
        url,
        {
            "name": "Giỗ tổ",
            "kind": ConceptKind.LIFE_EVENT,
            "phrases": "giỗ tổ dòng họ",
            "meanings": "tổ chức lễ hội",
            "enabled": "on",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    results = search("giỗ tổ dòng họ", collection=db_collection, backend="database")
    assert results.hits[0].code == "1.003645"
    assert "Giỗ tổ" in results.concepts


def test_phrases_with_filler_words_match():
    # "làm", "xin", "cho" are dropped from the query, but phrases may hold
    # them ("làm lại" is "cấp lại"); the words around lose them still.
    texts = [r.text for r in readings("làm lại thẻ căn cước")]
    assert "cấp lại thẻ căn cước" in texts


def test_a_phrase_matches_with_one_more_word_inside():
    texts = [r.text for r in readings("gộp hai thửa đất")]
    assert any("hợp thửa" in text for text in texts)
    # Not after a light verb: "xin chuyển đất" is not "xin đất".
    assert not any("giao đất" in r.text for r in readings("xin chuyển đất"))


def test_the_corrected_reading_fits_the_neighbouring_words(db_collection):
    # "thấp" is one letter from "thất" and "thẩm"; titles pair "thất" with
    # "nghiệp". A syllable typed with diacritics is not "corrected" into a
    # word titles never put next to its neighbours ("pháo hoa").
    assert plan_query("trợ cấp thấp nghiệp", db_collection).corrected == (
        "trợ cấp thất nghiệp"
    )
    assert "phẩm" not in plan_query("bán pháo hoa", db_collection).corrected


def test_a_syllable_without_diacritics_in_a_query_typed_with_them_is_as_typed():
    # "do" (because) is not "đò" (a boat) when the rest carries diacritics;
    # typed all without diacritics, "do" may still be "đò".
    marked = readings("thiệt hại do cán bộ gây ra")
    assert not any("thuỷ nội địa" in r.text for r in marked)
    assert any("thuỷ nội địa" in r.text for r in readings("dang ky do"))


def test_a_migration_adds_only_the_phrases_it_lists():
    from search.concept_defaults import add_default_phrases

    concept = Concept.objects.create(
        name="Thử", kind=ConceptKind.NEED, phrases="một\nhai", meanings="đăng ký"
    )
    added = add_default_phrases(Concept, {"Thử": ["Hai", "ba"], "Không có": ["x"]})
    concept.refresh_from_db()
    assert added == 1
    assert concept.phrase_list == ["một", "hai", "ba"]
