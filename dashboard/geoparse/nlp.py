"""spaCy's entity recogniser, run by a loop of our own that gives the same entities faster.

spaCy 3.8's compiled greedy loop releases the GIL and then takes it again in
every validity check of every transition (Cython's exception checks on
`StateC`), about a hundred times per token; on two cores that made entity
recognition cost 60 ms per article, three times its arithmetic. This loop
runs the same model with the same transition system and the same BLAS
kernel (blis, through thinc), in the same floating-point order, so the
entities are the same to the bit. One more saving: while no entity is open,
a state's features are its next token only, so those scores are computed for
every token of the batch in one matrix product instead of one per step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.language import Language
from spacy.util import minibatch

if TYPE_CHECKING:
    from spacy.pipeline import EntityRecognizer
    from spacy.tokens import Doc

FACTORY = "reelmap_entities"


def use_entity_loop(nlp: Language) -> None:
    """Run the pipeline's `ner` through `Entities` (same name, same output)."""
    if not Entities.fits(nlp.get_pipe("ner")):
        return  # another architecture: spaCy's own loop, slower but right
    nlp.add_pipe(FACTORY, name="entities", before="ner")
    nlp.remove_pipe("ner")
    nlp.rename_pipe("entities", "ner")


@Language.factory(FACTORY)
def _make_entities(nlp: Language, name: str) -> Entities:
    return Entities(nlp.get_pipe("ner"))


class Entities:
    """A pipeline step that sets `doc.ents` as spaCy's `ner` would, with its weights."""

    def __init__(self, ner: EntityRecognizer) -> None:
        model = ner.model
        self.ner = ner
        self.ops = model.ops
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.feature_bias = self.lower.get_param("b")  # (hidden, pieces)
        self.weights = upper.get_param("W")  # (classes, hidden)
        self.bias = upper.get_param("b")
        self.unseen = np.array(sorted(model.attrs["unseen_classes"]), dtype=np.intp)

    @staticmethod
    def fits(ner: Any) -> bool:
        """The model this loop reproduces: three state features (next token, the
        open entity's first token, the token before the next), maxout, an output layer."""
        model = getattr(ner, "model", None)
        if model is None or model.name != "parser_model" or not model.attrs.get("has_upper"):
            return False
        lower = model.get_ref("lower")
        return bool(lower.get_dim("nF") == 3 and lower.get_dim("nP") >= 2)

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        batch = self.ner.moves.init_batch(docs)
        if any(len(doc) for doc in docs):
            self._parse(docs, batch)
        self.ner.set_annotations(docs, batch)

    def _hidden(self, *features: np.ndarray) -> np.ndarray:
        """The state vectors: summed one feature at a time from zero, as spaCy's
        saxpy calls do, plus the bias, then maxout."""
        total = np.zeros(np.broadcast_shapes(*(f.shape for f in features)), dtype="f")
        for feature in features:
            total += feature
        total += self.feature_bias
        return np.ascontiguousarray(total.max(axis=-1))

    def _scores(self, hidden: np.ndarray) -> np.ndarray:
        scores = self.ops.gemm(hidden, self.weights, trans2=True)
        scores += self.bias
        return scores

    def _parse(self, docs: Sequence[Doc], batch: list[Any]) -> None:
        cached = self.lower.predict(self.tok2vec.predict(list(docs)))  # (tokens + 1, 3, ...)
        padding = cached[0]
        # no entity open: the features are (next token, padding, padding)
        outside = self._scores(self._hidden(cached[1:, 0], padding[1], padding[2]))
        offsets = np.cumsum([0, *(len(doc) for doc in docs)]).tolist()
        live = [(s, offsets[i]) for i, s in enumerate(batch) if not s.is_final()]
        while live:
            rows: list[int] = []
            inside: list[tuple[int, int, int, int]] = []  # (position, next, first, before)
            for position, (state, offset) in enumerate(live):
                following = state.B(0)
                if not state.entity_is_open():
                    if following >= 0:
                        rows.append(following + offset)
                        continue
                    inside.append((position, -1, -1, -1))
                elif following < 0:
                    inside.append((position, -1, state.E(0) + offset, -1))
                else:
                    start = state.E(0) + offset
                    inside.append((position, following + offset, start, following - 1 + offset))
                rows.append(0)
            scores = outside[rows]
            if inside:
                at, ids = np.array([i[0] for i in inside]), np.array([i[1:] for i in inside]) + 1
                hidden = self._hidden(
                    cached[ids[:, 0], 0], cached[ids[:, 1], 1], cached[ids[:, 2], 2]
                )
                scores[at] = self._scores(hidden)
            if len(self.unseen):
                scores[:, self.unseen] = scores.min()
            self.ner.transition_states([s for s, _ in live], scores)
            live = [(s, offset) for s, offset in live if not s.is_final()]
