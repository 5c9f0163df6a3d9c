"""Corpus readers for spaCy training configs."""

import logging
import random
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Union

import spacy
from spacy.language import Language
from spacy.training import Example

from .brat.conversion import load_gold_docs, make_doc
from .brat.reader import BratReadReport

logger = logging.getLogger(__name__)


@spacy.registry.readers("clinx.BratCorpus.v1")
def create_brat_corpus(
    path: Path,
    labels: Optional[List[str]] = None,
    strict: bool = True,
    limit: int = 0,
    shuffle: bool = False,
    ents_policy: str = "longest",
) -> Callable[[Language], Iterable[Example]]:
    """Examples from a BRAT folder (or a `.spacy` file), e.g.
    `[corpora.train] @readers = "clinx.BratCorpus.v1" path = ${paths.train}`."""
    return BratCorpus(
        path, labels=labels, strict=strict, limit=limit, shuffle=shuffle, ents_policy=ents_policy
    )


class BratCorpus:
    """Iterate `Example`s whose reference is the converted gold Doc (see
    `clinx_spacy.brat.conversion`) and whose predicted Doc is the text
    tokenized by `nlp`. `limit` keeps the first documents (0: all), then
    `shuffle` shuffles them on every call. Problems of a lenient read are
    logged once."""

    def __init__(
        self,
        path: Union[str, Path],
        *,
        labels: Optional[Iterable[str]] = None,
        strict: bool = True,
        limit: int = 0,
        shuffle: bool = False,
        ents_policy: str = "longest",
    ) -> None:
        self.path = Path(path)
        self.labels = None if labels is None else list(labels)
        self.strict = strict
        self.limit = limit
        self.shuffle = shuffle
        self.ents_policy = ents_policy
        self._logged = False

    def __call__(self, nlp: Language) -> Iterator[Example]:
        report = BratReadReport()
        docs: Iterable = load_gold_docs(
            self.path,
            nlp,
            labels=self.labels,
            strict=self.strict,
            ents_policy=self.ents_policy,
            report=report,
        )
        if self.limit >= 1:
            docs = islice(docs, self.limit)
        if self.shuffle:
            docs = list(docs)
            random.shuffle(docs)
        for reference in docs:
            yield Example(make_doc(nlp, reference.text), reference)
        if not self._logged:
            self._logged = True
            for problem in report.problems:
                logger.warning("%s: %s", problem.severity, problem)
