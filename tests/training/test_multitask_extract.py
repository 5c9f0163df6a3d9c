"""extract_task: one task's pipeline out of a multi-task one, with unchanged predictions."""

import pytest
import spacy
from spacy.training import Example

from clinx_spacy.training.multitask import extract_task, save_task_pipeline, task_heads

from tiny_models import HASH_TOK2VEC as TOK2VEC
from tiny_models import HASH_WIDTH as WIDTH

TASKS = {"drugs": ("metformina", "FARMACO"), "places": ("Hospital La Fe", "HOSPITAL"), "ages": ("63 años", "EDAD")}
TEXTS = [
    "Paciente de 63 años tratado con metformina en el Hospital La Fe.",
    "En el Hospital La Fe se suspende la metformina a la paciente de 63 años.",
]


@pytest.fixture
def multitask_dir(tmp_path):
    """An initialised (untrained) pipeline: tok2vec, a CRF head per task, merge_ents."""
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    model = {
        "@architectures": "clinx.CRFTagger.v1",
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": WIDTH},
    }
    for task in TASKS:
        scorer = {"@scorers": "clinx.strict_span_scorer.v1", "spans_key": task, "prefix": task}
        nlp.add_pipe("clinx_crf_ner", name=task, config={"model": model, "spans_key": task, "scorer": scorer})
    nlp.add_pipe("clinx_merge_ents", name="merge_ents", config={"spans_keys": list(TASKS), "policy": "priority"})
    # As in the generated multitask configs: model selection on the mean of the heads' F1.
    nlp.config["training"]["score_weights"].update({f"{task}_f": 1 / len(TASKS) for task in TASKS})
    examples = []
    for text in TEXTS:
        reference = nlp.make_doc(text)
        for task, (mention, label) in TASKS.items():
            start = text.index(mention)
            reference.spans[task] = [reference.char_span(start, start + len(mention), label=label)]
        examples.append(Example(nlp.make_doc(text), reference))
    nlp.initialize(lambda: examples)
    nlp.to_disk(tmp_path / "multitask")
    return tmp_path / "multitask"


def spans(doc, key):
    return [(span.start_char, span.end_char, span.label_) for span in doc.spans[key]]


def test_keeps_the_backbone_and_one_head_with_the_same_predictions(multitask_dir, tmp_path):
    original = spacy.load(multitask_dir)
    assert task_heads(original) == {"drugs": "drugs", "places": "places", "ages": "ages"}
    expected = [spans(doc, "places") for doc in original.pipe(TEXTS)]

    save_task_pipeline(multitask_dir, "places", tmp_path / "places")
    nlp = spacy.load(tmp_path / "places")
    assert nlp.pipe_names == ["tok2vec", "places", "merge_ents"]
    assert nlp.get_pipe("tok2vec").listening_components == ["places"]
    assert nlp.get_pipe("merge_ents").spans_keys == ["places"]
    assert nlp.get_pipe("merge_ents").policy == "priority"
    assert set(nlp.config["training"]["score_weights"]) & {"drugs_f", "ages_f", "ages_per_type"} == set()
    assert "places_f" in nlp.config["training"]["score_weights"]
    docs = list(nlp.pipe(TEXTS))
    assert [spans(doc, "places") for doc in docs] == expected
    assert [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs] == expected
    assert all(set(doc.spans) == {"places"} for doc in docs)


def test_merge_keeps_its_place_before_later_components(multitask_dir):
    nlp = spacy.load(multitask_dir)
    nlp.add_pipe("sentencizer", last=True)
    assert extract_task(nlp, "ages").pipe_names == ["tok2vec", "ages", "merge_ents", "sentencizer"]


def test_unknown_task_names_the_pipelines_tasks(multitask_dir):
    with pytest.raises(ValueError, match="'cantemist'.*drugs, places, ages"):
        extract_task(spacy.load(multitask_dir), "cantemist")
