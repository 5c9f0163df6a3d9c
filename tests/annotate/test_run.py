"""clinx_spacy.annotate: every output format, offsets that hold, entities across line
breaks as fragments, interruption and resume, a bad file in the middle."""

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import spacy
from interruptible import popen
from spacy.language import Language
from spacy.tokens import DocBin

from clinx_spacy.annotate import annotate
from clinx_spacy.brat import read_brat_folder
from clinx_spacy.errors import OutputExists
from clinx_spacy.outputs import MANIFEST

from .conftest import TEXTS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "saved_pipelines" / "multitask"
SAMPLE_DEV = Path(__file__).parents[2] / "assets" / "sample" / "dev"


def test_brat_output_keeps_the_texts_and_writes_every_prediction(ruler, txt_folder, tmp_path):
    summary = annotate(ruler, txt_folder, tmp_path / "out", spans_keys=["copy"], recursive=True)
    assert summary.documents == 3 and summary.failures == []
    for name in ("a", "b", "sub/c"):
        assert (tmp_path / "out" / f"{name}.txt").read_bytes() == (txt_folder / f"{name}.txt").read_bytes()
    docs = {doc.doc_id: doc for doc in read_brat_folder(tmp_path / "out", recursive=True)}
    for doc in docs.values():
        for span in doc.spans:
            assert " ".join(doc.text[s:e] for s, e in span.fragments) == span.text
    crossing = [s for s in docs["a"].spans if s.label == "HOSPITAL"]
    assert [s.fragments for s in crossing] == [((14, 22), (23, 29))] * 2, "doc.ents and the copy group"
    ann = (tmp_path / "out" / "a.ann").read_text(encoding="utf8")
    assert "\tHOSPITAL 14 22;23 29\tHospital La Paz\n" in ann
    assert "A1\tSpanGroup T3 copy\n" in ann
    assert json.loads((tmp_path / "out" / MANIFEST).read_text())["summary"]["documents"] == 3


def test_jsonl_output_has_metadata_offsets_and_kb_ids(ruler, jsonl_file, tmp_path):
    annotate(ruler, jsonl_file, tmp_path / "out.jsonl")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf8").splitlines()]
    assert [r["id"] for r in records] == list(TEXTS) and records[0]["meta"] == {"ward": "UCI"}
    for record in records:
        for ent in record["entities"]:
            assert record["text"][ent["start"] : ent["end"]] == ent["text"]
    drug = next(e for e in records[1]["entities"] if e["label"] == "NORMALIZABLES")
    assert drug["span_id"] == "C1" and drug["source"] == "ents"
    hospital = next(e for e in records[0]["entities"] if e["label"] == "HOSPITAL")
    assert hospital["fragments"] == [[14, 22], [23, 29]]


def test_docbin_output_holds_every_doc_with_its_id(ruler, txt_folder, tmp_path):
    annotate(ruler, txt_folder, tmp_path / "out.spacy", recursive=True)
    docs = list(DocBin(store_user_data=True).from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("es").vocab))
    assert [doc.user_data["id"] for doc in docs] == ["a", "b", "sub/c"]
    assert [len(doc.ents) for doc in docs] == [2, 2, 0]
    assert not list(tmp_path.glob(".out.spacy*")), "the shards are gone"


def test_a_bad_file_in_the_middle_is_reported_and_the_rest_annotated(ruler, txt_folder, tmp_path):
    (txt_folder / "a2.txt").write_bytes(b"Hospital La Paz \xff\n")
    summary = annotate(ruler, txt_folder, tmp_path / "out")
    assert summary.documents == 2 and [f.reason for f in summary.failures] == ["invalid UTF-8 at byte offset 16"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.ann")) == ["a.ann", "b.ann"]
    with pytest.raises(Exception, match="invalid UTF-8"):
        annotate(ruler, txt_folder, tmp_path / "strict", strict=True)
    assert not (tmp_path / "strict").exists()


@Language.component("interrupt_after_one")
def interrupt_after_one(doc):
    """Ctrl-C while the second document is annotated."""
    if doc.text.startswith("Se pautó"):
        raise KeyboardInterrupt
    return doc


@pytest.mark.parametrize("suffix", ["", ".jsonl", ".spacy"])
def test_an_interrupted_run_resumes_to_the_uninterrupted_output(ruler, txt_folder, tmp_path, suffix):
    full, resumed = tmp_path / f"full{suffix}", tmp_path / f"resumed{suffix}"
    annotate(ruler, txt_folder, full, recursive=True)
    nlp = spacy.load(ruler)
    nlp.add_pipe("interrupt_after_one")
    with pytest.raises(KeyboardInterrupt):
        annotate(nlp, txt_folder, resumed, recursive=True, batch_size=1)
    assert not resumed.exists(), "an interrupted output is not at its name"
    with pytest.raises(OutputExists, match="interrupted run left"):
        annotate(ruler, txt_folder, resumed, recursive=True)
    summary = annotate(ruler, txt_folder, resumed, recursive=True, resume=True)
    assert (summary.resumed, summary.documents) == (1, 2)
    assert _content(resumed) == _content(full)


def _content(path: Path):
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.rglob("*") if p.is_file() and p.name != MANIFEST}
    if path.suffix == ".spacy":
        docs = DocBin(store_user_data=True).from_disk(path).get_docs(spacy.blank("es").vocab)
        return [(doc.user_data["id"], [(e.start_char, e.end_char, e.label_) for e in doc.ents]) for doc in docs]
    return path.read_bytes()


def test_sigint_and_resume_through_the_command_line(tmp_path):
    """A transformer pipeline over 100 documents, stopped by SIGINT, resumed: every
    document once, each as in an uninterrupted run (one document a batch, so batching
    cannot change the numbers)."""
    corpus = tmp_path / "dev"
    shutil.copytree(SAMPLE_DEV, corpus)
    command = ["clinx", "annotate", str(FIXTURE), str(corpus), "-b", "1"]
    subprocess.run([*command, str(tmp_path / "full.jsonl")], check=True, capture_output=True)
    process = popen([*command, str(tmp_path / "part.jsonl")], stderr=subprocess.PIPE, text=True)
    partial = tmp_path / ".part.jsonl.partial"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not partial.exists() or partial.read_bytes().count(b"\n") < 20):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130 and "Interrupted" in process.stderr.read()
    assert not (tmp_path / "part.jsonl").exists()
    subprocess.run([*command, str(tmp_path / "part.jsonl"), "--resume"], check=True, capture_output=True)
    assert (tmp_path / "part.jsonl").read_bytes() == (tmp_path / "full.jsonl").read_bytes()


def test_a_record_carries_kb_ids_and_the_span_extensions_set():
    from spacy.tokens import Span

    from clinx_spacy.annotate import Record, doc_record
    from clinx_spacy.context.attributes import register_extensions

    register_extensions()
    nlp = spacy.blank("es")
    doc = nlp("No hay metástasis.")
    doc.ents = [Span(doc, 2, 3, label="MORFOLOGIA_NEOPLASIA", kb_id="8000/6")]
    (entity,) = doc_record(Record("x", doc.text), doc, ["ents"])["entities"]
    assert "extensions" not in entity  # registered, but nothing set them
    doc.ents[0]._.is_negated = True
    (entity,) = doc_record(Record("x", doc.text), doc, ["ents"])["entities"]
    assert entity["kb_id"] == "8000/6" and entity["extensions"] == {"is_negated": True}


def test_assertion_status_is_written_as_jsonl_fields_and_brat_attributes(tmp_path):
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "DISO", "pattern": [{"LOWER": word}]} for word in ("fiebre", "tos", "neumonía")]
    )
    nlp.add_pipe("clinx_context")
    nlp.to_disk(tmp_path / "context")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n1.txt").write_text("Sin fiebre. Tos seca.\nProbable neumonía.", encoding="utf8")
    annotate(tmp_path / "context", notes, tmp_path / "out.jsonl")
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf8").splitlines()]
    by_text = {entity["text"]: entity["extensions"] for entity in record["entities"]}
    assert by_text["fiebre"]["is_negated"] and not by_text["fiebre"]["is_uncertain"]
    assert by_text["fiebre"]["modifiers"] == [
        {
            "text": "Sin", "category": "NEGATED_EXISTENCE", "direction": "FORWARD", "start": 0, "end": 1,
            "start_char": 0, "end_char": 3, "scope_start": 1, "scope_end": 3, "literal": "sin",
        }
    ]  # fmt: skip
    assert (
        not any(by_text["Tos"][name] for name in ("is_negated", "is_uncertain")) and by_text["Tos"]["modifiers"] == []
    )
    assert by_text["neumonía"]["is_uncertain"]
    annotate(tmp_path / "context", notes, tmp_path / "brat")
    ann = (tmp_path / "brat" / "n1.ann").read_text(encoding="utf8").splitlines()
    assert ann == [
        "T1\tDISO 4 10\tfiebre",
        "T2\tDISO 12 15\tTos",
        "T3\tDISO 31 39\tneumonía",
        "A1\tNegated T1",
        "A2\tUncertain T3",
    ]
    (doc,) = read_brat_folder(tmp_path / "brat")
    assert [(a.name, a.target) for a in doc.attributes] == [("Negated", "T1"), ("Uncertain", "T3")]
