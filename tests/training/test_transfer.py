"""transfer_config: the target's config with the shared layers sourced from a trained pipeline,
initialised as `spacy train` does: the source's weights kept, a new head for new labels."""

import numpy
import pytest
import spacy
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.util import load_config
from thinc.api import Config

from clinx_spacy.training.transfer import transfer_config

from tiny_models import HASH_TOK2VEC, HASH_WIDTH

HEAD = {
    "@architectures": "clinx.CRFTagger.v1",
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": HASH_WIDTH, "upstream": "tok2vec"},
}
TEXT = "Paciente de 63 años tratado con metformina en el Hospital La Fe."


def pipeline(label: str, mention: str):
    """A tok2vec + clinx_crf_ner pipeline initialised on TEXT with `mention` as `label`."""
    nlp = spacy.blank("es")
    nlp.add_pipe("tok2vec", config={"model": HASH_TOK2VEC})
    nlp.add_pipe("clinx_crf_ner", name="ner", config={"model": HEAD})
    return nlp, [example(nlp, label, mention)]


def example(nlp, label: str, mention: str) -> Example:
    reference = nlp.make_doc(TEXT)
    start = TEXT.index(mention)
    reference.ents = [reference.char_span(start, start + len(mention), label=label)]
    return Example(nlp.make_doc(TEXT), reference)


def brat_corpus(path, label: str, mention: str):
    path.mkdir(parents=True)
    start = TEXT.index(mention)
    (path / "doc.txt").write_text(TEXT, encoding="utf8")
    (path / "doc.ann").write_text(f"T1\t{label} {start} {start + len(mention)}\t{mention}\n", encoding="utf8")
    return path


@pytest.fixture
def source(tmp_path):
    """A trained source task's pipeline (FARMACO) saved to disk."""
    nlp, examples = pipeline("FARMACO", "metformina")
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(3):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(tmp_path / "source")
    return tmp_path / "source"


def target_config(tmp_path, source) -> Config:
    """The target task's (HOSPITAL) own config turned into a transfer config from `source`."""
    nlp, _ = pipeline("HOSPITAL", "Hospital La Fe")
    config = nlp.config.copy()
    config["corpora"] = {
        split: {
            "@readers": "clinx.BratCorpus.v1",
            "path": str(brat_corpus(tmp_path / split, "HOSPITAL", "Hospital La Fe")),
        }
        for split in ("train", "dev")
    }
    transferred = transfer_config(config)
    transferred["paths"]["source"] = str(source)
    return transferred


def test_shared_layers_keep_the_source_weights_and_the_head_learns_the_new_labels(tmp_path, source):
    config = target_config(tmp_path, source)
    assert config["components"]["tok2vec"] == {"source": "${paths.source}"}
    assert config["components"]["ner"]["factory"] == "clinx_crf_ner"

    nlp = init_nlp(Config(config).interpolate())

    trained = spacy.load(source)
    for ours, theirs in zip(nlp.get_pipe("tok2vec").model.walk(), trained.get_pipe("tok2vec").model.walk()):
        for name in ours.param_names:
            numpy.testing.assert_array_equal(ours.get_param(name), theirs.get_param(name))
    assert nlp.get_pipe("ner").labels == ("HOSPITAL",)
    assert nlp.get_pipe("tok2vec").listening_components == ["ner"]


def test_written_config_round_trips_through_spacy(tmp_path, source):
    path = tmp_path / "transfer.cfg"
    path.write_text(target_config(tmp_path, source).to_str(), encoding="utf8")
    config = load_config(path, interpolate=False)
    assert config["components"]["tok2vec"] == {"source": "${paths.source}"}
    assert config["paths"]["source"] == str(source)


def test_refuses_configs_with_nothing_to_transfer_or_frozen_shared_layers():
    nlp, _ = pipeline("HOSPITAL", "Hospital La Fe")
    with pytest.raises(ValueError, match="no head tagger"):
        transfer_config(nlp.config, heads=("tagger",))
    with pytest.raises(ValueError, match="only the heads"):
        transfer_config(nlp.config, heads=("tok2vec", "ner"))
    frozen = nlp.config.copy()
    frozen["training"]["frozen_components"] = ["tok2vec"]
    with pytest.raises(ValueError, match="freezes"):
        transfer_config(frozen)
