"""Pages to look at predictions and gold annotations with displaCy: the `ent` view of
`doc.ents`, the `span` view of each span group (every task of `es_clinx_ner`, overlaps
included), and gold beside predicted for one document. Each label keeps one colour on
every page, derived from its name."""

import colorsys
import html
import zlib
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy import displacy
from spacy.tokens import Doc

from .brat.keys import GOLD_KEY

PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
section.doc {{ border-top: 1px solid #ccc; padding-top: 1em; margin-top: 2em; }}
.compare {{ display: grid; grid-template-columns: 1fr 1fr; gap: 2em; }}
h3 {{ color: #555; font-size: 1em; }}
</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""


def label_color(label: str) -> str:
    """A light colour for `label`, the same on every page and every run."""
    hue = (zlib.crc32(label.encode("utf8")) % 360) / 360
    red, green, blue = colorsys.hls_to_rgb(hue, 0.8, 0.65)
    return f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"


def label_colors(docs: Iterable[Doc], spans_keys: Sequence[str]) -> Dict[str, str]:
    labels = set()
    for doc in docs:
        labels.update(ent.label_ for ent in doc.ents)
        for key in spans_keys:
            labels.update(span.label_ for span in doc.spans.get(key, ()))
    return {label: label_color(label) for label in sorted(labels)}


def doc_views(doc: Doc, doc_id: str, spans_keys: Sequence[str], colors: Dict[str, str]) -> str:
    """The views of one document: its entities, then each span group."""
    parts = [f'<section class="doc"><h2>{html.escape(doc_id)}</h2>', "<h3>doc.ents</h3>"]
    parts.append(displacy.render(doc, style="ent", options={"colors": colors}))
    for key in spans_keys:
        parts.append(f"<h3>doc.spans[{html.escape(repr(key))}]</h3>")
        parts.append(displacy.render(doc, style="span", options={"spans_key": key, "colors": colors}))
    parts.append("</section>")
    return "\n".join(parts)


def comparison_view(doc_id: str, gold: Doc, predicted: Doc, colors: Dict[str, str]) -> str:
    """Gold beside predicted for one document (gold as a span view: overlaps are kept)."""
    gold_view = displacy.render(gold, style="span", options={"spans_key": GOLD_KEY, "colors": colors})
    predicted_view = displacy.render(predicted, style="ent", options={"colors": colors})
    return (
        f'<section class="doc"><h2>{html.escape(doc_id)}: gold and predicted</h2><div class="compare">'
        f"<div><h3>gold</h3>{gold_view}</div><div><h3>predicted</h3>{predicted_view}</div></div></section>"
    )


def render_page(
    docs: Sequence[Tuple[str, Doc]],
    spans_keys: Sequence[str] = (),
    title: str = "clinx",
    compare: Optional[Tuple[str, Doc, Doc]] = None,
) -> str:
    """One HTML page: every (id, doc) with its views, and optionally a gold/predicted pair."""
    all_docs: List[Doc] = [doc for _, doc in docs] + ([compare[1], compare[2]] if compare else [])
    colors = label_colors(all_docs, [*spans_keys, GOLD_KEY])
    body = [comparison_view(*compare, colors)] if compare else []
    body += [doc_views(doc, doc_id, spans_keys, colors) for doc_id, doc in docs]
    return PAGE.format(title=html.escape(title), body="\n".join(body))


def visualize(
    input_path: str,
    output: str,
    *,
    model: Optional[str] = None,
    spans_keys: Sequence[str] = (),
    limit: int = 20,
    compare: Optional[str] = None,
) -> int:
    """Write a page of the first `limit` documents of `input_path`: annotated by `model`
    (its `doc.ents`, and the span groups `spans_keys`, `["all"]` for every one), or, without
    a model, a BRAT folder's gold annotations. `compare` (a document id of a BRAT folder,
    with a model) adds that document's gold beside its prediction. RETURNS: the documents shown."""
    from itertools import islice
    from pathlib import Path

    from .annotate.inputs import read_records
    from .annotate.run import span_groups
    from .brat.conversion import brat_to_doc, load_gold_docs
    from .brat.keys import BRAT_KEY
    from .brat.reader import read_brat_document
    from .errors import InputError
    from .outputs import check_file_target, write_bytes
    from .tokenizer import make_clinical_nlp
    from .util import load_pipeline

    check_file_target(output)
    if model is None:
        if compare is not None:
            raise InputError("--compare needs a --model to predict with")
        docs = [
            (doc.user_data[BRAT_KEY]["doc_id"], doc)
            for doc in islice(load_gold_docs(input_path, make_clinical_nlp()), limit)
        ]
        keys, title = [GOLD_KEY], f"gold: {input_path}"
    else:
        nlp = load_pipeline(model)
        keys = span_groups(nlp, spans_keys)
        records = list(islice(read_records(input_path, [], vocab=nlp.vocab), limit))
        docs = list(zip((r.id for r in records), nlp.pipe(r.text for r in records)))
        title = f"{model}: {input_path}"
    pair = None
    if compare is not None:
        brat_doc = read_brat_document(Path(input_path) / compare)
        gold = brat_to_doc(make_clinical_nlp(), brat_doc)[0]
        pair = (compare, gold, nlp(brat_doc.text))
    write_bytes(output, render_page(docs, keys, title, pair).encode("utf8"))
    return len(docs)
