"""`clinx_crf_ner`: entity recognition with a CRF output layer, as in CLIN-X's
improved architecture. Entities come from the best valid BILUO sequence of each
document (Viterbi), written to `doc.ents`, or to a span group: one head per task
of a multi-task pipeline. Each entity's confidence, the lowest marginal probability
of its tags under the CRF (forward–backward), is `span._.clinx_confidence`."""

import math
from itertools import islice
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, biluo_tags_to_spans, validate_examples, validate_get_examples
from spacy.vocab import Vocab
from thinc.api import Config, Model, Optimizer, set_dropout_rate
from thinc.types import Floats1d, Floats2d, Ints1d

from ..ml.biluo import UNKNOWN, biluo_tags, gold_tag_ids
from ..ml.crf_tagger import crf_decode, crf_loss, crf_path_marginals, set_tags

# The span extension holding an entity's confidence, registered on import so that saved
# Docs read back anywhere the package is.
CONFIDENCE = "clinx_confidence"
if not Span.has_extension(CONFIDENCE):
    Span.set_extension(CONFIDENCE, default=None)
DEFAULT_CRF_NER_MODEL = Config().from_str(
    """
[model]
@architectures = "clinx.CRFTagger.v1"
nO = null

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 96
depth = 4
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
)["model"]


@Language.factory(
    "clinx_crf_ner",
    assigns=["doc.ents", "doc.spans", "token.ent_iob", "token.ent_type"],
    default_config={
        "model": DEFAULT_CRF_NER_MODEL,
        "spans_key": None,
        "confidence": True,
        "scorer": {"@scorers": "clinx.strict_span_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_crf_ner(
    nlp: Language,
    name: str,
    model: Model[List[Doc], List[Floats2d]],
    spans_key: Optional[str],
    confidence: bool,
    scorer: Optional[Callable],
) -> "CRFEntityRecognizer":
    """A CRF entity recognizer over `model` (e.g. `clinx.CRFTagger.v1` on a
    TransformerListener). It writes `doc.ents`, or with `spans_key` the span group
    `doc.spans[spans_key]` only, learning from the reference's group of that name
    (score it with `clinx.strict_span_scorer.v1` given the same spans_key).
    `confidence`: also set each entity's `span._.clinx_confidence`."""
    return CRFEntityRecognizer(nlp.vocab, model, name, spans_key=spans_key, confidence=confidence, scorer=scorer)


class CRFEntityRecognizer(TrainablePipe):
    """Named entities from a linear-chain CRF over BILUO tags.

    The model gives emission scores per token and tag; the CRF adds learned
    transition scores, and only valid BILUO transitions are ever scored, so
    decoded sequences are always valid. Training minimises the negative
    log-likelihood of the gold sequence, summed over documents. Tokens whose
    gold tag is unknown (missing annotation, or gold entities not aligned to the
    predicted tokens: "-" in `Example.get_aligned_ner`) are marginalised: the
    gold score sums over every valid tag at those positions, so they add no
    error signal of their own and the rest of the document still trains.
    """

    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "clinx_crf_ner",
        *,
        spans_key: Optional[str] = None,
        confidence: bool = True,
        scorer: Optional[Callable] = None,
    ) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: Dict = {"labels": [], "spans_key": spans_key}
        self.confidence = confidence
        self.scorer = scorer

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    @property
    def spans_key(self) -> Optional[str]:
        """The span group written and learned from, or None for `doc.ents`."""
        return self.cfg["spans_key"]

    @property
    def label_data(self) -> List[str]:
        return list(self.labels)

    @property
    def tags(self) -> List[str]:
        """The BILUO tags, in the order of the model's outputs."""
        return biluo_tags(self.labels)

    def add_label(self, label: str) -> int:
        """Add an entity label before initialization. RETURNS: 0 if it was
        already there, else 1."""
        if not isinstance(label, str):
            raise ValueError(f"Entity labels are strings, not {type(label).__name__}: {label!r}")
        if label in self.labels:
            return 0
        if self.model.get_ref("output_layer").has_param("W"):
            raise ValueError(
                f"Cannot add label {label!r} to the initialized component {self.name!r}: "
                "its output layer and CRF are sized for its labels. Pass all labels to "
                "initialize instead."
            )
        self.cfg["labels"].append(label)
        self.vocab.strings.add(label)
        return 1

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Optional[Language] = None,
        labels: Optional[Iterable[str]] = None,
    ) -> None:
        """Take the labels (`labels`, else every label of the gold entities or
        span group, sorted), size the model and CRF for their BILUO tags and
        initialize the model on a sample of the documents."""
        validate_get_examples(get_examples, "CRFEntityRecognizer.initialize")
        if labels is None:
            labels = sorted({span.label_ for eg in get_examples() for span in self._gold_spans(eg.reference)})
        for label in labels:
            self.add_label(label)
        set_tags(self.model, self.tags)
        doc_sample = [eg.predicted for eg in islice(get_examples(), 10)]
        if not doc_sample:
            raise ValueError(f"initialize of {self.name!r} got no examples.")
        self.model.initialize(X=doc_sample)

    def predict(self, docs: Iterable[Doc]) -> Tuple[List[Ints1d], Optional[List[Floats1d]]]:
        """The best valid BILUO tag id sequence of each document, and (with
        `confidence`) the marginal probability of each of its tags."""
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return [self.model.ops.alloc1i(0) for _ in docs], None
        emissions = self.model.predict(docs)
        paths = crf_decode(self.model, emissions)
        return paths, crf_path_marginals(self.model, emissions, paths) if self.confidence else None

    def set_annotations(self, docs: Iterable[Doc], predictions: Tuple[List[Ints1d], Optional[List[Floats1d]]]) -> None:
        """Overwrite each document's entities (or span group) with those of its
        tag sequence; an entity's confidence is the lowest marginal of its tags."""
        tags = self.tags
        tag_ids, marginals = predictions
        for n, (doc, doc_tag_ids) in enumerate(zip(docs, tag_ids)):
            spans = biluo_tags_to_spans(doc, [tags[i] for i in doc_tag_ids.tolist()])
            if self.spans_key is None:
                doc.ents = spans
            else:
                doc.spans[self.spans_key] = spans
            if marginals is not None and len(doc):
                for span in spans:
                    setattr(span._, CONFIDENCE, round(float(marginals[n][span.start : span.end].min()), 4))

    def _gold_spans(self, reference: Doc) -> Iterable[Span]:
        if self.spans_key is None:
            return reference.ents
        return reference.spans.get(self.spans_key, ())

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optional[Optimizer] = None,
        losses: Optional[Dict[str, float]] = None,
    ) -> Dict[str, float]:
        """Learn from a batch: CRF loss, backpropagated through the emission
        model (and the listener's upstream transformer)."""
        if losses is None:
            losses = {}
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "CRFEntityRecognizer.update")
        if not any(len(eg.predicted) for eg in examples):
            return losses
        set_dropout_rate(self.model, drop)
        emissions, backprop = self.model.begin_update([eg.predicted for eg in examples])
        loss, d_emissions = self.get_loss(examples, emissions)
        backprop(d_emissions)
        if sgd not in (None, False):
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def get_loss(self, examples: Iterable[Example], scores: List[Floats2d]) -> Tuple[float, List[Floats2d]]:
        """The summed negative log-likelihood of the gold tag sequences and its
        gradient with respect to the emission scores. The CRF's own transition
        gradients are accumulated as a side effect, for the next finish_update."""
        examples = list(examples)
        validate_examples(examples, "CRFEntityRecognizer.get_loss")
        tag_ids = {tag: i for i, tag in enumerate(self.tags)}
        gold = [self.model.ops.asarray1i(gold_tag_ids(eg, tag_ids, self.spans_key)) for eg in examples]
        d_scores = [self.model.ops.alloc2f(*doc_scores.shape) for doc_scores in scores]
        # A document without a single known tag (for a task head: another task's
        # document) has zero loss and zero gradient, so the CRF skips it.
        known = [i for i, doc_gold in enumerate(gold) if (doc_gold != UNKNOWN).any()]
        if not known:
            return 0.0, d_scores
        losses, backprop = crf_loss(self.model, [scores[i] for i in known], [gold[i] for i in known])
        for i, d_known in zip(known, backprop(self.model.ops.alloc1f(len(losses)) + 1.0)):
            d_scores[i] = d_known
        loss = float(losses.sum())
        if math.isnan(loss):
            raise ValueError(f"NaN loss in component {self.name!r}.")
        return loss, d_scores
