"""An ensemble pipeline from trained members: one spacy.load, members vote inside."""

import numpy
import pytest
import spacy
from spacy.training import Example

from clinx_spacy.training.ensemble import assemble_ensemble

from tiny_models import add_crf_head, add_tiny_transformer, clinical_documents, strided

TRAIN = [
    (
        "Paciente tratado con metformina en el Hospital La Fe.",
        [("metformina", "FARMACO"), ("Hospital La Fe", "HOSPITAL")],
    ),
    ("Se inicia cisplatino el 12 de marzo.", [("cisplatino", "FARMACO")]),
    ("Ingresa en el Hospital Clínico por fiebre.", [("Hospital Clínico", "HOSPITAL")]),
]
TEXTS = [text for text, _ in TRAIN] + ["Toma paracetamol en el Hospital Clínico de Valencia.", ""]
TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 32,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [500, 200, 200, 50],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 32,
        "depth": 1,
        "window_size": 1,
        "maxout_pieces": 2,
    },
}


def train_member(path, seed: int, factory: str = "ner"):
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    ner_config = {
        "model": {
            "@architectures": "clinx.CRFTagger.v1",
            "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 32, "upstream": "*"},
        }
    }
    nlp.add_pipe(factory, name="ner", config=ner_config if factory == "clinx_crf_ner" else {})
    return train_and_save(nlp, path, steps=20)


def train_and_save(nlp, path, steps: int):
    examples = [
        Example.from_dict(
            nlp.make_doc(text), {"entities": [(text.index(s), text.index(s) + len(s), label) for s, label in ents]}
        )
        for text, ents in TRAIN
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(path)
    return path


def ents(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    root = tmp_path_factory.mktemp("members")
    return [train_member(root / f"m{k}", seed=k) for k in range(3)]


@pytest.mark.parametrize("factory", ["ner", "clinx_crf_ner"])
def test_vote_of_identical_members_is_the_single_model(tmp_path, factory):
    member = train_member(tmp_path / "member", seed=0, factory=factory)
    single = spacy.load(member)
    ensemble = assemble_ensemble([member] * 3)
    assert ensemble.pipe_names == ["ner_0", "stash_0", "ner_1", "stash_1", "ner_2", "stash_2", "vote"]
    assert [ents(doc) for doc in ensemble.pipe(TEXTS)] == [ents(doc) for doc in single.pipe(TEXTS)]


def test_members_keep_their_own_weights_and_it_saves_and_loads(members, tmp_path):
    ensemble = assemble_ensemble(members, tmp_path / "ensemble" / "model-best")
    loaded = spacy.load(tmp_path / "ensemble" / "model-best")
    singles = [spacy.load(path) for path in members]
    for text in TEXTS:
        doc = loaded(text)
        for k, single in enumerate(singles):
            assert [(s.start_char, s.end_char, s.label_) for s in doc.spans[f"member_{k}"]] == ents(single(text))
        assert ents(doc) == ents(ensemble(text))


def test_needs_two_members_with_an_ner(members, tmp_path):
    with pytest.raises(ValueError, match="at least 2 members"):
        assemble_ensemble(members[:1])
    nlp = spacy.blank("es")
    nlp.to_disk(tmp_path / "empty")
    with pytest.raises(ValueError, match="no 'ner' component"):
        assemble_ensemble([members[0], tmp_path / "empty"])


def train_transformer_member(path, model_dir):
    """A member as the project trains it: tiny transformer (bf16 autocast, overlapping
    windows), the context listener, the CRF head."""
    nlp = spacy.blank("es")
    add_tiny_transformer(
        nlp, model_dir, strided(24, 8), **{"@architectures": "clinx.TransformerModel.v1", "cpu_bf16": True}
    )
    add_crf_head(nlp, "clinx.ContextTransformerListener.v1")
    return train_and_save(nlp, path, steps=3)


def test_a_transformer_member_keeps_its_model_when_saved_and_loaded(model_dir, tmp_path):
    """Each member's NER gets a copy of its transformer with the same settings and
    layers (bf16, the most central window): the loaded ensemble's NER scores every
    token as the member does."""
    member = train_transformer_member(tmp_path / "member", model_dir)
    assemble_ensemble([member] * 3, tmp_path / "ensemble" / "model-best")
    loaded = spacy.load(tmp_path / "ensemble" / "model-best")
    tok2vec = loaded.get_pipe_config("ner_0")["model"]["tok2vec"]
    assert tok2vec["@architectures"] == "clinx.Tok2VecTransformer.v1"
    assert tok2vec["transformer"]["cpu_bf16"] is True
    assert tok2vec["listener"]["@architectures"] == "clinx.ContextTransformerListener.v1"
    single = spacy.load(member)
    texts = [" ".join(clinical_documents(n_docs=2, seed=5))] + TEXTS
    single_docs = list(single.pipe(texts))
    single_emissions = single.get_pipe("ner").model.predict(single_docs)
    for k in range(3):
        emissions = loaded.get_pipe(f"ner_{k}").model.predict([loaded.make_doc(text) for text in texts])
        for got, expected in zip(emissions, single_emissions):
            numpy.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    assert [ents(doc) for doc in loaded.pipe(texts)] == [ents(doc) for doc in single_docs]
