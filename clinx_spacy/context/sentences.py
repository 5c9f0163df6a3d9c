"""Sentence boundaries for clinical text without a parser: a line break ends a sentence
(notes are written in lines: headings, list items, one finding a line), and so does
sentence-final punctuation followed by a capitalised word. A full stop before a lower-case
word or a number ("aprox. 3 cm", "p. ej.") does not."""

from typing import List

from spacy.tokens import Doc

FINAL_PUNCT = (".", "!", "?", "…")
# What may open a sentence after final punctuation: a capital or Spanish opening marks.
_OPENERS = ("¿", "¡", "-", "•", "*", "(", '"', "«")


def clinical_sentence_starts(doc: Doc, final_punct=FINAL_PUNCT) -> List[bool]:
    """For each token, whether it starts a sentence."""
    starts = [False] * len(doc)
    if not len(doc):
        return starts
    starts[0] = True
    after_break = after_final = False
    for token in doc:
        if token.i and not token.is_space:
            text = token.text
            if after_break or after_final and (text[0].isupper() or text.startswith(_OPENERS)):
                starts[token.i] = True
            after_break = after_final = False
        if token.is_space:
            after_break = after_break or "\n" in token.text or "\r" in token.text
        else:
            after_final = token.text in final_punct or token.text.endswith("...")
            after_break = "\n" in token.whitespace_
    return starts


def set_clinical_sentences(doc: Doc, final_punct=FINAL_PUNCT) -> Doc:
    """Set `doc`'s sentence starts with `clinical_sentence_starts`."""
    for token, start in zip(doc, clinical_sentence_starts(doc, final_punct)):
        token.is_sent_start = start
    return doc
