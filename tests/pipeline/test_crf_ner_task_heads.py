"""clinx_crf_ner with spans_key: one head per task on a shared tok2vec, each learning
from and writing its own span group, merged into doc.ents by clinx_merge_ents."""

import pytest
import spacy
from spacy.training import Example

from .test_crf_ner import CRF_MODEL, TOK2VEC, TRAIN

TASKS = {"drugs": {"FARMACO"}, "clinic": {"ENFERMEDAD", "HOSPITAL", "SINTOMA"}}


def task_examples(nlp):
    """Every sentence annotated for both tasks, plus one annotated for "drugs" only."""
    examples = []
    for n, (text, entities) in enumerate(TRAIN + [("Toma ibuprofeno y dolor de cabeza.", [("ibuprofeno", "FARMACO")])]):
        reference = nlp.make_doc(text)
        for task, labels in TASKS.items():
            if n == len(TRAIN) and task == "clinic":
                continue
            reference.spans[task] = [
                reference.char_span(text.index(span), text.index(span) + len(span), label=label)
                for span, label in entities
                if label in labels
            ]
        examples.append(Example(nlp.make_doc(text), reference))
    return examples


def head_config(task):
    return {
        "model": CRF_MODEL,
        "spans_key": task,
        "scorer": {"@scorers": "clinx.strict_span_scorer.v1", "spans_key": task, "prefix": task},
    }


@pytest.fixture(scope="module")
def trained():
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    for task in TASKS:
        nlp.add_pipe("clinx_crf_ner", name=task, config=head_config(task))
    nlp.add_pipe("clinx_merge_ents", config={"spans_keys": list(TASKS)})
    examples = task_examples(nlp)
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = 0.01
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    return nlp, examples


def test_each_head_takes_its_labels_from_its_span_group(trained):
    nlp, _ = trained
    for task, labels in TASKS.items():
        assert set(nlp.get_pipe(task).labels) == labels


def test_heads_write_their_span_groups_and_the_merge_sets_ents(trained):
    nlp, _ = trained
    text, entities = TRAIN[4]
    doc = nlp(text)
    for task, labels in TASKS.items():
        assert [(s.text, s.label_) for s in doc.spans[task]] == [e for e in entities if e[1] in labels]
    assert [(e.text, e.label_) for e in doc.ents] == entities


def test_each_head_is_scored_on_its_own_task_under_its_prefix(trained):
    nlp, examples = trained
    scores = nlp.evaluate(examples)
    assert scores["drugs_f"] == 1.0 and scores["clinic_f"] == 1.0
    assert "ents_f" not in scores
    # The sentence without "clinic" gold is not scored by that head: a false positive
    # there would otherwise count.
    only_drugs = examples[-1]
    only_drugs.predicted.spans["clinic"] = [only_drugs.predicted.char_span(18, 33, label="SINTOMA")]
    clinic_scorer = nlp.get_pipe("clinic").scorer
    assert clinic_scorer([only_drugs])["clinic_p"] == 0.0
    assert clinic_scorer([only_drugs])["clinic_per_type"] == {}


def test_a_document_without_the_task_gives_its_head_no_loss(trained):
    nlp, examples = trained
    head = nlp.get_pipe("clinic")
    without, annotated = examples[-1], examples[0]
    docs = [without.predicted, annotated.predicted]
    tok2vec = nlp.get_pipe("tok2vec")
    tok2vec.set_annotations(docs, tok2vec.predict(docs))
    emissions = head.model.predict(docs)
    loss, d_emissions = head.get_loss([without, annotated], emissions)
    assert abs(d_emissions[0]).max() == 0.0
    # The annotated document of the same batch learns as it would alone.
    alone_loss, alone_d = head.get_loss([annotated], emissions[1:])
    assert loss == pytest.approx(alone_loss) and alone_loss > 0
    assert (d_emissions[1] == alone_d[0]).all()
    assert head.get_loss([without], emissions[:1])[0] == 0.0


def test_task_heads_save_and_load(trained, tmp_path):
    nlp, _ = trained
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Fiebre tras cisplatino en el Hospital La Fe."
    doc, expected = loaded(text), nlp(text)
    for task in TASKS:
        assert loaded.get_pipe(task).spans_key == task
        assert [(s.start, s.end, s.label_) for s in doc.spans[task]] == [
            (s.start, s.end, s.label_) for s in expected.spans[task]
        ]
