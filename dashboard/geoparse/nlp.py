"""spaCy's entity recogniser, run by a loop of our own that gives the same entities faster.

spaCy 3.8's compiled greedy loop releases the GIL and then takes it again in
every validity check of every transition (Cython's exception checks on
`StateC`): 74 transitions checked per token, and most of the recogniser's
time went there (70 ms per LGL article here; 32 ms with this loop). This
loop runs the same model, in the same floating-point order, with the BILUO
rules of spaCy's `ner` for a text that has no entities or sentence starts set
yet (what the tokenizer gives). While no entity is open a state's features
are its next token only, so those scores, and the transition they choose, are
computed for every token in one matrix product; inside an entity the only
choice is I- or L- of its label.

The products go through numpy's BLAS on one thread instead of thinc's blis,
1.7 to 1.8 times faster for the whole pipeline (`python -m bench.blas`). The two
libraries may round the last bit of a score differently, which could only
matter at an exact tie between two transitions: the entities are spaCy's
own, to the token, on the tests' texts (tests/test_nlp.py) and on the 588
LGL, 120 filming-news and 59 demo articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

if TYPE_CHECKING:
    from spacy.pipeline import EntityRecognizer

FACTORY = "reelmap_entities"
_BLAS = ThreadpoolController()  # the BLAS libraries loaded (numpy's, at least)


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
        self.ops = NumpyOps(use_blis=False)  # numpy's BLAS, see the module's docstring
        for node in model.walk():
            node.ops = self.ops
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.feature_bias = self.lower.get_param("b")  # (hidden, pieces)
        self.weights = upper.get_param("W")  # (classes, hidden)
        self.bias = upper.get_param("b")
        self.moves = _Moves([ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)])

    @staticmethod
    def fits(ner: Any) -> bool:
        """The model this loop reproduces: three state features (next token, the
        open entity's first token, the token before the next), maxout, an output layer."""
        model = getattr(ner, "model", None)
        if model is None or model.name != "parser_model" or not model.attrs.get("has_upper"):
            return False
        lower = model.get_ref("lower")
        unseen = model.attrs.get("unseen_classes")  # spaCy's score floor for these: not here
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        return bool(
            lower.get_dim("nF") == 3
            and lower.get_dim("nP") >= 2
            and not unseen
            and all(name[:1] in ("B", "I", "L", "U", "O") for name in names)
        )

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        # One thread: for these small matrices more threads only wait on each other
        # (they made a parse slower), and the parser's processes share the cores.
        with _BLAS.limit(limits=1, user_api="blas"):
            self._annotate_one_thread(docs)

    def _annotate_one_thread(self, docs: Sequence[Doc]) -> None:
        fresh = not self.ner.postprocesses and not any(
            doc.has_annotation("ENT_IOB") or doc.has_annotation("SENT_START") for doc in docs
        )
        if not fresh:  # the rules below assume nothing preset: spaCy's own loop
            for _ in self.ner.pipe(docs, batch_size=len(docs)):
                pass
            return
        found = self._parse(docs) if any(len(doc) for doc in docs) else [[] for _ in docs]
        for doc, entities in zip(docs, found, strict=True):
            doc.set_ents(
                [Span(doc, a, b, label=label) for a, b, label in entities], default="outside"
            )

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

    def _parse(self, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
        """Each doc's entities as (start token, end token, label)."""
        cached = self.lower.predict(self.tok2vec.predict(list(docs)))  # (tokens + 1, 3, ...)
        padding = cached[0]
        # With no entity open the features are (next token, padding, padding): every
        # token's scores in one product, and its transition (B-, U- or O) from them.
        outside = self._scores(self._hidden(cached[1:, 0], padding[1], padding[2]))
        moves = self.moves
        lengths = [len(doc) for doc in docs]
        space = np.concatenate([doc.to_array(IS_SPACE) for doc in docs]).astype(bool)
        last = np.zeros(len(space), dtype=bool)
        last[np.cumsum(lengths)[np.array(lengths) > 0] - 1] = True
        valid = np.where(
            space[:, None],
            moves.out,  # no entity starts on whitespace
            np.where(last[:, None], moves.unit | moves.out, moves.begin | moves.unit | moves.out),
        )
        guesses = np.where(valid, outside, -np.inf).argmax(axis=1).tolist()
        found: list[list[tuple[int, int, str]]] = []
        offset = 0
        for length in lengths:
            entities: list[tuple[int, int, str]] = []
            ahead = 0
            while ahead < length:
                guess = guesses[offset + ahead]
                kind, label = moves.kind[guess], moves.label[guess]
                if kind == _UNIT:
                    entities.append((ahead, ahead + 1, moves.names[label]))
                ahead += 1
                if kind != _BEGIN:
                    continue
                start = ahead - 1
                while True:  # inside the entity: I- while the model says so, then L-
                    row = offset + ahead
                    hidden = self._hidden(
                        cached[row + 1, 0][None],
                        cached[offset + start + 1, 1][None],
                        cached[row, 2][None],
                    )
                    scores = self._scores(hidden)[0]
                    inside, closing = moves.inside_of[label], moves.last_of[label]
                    ahead += 1
                    # spaCy takes the first best valid move: I- before L-, unless L- scores higher
                    if ahead < length and not scores[closing] > scores[inside]:
                        continue
                    entities.append((start, ahead, moves.names[label]))
                    break
            found.append(entities)
            offset += length
        return found


_BEGIN, _INSIDE, _LAST, _UNIT, _OUT = range(5)


class _Moves:
    """The recogniser's transitions ("B-GPE", "I-GPE", "L-GPE", "U-GPE", "U-", "O"):
    their kinds and labels by column, and which columns each rule allows."""

    def __init__(self, names: Sequence[str]) -> None:
        kinds = [("B", "I", "L", "U", "O").index(name[0]) for name in names]
        labels = [name.partition("-")[2] for name in names]
        self.names = ["", *sorted(set(labels) - {""})]  # label 0: none ("U-" is never valid)
        self.kind = kinds
        self.label = [self.names.index(label) for label in labels]
        kind, labelled = np.array(kinds), np.array(self.label) != 0
        self.begin = (kind == _BEGIN) & labelled
        self.unit = (kind == _UNIT) & labelled
        self.out = kind == _OUT
        self.inside_of = {self.label[i]: i for i, k in enumerate(kinds) if k == _INSIDE}
        self.last_of = {self.label[i]: i for i, k in enumerate(kinds) if k == _LAST}
