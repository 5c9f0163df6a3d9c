"""clinx_crf_ner on a small tok2vec: it fits a few sentences, saves, loads and pipes."""

import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example

from clinx_spacy.pipeline.crf_ner import CRFEntityRecognizer

# Invented Spanish clinical sentences: (text, [(entity text, label)]).
TRAIN = [
    (
        "Paciente de 63 años con diabetes mellitus tipo 2 tratado con metformina.",
        [("diabetes mellitus tipo 2", "ENFERMEDAD"), ("metformina", "FARMACO")],
    ),
    (
        "Se inicia tratamiento con cisplatino por carcinoma de pulmón.",
        [("cisplatino", "FARMACO"), ("carcinoma de pulmón", "ENFERMEDAD")],
    ),
    (
        "Ingresa en el Hospital Clínico de Valencia por fiebre.",
        [("Hospital Clínico de Valencia", "HOSPITAL"), ("fiebre", "SINTOMA")],
    ),
    ("Refiere dolor abdominal intenso desde hace dos días.", [("dolor abdominal", "SINTOMA")]),
    (
        "Se administra paracetamol cada 8 horas en el Hospital La Fe.",
        [("paracetamol", "FARMACO"), ("Hospital La Fe", "HOSPITAL")],
    ),
]
WIDTH = 32
TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": WIDTH,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [500, 200, 200, 50],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": WIDTH,
        "depth": 2,
        "window_size": 1,
        "maxout_pieces": 2,
    },
}
CRF_MODEL = {
    "@architectures": "clinx.CRFTagger.v1",
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": WIDTH, "upstream": "*"},
}


def make_examples(nlp):
    examples = []
    for text, entities in TRAIN:
        offsets = [(text.index(span), text.index(span) + len(span), label) for span, label in entities]
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": offsets}))
    return examples


def ents(doc: Doc):
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


@pytest.fixture(scope="module")
def trained():
    """(nlp, examples, losses): 40 updates on the five sentences."""
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    nlp.add_pipe("clinx_crf_ner", name="ner", config={"model": CRF_MODEL})
    examples = make_examples(nlp)
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = 0.01
    losses = []
    for _ in range(40):
        step = {}
        nlp.update(examples, sgd=optimizer, losses=step)
        losses.append(step["ner"])
    return nlp, examples, losses


def test_labels_come_from_the_data(trained):
    nlp, _, _ = trained
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, CRFEntityRecognizer)
    assert ner.labels == ("ENFERMEDAD", "FARMACO", "HOSPITAL", "SINTOMA")
    assert ner.tags[:5] == ["O", "B-ENFERMEDAD", "I-ENFERMEDAD", "L-ENFERMEDAD", "U-ENFERMEDAD"]


def test_fits_the_training_sentences(trained):
    nlp, examples, losses = trained
    assert losses[-1] < losses[0] / 20
    scores = nlp.evaluate(examples)
    assert scores["ents_f"] == 1.0
    for (_, entities), doc in zip(TRAIN, nlp.pipe(text for text, _ in TRAIN)):
        assert [(ent.text, ent.label_) for ent in doc.ents] == entities


def test_disk_round_trip_gives_identical_entities(trained, tmp_path):
    nlp, _, _ = trained
    texts = [text for text, _ in TRAIN] + ["Dolor abdominal tras tomar paracetamol en el Hospital La Fe."]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("ner").labels == nlp.get_pipe("ner").labels
    assert [ents(doc) for doc in loaded.pipe(texts)] == [ents(doc) for doc in nlp.pipe(texts)]


def test_bytes_round_trip_of_the_component(trained):
    nlp, _, _ = trained
    fresh = spacy.blank("es")
    fresh.add_pipe("tok2vec", config={"model": TOK2VEC})
    fresh.add_pipe("clinx_crf_ner", name="ner", config={"model": CRF_MODEL})
    fresh.from_bytes(nlp.to_bytes())
    text = TRAIN[2][0]
    assert ents(fresh(text)) == ents(nlp(text))


def test_pipe_over_more_docs_than_a_batch_and_a_long_doc(trained):
    nlp, _, _ = trained
    texts = [text for text, _ in TRAIN]
    long_text = " ".join(texts * 6)
    batch = texts + [long_text, "", "Fiebre."]
    piped = list(nlp.pipe(batch, batch_size=2))
    assert [ents(doc) for doc in piped] == [ents(nlp(text)) for text in batch]
    # The long document holds every training entity, once per repetition.
    assert len(piped[5].ents) == 6 * sum(len(entities) for _, entities in TRAIN)
    assert piped[6].ents == ()


def test_misaligned_and_unannotated_tokens_are_not_trained_on():
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    ner = nlp.add_pipe("clinx_crf_ner", name="ner", config={"model": CRF_MODEL})
    examples = make_examples(nlp)
    optimizer = nlp.initialize(lambda: examples)
    # Gold tokens split "metformina850", kept whole by the predicted doc: its tag is unknown.
    reference = Doc(
        nlp.vocab, words=["Toma", "metformina", "850"], spaces=[True, False, False], ents=["O", "B-FARMACO", "O"]
    )
    misaligned = Example(nlp.make_doc("Toma metformina850"), reference)
    unannotated = Example(nlp.make_doc("Toma metformina"), Doc(nlp.vocab, words=["Toma", "metformina"]))
    losses = nlp.update([misaligned, unannotated], sgd=optimizer)
    assert losses["ner"] > 0
    emissions = ner.model.predict([unannotated.predicted])
    loss, d_emissions = ner.get_loss([unannotated], emissions)
    assert loss == pytest.approx(0.0, abs=1e-5)
    assert abs(d_emissions[0]).max() < 1e-5


def test_labels_are_fixed_once_initialized(trained):
    nlp, _, _ = trained
    with pytest.raises(ValueError, match="Cannot add label 'DOSIS'"):
        nlp.get_pipe("ner").add_label("DOSIS")


def test_explicit_labels_and_a_wrong_nO():
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    ner = nlp.add_pipe("clinx_crf_ner", name="ner", config={"model": CRF_MODEL})
    ner.initialize(lambda: make_examples(nlp), labels=["SINTOMA", "FARMACO"])
    assert ner.labels == ("SINTOMA", "FARMACO")
    wrong = spacy.blank("es")
    wrong.add_pipe("tok2vec", config={"model": TOK2VEC})
    wrong_ner = wrong.add_pipe("clinx_crf_ner", name="ner", config={"model": {**CRF_MODEL, "nO": 3}})
    with pytest.raises(ValueError, match="nO = 3, but the labels give 9 BILUO tags"):
        wrong_ner.initialize(lambda: make_examples(wrong), labels=["SINTOMA", "FARMACO"])


def test_each_entity_has_its_confidence_and_it_can_be_off(trained):
    nlp, _, _ = trained
    doc = nlp(TRAIN[0][0])
    assert doc.ents and all(0.5 < ent._.clinx_confidence <= 1.0 for ent in doc.ents)
    nlp.get_pipe("ner").confidence = False
    try:
        assert all(ent._.clinx_confidence is None for ent in nlp(TRAIN[0][0]).ents)
    finally:
        nlp.get_pipe("ner").confidence = True
