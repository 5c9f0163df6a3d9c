import logging
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from clinx_spacy.brat import BratFormatError, brat_folder_to_docbin
from clinx_spacy.tokenizer import make_clinical_nlp
from clinx_spacy.training.readers import BratCorpus

DOCS = {
    "a": ("Sexo: H. Tratamiento con metformina.", ["T1\tSEXO 6 7\tH", "T2\tFARMACO 25 35\tmetformina"]),
    "b": ("Alergia a penicilina.", ["T1\tFARMACO 10 20\tpenicilina"]),
    "c": ("Sin tratamiento previo.", []),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "train"
    path.mkdir()
    for doc_id, (text, lines) in DOCS.items():
        (path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (path / f"{doc_id}.ann").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nlp():
    return make_clinical_nlp()


def test_registered_reader(folder: Path, nlp):
    corpus = spacy.registry.readers.get("clinx.BratCorpus.v1")(path=folder)
    examples = list(corpus(nlp))
    assert all(isinstance(eg, Example) for eg in examples)
    assert [eg.reference.text for eg in examples] == [text for text, _ in DOCS.values()]
    assert [eg.predicted.text for eg in examples] == [text for text, _ in DOCS.values()]
    assert not examples[0].predicted.ents  # predicted is just tokenized
    assert [(e.text, e.label_) for e in examples[0].reference.ents] == [("H", "SEXO"), ("metformina", "FARMACO")]
    assert examples[0].get_aligned_ner() == ["O", "O", "U-SEXO", "O", "O", "O", "U-FARMACO", "O"]


def test_resolved_from_config(folder: Path, nlp):
    config = {"corpus": {"@readers": "clinx.BratCorpus.v1", "path": str(folder), "limit": 2}}
    corpus = spacy.registry.resolve(config)["corpus"]
    assert len(list(corpus(nlp))) == 2


def test_labels_limit_shuffle(folder: Path, nlp):
    corpus = BratCorpus(folder, labels=["FARMACO", "SEXO"], shuffle=True)
    texts = sorted(eg.reference.text for eg in corpus(nlp))
    assert texts == sorted(text for text, _ in DOCS.values())
    with pytest.raises(BratFormatError, match=r"a\.ann:1: offset 6: label 'SEXO' not in allowed"):
        list(BratCorpus(folder, labels=["FARMACO"])(nlp))
    lenient = BratCorpus(folder, labels=["FARMACO"], strict=False, limit=1)
    (example,) = list(lenient(nlp))
    assert [e.label_ for e in example.reference.ents] == ["FARMACO"]


def test_lenient_problems_are_logged_once(folder: Path, nlp, caplog):
    corpus = BratCorpus(folder, labels=["FARMACO"], strict=False)
    with caplog.at_level(logging.WARNING, logger="clinx_spacy.training.readers"):
        list(corpus(nlp))
        list(corpus(nlp))
    assert len(caplog.records) == 1
    assert "a.ann:1: offset 6: label 'SEXO'" in caplog.records[0].getMessage()


def test_spacy_file(folder: Path, tmp_path: Path, nlp):
    brat_folder_to_docbin(folder, tmp_path / "train.spacy", nlp)
    examples = list(BratCorpus(tmp_path / "train.spacy")(nlp))
    assert [len(eg.reference.spans["gold"]) for eg in examples] == [2, 1, 0]


def test_multitask_corpus_puts_each_task_in_its_span_group(tmp_path: Path, nlp):
    for task, doc_ids in (("farmacos", ["a", "b"]), ("sexo", ["a"])):
        folder = tmp_path / task / "train"
        folder.mkdir(parents=True)
        for doc_id in doc_ids:
            text, lines = DOCS[doc_id]
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            kept = [line for line in lines if (task == "sexo") == ("SEXO" in line)]
            (folder / f"{doc_id}.ann").write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
    corpus = spacy.registry.readers.get("clinx.MultiTaskBratCorpus.v1")(
        path=tmp_path, tasks=["farmacos", "sexo"], split="train"
    )
    examples = list(corpus(nlp))
    groups = [
        {key: [(s.text, s.label_) for s in group] for key, group in eg.reference.spans.items()} for eg in examples
    ]
    assert groups == [
        {"farmacos": [("metformina", "FARMACO")]},
        {"farmacos": [("penicilina", "FARMACO")]},
        {"sexo": [("H", "SEXO")]},
    ]
    limited = spacy.registry.readers.get("clinx.MultiTaskBratCorpus.v1")(
        path=tmp_path, tasks=["farmacos", "sexo"], split="train", limit=1
    )
    assert [list(eg.reference.spans) for eg in limited(nlp)] == [["farmacos"], ["sexo"]]
    with pytest.raises(FileNotFoundError, match="no such folder"):
        spacy.registry.readers.get("clinx.MultiTaskBratCorpus.v1")(path=tmp_path, tasks=["farmacos"], split="dev")


def test_assertion_corpus_gives_one_example_a_line(tmp_path):
    import spacy
    from findings import nubes_document

    from clinx_spacy.brat import write_brat_document
    from clinx_spacy.training.readers import AssertionCorpus

    write_brat_document(nubes_document(), tmp_path)
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    examples = list(AssertionCorpus(tmp_path)(nlp))
    assert [eg.reference.text for eg in examples] == [
        "No refiere fiebre ni tos .",
        "Probable neumonía , suspende seguril .",
    ]
    assert [[s.label_ for s in eg.reference.spans["assertion"]] for eg in examples] == [
        ["NegSynMarker", "NegScope"],
        ["UncertLexMarker", "UncertScope", "NegLexMarker", "NegScope"],
    ]
    assert [len(eg) for eg in AssertionCorpus(tmp_path, per_line=False)(nlp)] == [13]
