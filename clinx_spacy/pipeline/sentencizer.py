"""`clinx_sentencizer`: sentence boundaries for clinical text without a parser (a line
break, or final punctuation before a capitalised word; see `clinx_spacy.context.sentences`)."""

from typing import Iterable, List

from spacy.language import Language
from spacy.tokens import Doc

from ..context.sentences import FINAL_PUNCT, set_clinical_sentences


@Language.factory(
    "clinx_sentencizer", assigns=["token.is_sent_start"], default_config={"final_punct": list(FINAL_PUNCT)}
)
def make_sentencizer(nlp: Language, name: str, final_punct: List[str]) -> "ClinicalSentencizer":
    """`final_punct`: the tokens that end a sentence before a capitalised word."""
    return ClinicalSentencizer(name, final_punct=final_punct)


class ClinicalSentencizer:
    def __init__(self, name: str = "clinx_sentencizer", *, final_punct: Iterable[str] = FINAL_PUNCT) -> None:
        self.name = name
        self.final_punct = tuple(final_punct)

    def __call__(self, doc: Doc) -> Doc:
        return set_clinical_sentences(doc, self.final_punct)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)
