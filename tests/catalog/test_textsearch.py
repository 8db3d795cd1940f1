from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tourlink.catalog.textsearch import fold, index_terms, query_terms, score, tokenize


def test_vietnamese_diacritics_fold_including_d_bar() -> None:
    assert fold("Đồ Sơn") == "do son"
    assert fold("Vịnh Hạ Long") == "vinh ha long"
    assert fold("Côn Sơn – Kiếp Bạc") == "con son – kiep bac"


def test_decomposed_input_folds_like_composed_input() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Yên Tử")
    assert fold(decomposed) == fold("Yên Tử") == "yen tu"


def test_cjk_runs_split_into_overlapping_bigrams() -> None:
    assert tokenize("下龙湾") == ["下龙", "龙湾"]
    assert tokenize("ハロン湾") == ["ハロ", "ロン", "ン湾"]


def test_single_cjk_character_is_its_own_term() -> None:
    assert tokenize("湾") == ["湾"]


def test_korean_with_and_without_spaces_share_terms() -> None:
    assert set(tokenize("하롱베이")) <= set(tokenize("하롱 베이"))


def test_hindi_keeps_vowel_signs_inside_words() -> None:
    assert tokenize("हा लॉन्ग बे")[:3] == ["हा", "लॉन्ग", "बे"]


def test_latin_words_get_phrase_terms() -> None:
    assert "ha long" in tokenize("Vịnh Hạ Long")


def test_mixed_script_text_splits_between_scripts() -> None:
    assert tokenize("Cát Bà 吉婆岛") == ["cat", "ba", "吉婆", "婆岛", "cat ba"]


def test_index_keeps_the_strongest_field_weight() -> None:
    terms = {
        t.term: t.weight for t in index_terms({"name": ["Ha Long"], "text": ["long"]})
    }
    assert terms["long"] == 10.0


def test_score_requires_every_single_word_term() -> None:
    matched = {"ha": 10.0, "long": 10.0}
    assert score(matched, ["ha", "long", "ha long"], {}, 10) > 0
    assert score(matched, ["ha", "long", "bay"], {}, 10) == 0


def test_query_terms_are_distinct() -> None:
    assert query_terms("ha ha") == ["ha", "ha ha"]


@given(st.text(max_size=60))
def test_tokenize_never_fails_and_terms_are_folded(text: str) -> None:
    for term in tokenize(text):
        assert term
        assert term == fold(term)


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặ ", max_size=40))
def test_vietnamese_text_matches_its_unaccented_form(text: str) -> None:
    assert set(query_terms(fold(text))) == set(query_terms(text))
