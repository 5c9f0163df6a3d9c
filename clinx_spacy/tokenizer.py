"""A Spanish tokenizer adapted to clinical text.

It extends the language defaults so that gold entity boundaries of the
clinical corpora fall on token boundaries (measured by
the project's `scripts/measure_tokenizers.py`): numbers glued to units (`5mg`, `10UI`), codes, dates
and compounds glued with `-`, `/`, `+`, `:`, `=`, `;`, brackets or quotes
(`nhc-150679`, `mg/kg`, `12/03/2019`, `CD56+CD16`, `Edad:62`, `sY86(AZFa`,
`renina-angiotensina`), a final period after capitals (`Sexo: H.`,
`vitamina D.`, `3B.`) and text glued where a space or line break was lost
(`2014.El`, `MartínezNºCol`). Letters of a word are never split apart
(`electrocardiograma`, `IgG4`, `pT2N0M0` stay whole), decimal numbers (`2,5`,
`7.4`), URLs, e-mail addresses, dotted acronyms (`T.A.C.`) and the language's
abbreviations (`Dr.`, `p.ej.`, `etc.`) stay whole, except single letters with
a period (`n.` in `s/n.`), which clinical text uses for sex, initials or flat
letters rather than as abbreviations.

`clinx.SubwordTokenizer.v1` is the same tokenizer with subword-level units, CLIN-X's
third idea: it also splits letters from digits, a lowercase letter from a following
capital, capitals from a following capitalised word and every punctuation mark inside a
word (`HER2+` → `HER 2 +`, `cT2N0M0` → `c T 2 N 0 M 0`, `IgG4` → `Ig G 4`, `DRAlberto` →
`DR Alberto`), so an entity boundary inside such a word is
representable. URLs, e-mail addresses, dotted acronyms and abbreviations stay whole.
"""

import re
from functools import partial
from typing import Callable

import spacy
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Hyphens and dashes, then punctuation that glues codes, doses and dates.
_HYPHENS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_GLUE = _HYPHENS + '/+:;=()\\[\\]{}<>|*^~"\u201c\u201d\u00ab\u00bb'
# C0/C1 control characters that are not whitespace (e.g. stray 0x82 bytes),
# the BOM and zero-width spaces.
_CONTROL = r"\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\u200b\u2060"
# Units that start with a capital; numbers glued to lowercase are split anyway.
_CAPITAL_UNITS = "UI|IU|U|L|Gy|Hz|%|ºC|°C"
_ELLIPSIS = r"\.\.+"
CLINICAL_PREFIXES = [
    f"[{_GLUE}{_CONTROL}]",
    r"[\u0300-\u036f]",  # stray combining marks
    # "E-mail:ana@x.es": the label, so the address stays one (URL) token
    r"(?i:e-?mail)[:.\-](?=[^\s@]+@)",
]
CLINICAL_SUFFIXES = [
    f"[{_GLUE}{_CONTROL}]",
    f"(?<=[{ALPHA}0-9ºª])\\.",
    # "Izq..": an abbreviation's period, then the sentence's
    r"\.{3,}",
    r"(?<=\.)\.",
]
CLINICAL_INFIXES = [
    f"[{_GLUE}{_CONTROL}]",
    # 5mg/kg, 2,5ml, 10UI: a number glued to a unit
    f"(?<=[0-9])(?=[{ALPHA_LOWER}µμ])",
    f"(?<=[0-9])(?=(?:{_CAPITAL_UNITS})(?![{ALPHA}0-9]))",
    # metastásico12: a word glued to a footnote or count
    f"(?<=[{ALPHA_LOWER}]{{3}})(?=[0-9])",
    # MartínezNºCol: words glued where a line break was lost
    f"(?<=[{ALPHA_LOWER}]{{3}})(?=[{ALPHA_UPPER}][{ALPHA_LOWER}º])",
    # Palmas.e, vimentina.8, 2014.El: a missing space after a period
    f"(?<=[{ALPHA}]{{2}})\\.(?=[{ALPHA}0-9])",
    f"(?<=[0-9])\\.(?=[{ALPHA}])",
    # T3,T4,TSH: a comma in a list of codes (decimal commas stay)
    f"(?<=[{ALPHA}0-9]),(?=[{ALPHA}])|(?<=[{ALPHA}]),(?=[0-9])",
]

# Subword-level units: letter|digit, lower|Upper, and any punctuation mark.
SUBWORD_INFIXES = [
    f"(?<=[{ALPHA}])(?=[0-9])",
    f"(?<=[0-9])(?=[{ALPHA}])",
    f"(?<=[{ALPHA_LOWER}])(?=[{ALPHA_UPPER}])",
    # DRAlberto: capitals, then a capitalised word
    f"(?<=[{ALPHA_UPPER}])(?=[{ALPHA_UPPER}][{ALPHA_LOWER}])",
    r"[^\w\s]",
    "_",
]

# T.A.C., EE.II.: dotted acronyms keep their final period.
TOKEN_MATCH = f"^(?:[{ALPHA}]{{1,2}}\\.){{2,}}$"


def _keep_exception(orth: str) -> bool:
    if len(orth) == 2 and orth[1] == "." and orth[0].isalpha():
        return False  # "n." in "s/n.", "H." (sex), "B." (flat letter)
    # Whitespace is split off anyway, and spaCy's matching of whitespace
    # special cases doubles the tokenizer's time on clinical text.
    return not orth.isspace()


def make_clinical_tokenizer(nlp: Language, subword: bool = False) -> Tokenizer:
    """The clinical tokenizer for `nlp`'s language defaults (with `subword`, its
    subword-level variant)."""
    defaults = nlp.Defaults
    rules = {orth: attrs for orth, attrs in defaults.tokenizer_exceptions.items() if _keep_exception(orth)}
    prefixes = list(defaults.prefixes or []) + CLINICAL_PREFIXES
    # Two periods are an abbreviation's and a sentence's (see CLINICAL_SUFFIXES).
    suffixes = [s for s in defaults.suffixes or [] if s != _ELLIPSIS] + CLINICAL_SUFFIXES
    infixes = list(defaults.infixes or []) + CLINICAL_INFIXES + (SUBWORD_INFIXES if subword else [])
    token_match = [TOKEN_MATCH]
    if defaults.token_match is not None:
        token_match.append(defaults.token_match.__self__.pattern)
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=re.compile("|".join(token_match)).match,
        url_match=defaults.url_match,
    )


@spacy.registry.tokenizers("clinx.ClinicalTokenizer.v1")
def create_clinical_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: `[nlp.tokenizer] @tokenizers = "clinx.ClinicalTokenizer.v1"`."""
    return make_clinical_tokenizer


@spacy.registry.tokenizers("clinx.SubwordTokenizer.v1")
def create_subword_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: `[nlp.tokenizer] @tokenizers = "clinx.SubwordTokenizer.v1"`."""
    return partial(make_clinical_tokenizer, subword=True)


def make_clinical_nlp(lang: str = "es", subword: bool = False) -> Language:
    """A blank pipeline for `lang` with the clinical (or subword-level) tokenizer."""
    name = "clinx.SubwordTokenizer.v1" if subword else "clinx.ClinicalTokenizer.v1"
    config = {"nlp": {"tokenizer": {"@tokenizers": name}}}
    return spacy.blank(lang, config=config)


def make_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc` without its `max_length` limit (the BRAT reader warns about
    huge documents instead)."""
    return nlp.make_doc(text) if len(text) <= nlp.max_length else nlp.tokenizer(text)
