"""Corpus readers for spaCy training configs."""

import logging
import random
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Union

import spacy
from spacy.language import Language
from spacy.training import Example

from ..brat.conversion import line_fragments, load_gold_docs
from ..brat.keys import GOLD_KEY
from ..brat.reader import BratReadReport, read_brat_folder
from ..context.nubes import layer_labels, layer_spans, nubes_annotation
from ..tokenizer import make_doc

logger = logging.getLogger(__name__)


@spacy.registry.readers("clinx.BratCorpus.v1")
def create_brat_corpus(
    path: Path,
    labels: Optional[List[str]] = None,
    strict: bool = True,
    limit: int = 0,
    shuffle: bool = False,
    ents_policy: str = "outermost",
) -> Callable[[Language], Iterable[Example]]:
    """Examples from a BRAT folder (or a `.spacy` file), e.g.
    `[corpora.train] @readers = "clinx.BratCorpus.v1" path = ${paths.train}`."""
    return BratCorpus(path, labels=labels, strict=strict, limit=limit, shuffle=shuffle, ents_policy=ents_policy)


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
        ents_policy: str = "outermost",
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
            self.path, nlp, labels=self.labels, strict=self.strict, ents_policy=self.ents_policy, report=report
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


@spacy.registry.readers("clinx.MultiTaskBratCorpus.v1")
def create_multitask_brat_corpus(
    path: Path, tasks: List[str], split: str, strict: bool = True, limit: int = 0, shuffle: bool = False
) -> Callable[[Language], Iterable[Example]]:
    """Examples from several tasks' BRAT folders, `<path>/<task>/<split>`, for a
    pipeline with one head per task. Each reference holds its task's gold spans in
    the span group named after the task, overlaps included (and no "gold" group):
    a head learns from and is scored on its own task's documents only. `limit`
    keeps the first documents of each task; `shuffle` mixes the tasks."""
    return MultiTaskBratCorpus(path, tasks, split, strict=strict, limit=limit, shuffle=shuffle)


class MultiTaskBratCorpus:
    """See `create_multitask_brat_corpus`."""

    def __init__(
        self,
        path: Union[str, Path],
        tasks: Iterable[str],
        split: str,
        *,
        strict: bool = True,
        limit: int = 0,
        shuffle: bool = False,
    ) -> None:
        self.tasks = list(tasks)
        if not self.tasks:
            raise ValueError("MultiTaskBratCorpus needs at least one task")
        self.corpora = {task: BratCorpus(Path(path) / task / split, strict=strict, limit=limit) for task in self.tasks}
        missing = [str(corpus.path) for corpus in self.corpora.values() if not corpus.path.exists()]
        if missing:
            raise FileNotFoundError(f"MultiTaskBratCorpus: no such folder: {', '.join(missing)}")
        self.shuffle = shuffle

    def __call__(self, nlp: Language) -> Iterator[Example]:
        examples: Iterable[Example] = (
            _as_task_example(example, task) for task, corpus in self.corpora.items() for example in corpus(nlp)
        )
        if self.shuffle:
            examples = list(examples)
            random.shuffle(examples)
        yield from examples


def _as_task_example(example: Example, task: str) -> Example:
    reference = example.reference
    reference.spans[task] = list(reference.spans.pop(GOLD_KEY))
    return example


@spacy.registry.readers("clinx.AssertionCorpus.v1")
def create_assertion_corpus(
    path: Path, spans_key: str = "assertion", limit: int = 0, shuffle: bool = False, per_line: bool = True
) -> Callable[[Language], Iterable[Example]]:
    """Examples for a negation and uncertainty tagger from a NUBes-style BRAT folder:
    the reference's span group `spans_key` holds the cues (under their NUBes labels) and
    the scopes linked to them (NegScope, UncertScope), see `clinx_spacy.context.nubes`.
    `per_line`: one example per line of text (NUBes writes a sentence a line); `limit`
    keeps the first files."""
    return AssertionCorpus(path, spans_key=spans_key, limit=limit, shuffle=shuffle, per_line=per_line)


class AssertionCorpus:
    """See `create_assertion_corpus`."""

    def __init__(
        self,
        path: Union[str, Path],
        *,
        spans_key: str = "assertion",
        limit: int = 0,
        shuffle: bool = False,
        per_line: bool = True,
    ) -> None:
        self.path = Path(path)
        self.spans_key = spans_key
        self.limit = limit
        self.shuffle = shuffle
        self.per_line = per_line

    def __call__(self, nlp: Language) -> Iterator[Example]:
        brat_docs: Iterable = read_brat_folder(self.path)
        if self.limit >= 1:
            brat_docs = islice(brat_docs, self.limit)
        examples: Iterable[Example] = (example for brat_doc in brat_docs for example in self._examples(nlp, brat_doc))
        if self.shuffle:
            examples = list(examples)
            random.shuffle(examples)
        yield from examples

    def _examples(self, nlp: Language, brat_doc) -> Iterator[Example]:
        text = brat_doc.text
        chars = layer_labels(nubes_annotation(brat_doc), len(text))
        lines = [(s, e) for s, e in line_fragments(text, 0, len(text)) if text[s:e].strip()]
        for start, end in lines if self.per_line else [(0, len(text))]:
            reference = make_doc(nlp, text[start:end])
            reference.spans[self.spans_key] = layer_spans(reference, chars, start)
            yield Example(make_doc(nlp, reference.text), reference)
