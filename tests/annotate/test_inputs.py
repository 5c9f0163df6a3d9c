"""clinx_spacy.annotate.inputs: every input format, streamed; unreadable documents reported."""

import pytest
import spacy
from spacy.tokens import DocBin

from clinx_spacy.annotate.inputs import Failure, input_kind, read_records
from clinx_spacy.errors import InputError

from .conftest import TEXTS


def test_a_folder_gives_its_txt_files_recursively_on_request(txt_folder):
    failures = []
    assert [r.id for r in read_records(txt_folder, failures)] == ["a", "b"]
    records = list(read_records(txt_folder, failures, recursive=True))
    assert [(r.id, r.text) for r in records] == [("a", TEXTS["a"]), ("b", TEXTS["b"]), ("sub/c", TEXTS["c"])]
    assert [r.id for r in read_records(txt_folder, failures, glob="**/c.txt")] == ["sub/c"]
    assert failures == []


def test_jsonl_keeps_other_fields_as_metadata(jsonl_file):
    failures = []
    records = list(read_records(jsonl_file, failures))
    assert [(r.id, r.text, r.meta) for r in records] == [(k, t, {"ward": "UCI"}) for k, t in TEXTS.items()]


def test_a_docbin_gives_its_docs(tmp_path):
    nlp = spacy.blank("es")
    docbin = DocBin(store_user_data=True)
    for text in TEXTS.values():
        docbin.add(nlp.make_doc(text))
    docbin.to_disk(tmp_path / "in.spacy")
    records = list(read_records(tmp_path / "in.spacy", [], vocab=nlp.vocab))
    assert [(r.id, r.text) for r in records] == [(f"doc{i:05d}", t) for i, t in enumerate(TEXTS.values())]


def test_unreadable_documents_are_reported_and_the_rest_read(txt_folder, tmp_path):
    (txt_folder / "b2.txt").write_bytes(b"bad \xff byte\n")
    (txt_folder / "b3.txt").write_bytes(b"  \n")
    (txt_folder / "b4.txt").write_text("x" * 100, encoding="utf8")
    failures = []
    ids = [r.id for r in read_records(txt_folder, failures, max_chars=80)]
    assert ids == ["a", "b"]
    reasons = {f.source.split("/")[-1]: f.reason for f in failures}
    assert reasons == {
        "b2.txt:1": "invalid UTF-8 at byte offset 4",
        "b3.txt": "empty document",
        "b4.txt": "100 characters, over the limit of 80",
    }
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"id": 1, "text": "ok"}\n{"id": 2\n{"text": "no id"}\n', encoding="utf8")
    failures = []
    assert [r.id for r in read_records(bad_jsonl, failures)] == ["1"]
    assert [str(f).split("/")[-1] for f in failures] == [
        "bad.jsonl:2: invalid JSON at offset 9 (Expecting ',' delimiter)",
        'bad.jsonl:3: no "id"',
    ]
    assert all(isinstance(f, Failure) for f in failures)


def test_duplicate_ids_and_unknown_inputs_are_errors(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text('{"id": "x", "text": "uno"}\n{"id": "x", "text": "dos"}\n', encoding="utf8")
    with pytest.raises(InputError, match="used by an earlier document"):
        list(read_records(path, []))
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf8")
    with pytest.raises(InputError, match="give a folder of .txt files"):
        input_kind(tmp_path / "notes.csv")
    with pytest.raises(FileNotFoundError):
        input_kind(tmp_path / "missing")
