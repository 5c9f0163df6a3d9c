"""Presidio with the `es_clinx` pipelines: a recognizer for Presidio's analyzer, an NLP
engine that never downloads, and `clinx deid --engine presidio`, which anonymizes with
Presidio's own operators (replace, mask, redact, hash, keep, and ours as `custom`).

    from clinx_spacy.deid.presidio import analyzer_engine
    analyzer = analyzer_engine("es_clinx_meddocan")
    results = analyzer.analyze(text, language="es")

Entity types follow `data/presidio_entities.json` (PERSON, LOCATION, DATE_TIME,
PHONE_NUMBER, EMAIL_ADDRESS, AGE, ID, …); each result keeps the MEDDOCAN label in
`recognition_metadata["clinx_label"]`. Presidio's Spanish NIF, NIE and e-mail
recognizers run beside the pipeline. Needs `pip install 'clinx-spacy[presidio]'`."""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer, EsNieRecognizer, EsNifRecognizer
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from spacy.language import Language
from spacy.tokens import Doc

from ..annotate.inputs import Record
from ..pipeline.crf_ner import CONFIDENCE  # noqa: F401  (registers span._.clinx_confidence)
from ..util import read_json
from . import corpus
from .deidentify import Deidentified, DocumentPlan, Phi, Replacement, plan_document

ENTITIES = read_json(Path(__file__).parent / "data" / "presidio_entities.json")
MEDDOCAN_TO_PRESIDIO: Dict[str, str] = ENTITIES["meddocan_to_presidio"]
PRESIDIO_TO_MEDDOCAN: Dict[str, str] = ENTITIES["presidio_to_meddocan"]
LANGUAGE = "es"
LABEL_KEY = "clinx_label"
# Presidio's score for an entity without a confidence (its NerModelConfiguration default).
DEFAULT_SCORE = 0.85


class ClinxNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy NLP engine over an `es_clinx` pipeline (a loaded `Language`, a
    package name or a path). It loads with `spacy.load` only: where Presidio would run
    `spacy download` for a name it does not find, this raises."""

    def __init__(self, pipeline: Union[str, Path, Language]) -> None:
        mapping = NerModelConfiguration(
            model_to_presidio_entity_mapping=MEDDOCAN_TO_PRESIDIO, labels_to_ignore=[], default_score=DEFAULT_SCORE
        )
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": str(pipeline)}], ner_model_configuration=mapping)
        self.pipeline = pipeline

    def load(self) -> None:
        from ..util import load_pipeline

        nlp = self.pipeline if isinstance(self.pipeline, Language) else load_pipeline(self.pipeline)
        self.nlp = {LANGUAGE: nlp}

    def _get_scores_for_entities(self, doc: Doc) -> List[float]:
        # The CRF's confidence where the pipeline has one, else Presidio's default.
        default = self.ner_model_configuration.default_score
        return [default if ent._.clinx_confidence is None else ent._.clinx_confidence for ent in doc.ents]

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        """Presidio's view of a document the pipeline has already annotated."""
        return self._doc_to_nlp_artifact(doc, LANGUAGE)


class ClinxRecognizer(EntityRecognizer):
    """The entities of the NLP engine's pipeline (`ClinxNlpEngine`) as Presidio results:
    the entity type from the MEDDOCAN label, the label kept in the result's metadata."""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=sorted(set(MEDDOCAN_TO_PRESIDIO.values())),
            name="ClinxRecognizer",
            supported_language=LANGUAGE,
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        results = []
        for ent, score in zip(nlp_artifacts.tokens.ents, nlp_artifacts.scores or []):
            entity = MEDDOCAN_TO_PRESIDIO.get(ent.label_, ent.label_)
            if entities and entity not in entities:
                continue
            metadata = {
                LABEL_KEY: ent.label_,
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            }
            results.append(RecognizerResult(entity, ent.start_char, ent.end_char, score, recognition_metadata=metadata))
        return results


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, checking top-level domains against tldextract's
    bundled suffix list: Presidio's own fetches the list from the internet first."""

    def validate_result(self, pattern_text: str) -> bool:
        return bool(_offline_tld_extract()(pattern_text).fqdn)


@functools.lru_cache(maxsize=1)
def _offline_tld_extract():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def analyzer_engine(pipeline: Union[str, Path, Language]) -> AnalyzerEngine:
    """Presidio's analyzer for Spanish clinical text: the pipeline's entities, with
    Presidio's Spanish NIF and NIE recognizers and its e-mail recognizer beside them."""
    nlp_engine = ClinxNlpEngine(pipeline)
    nlp_engine.load()
    recognizers = [
        ClinxRecognizer(),
        EsNifRecognizer(supported_language=LANGUAGE),
        EsNieRecognizer(supported_language=LANGUAGE),
        OfflineEmailRecognizer(supported_language=LANGUAGE),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])


def meddocan_label(result: RecognizerResult) -> str:
    """The MEDDOCAN label of a Presidio result (its own, or the one of Presidio's entity type)."""
    metadata = result.recognition_metadata or {}
    return metadata.get(LABEL_KEY) or PRESIDIO_TO_MEDDOCAN.get(result.entity_type, result.entity_type)


@functools.lru_cache(maxsize=1)
def _engines() -> Tuple[AnalyzerEngine, AnonymizerEngine]:
    # The documents come annotated (see PresidioDeidEncoder): the analyzer never runs the
    # NLP engine, so the engine wraps the tokenizer alone. One pair per process.
    return analyzer_engine(corpus.tokenizer_pipeline()), AnonymizerEngine()


@dataclass(frozen=True)
class PresidioDeidEncoder(corpus.DeidEncoder):
    """As `DeidEncoder`, with Presidio's analyzer adding its recognizers' PHI to the
    pipeline's, and Presidio's anonymizer applying the policy's operators."""

    def deidentified(self, record: Record, doc: Doc, phi: List[Phi]) -> Deidentified:
        analyzer, anonymizer = _engines()
        found = analyzer.analyze(record.text, language=LANGUAGE, nlp_artifacts=analyzer.nlp_engine.artifacts(doc))
        plan = plan_document(record.text, [*phi, *(Phi(r.start, r.end, meddocan_label(r)) for r in found)],
                             self.policy, key=self.key, patient=self.patient(record))  # fmt: skip
        # One entity type per span, so that each gets its own operator.
        results = [RecognizerResult(f"PHI_{n}", span.start, span.end, 1.0) for n, span in enumerate(plan.spans)]
        operators = {f"PHI_{n}": _operator(plan, n) for n in range(len(plan.spans))}
        anonymized = anonymizer.anonymize(
            record.text, results, operators, conflict_resolution=None, merge_entities_with_spaces=False
        )
        items = sorted(anonymized.items, key=lambda item: item.start)
        replacements = [
            Replacement(span.start, span.end, span.label, original, item.text, item.operator, item.start, item.end)
            for span, original, item in zip(plan.spans, plan.originals, items)
        ]
        return Deidentified(anonymized.text, replacements, plan.date_shift_days)


def _operator(plan: DocumentPlan, n: int) -> OperatorConfig:
    """Presidio's operator for span `n`: its own where it has one, ours (surrogates) as `custom`."""
    policy = plan.policy
    operator, value = plan.replacement(n)
    if operator == "keep":
        return OperatorConfig("keep")
    if operator == "tag":
        return OperatorConfig("replace", {"new_value": value})
    if operator == "mask":
        chars = len(plan.originals[n])
        return OperatorConfig("mask", {"masking_char": policy.mask_char, "chars_to_mask": chars, "from_end": False})
    if operator == "redact":
        return OperatorConfig("redact")
    if operator == "hash":
        return OperatorConfig("hash", {"hash_type": "sha256", "salt": plan.secret})
    return OperatorConfig("custom", {"lambda": lambda _text: value})


def deidentify_corpus_with_presidio(model, input_path, output, **options) -> Any:
    """`deidentify_corpus` with Presidio's analyzer and anonymizer (see `PresidioDeidEncoder`)."""
    return corpus.deidentify_corpus(model, input_path, output, encoder_class=PresidioDeidEncoder, **options)
