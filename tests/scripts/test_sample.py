import filecmp
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from clinx_spacy.brat import read_brat_folder
from clinx_spacy.tokenizer import make_clinical_nlp

from benchmarking.alignment import measure_alignment
from sample.generate import LABELS, generate_documents, generate_pretraining_text, write_brat_sample

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "assets" / "sample"
# The command documented in assets/sample/README.md.
SAMPLE_ARGS = ["--n-train", "400", "--n-dev", "100", "--n-pretrain", "700", "--seed", "2112"]


@pytest.fixture(scope="module")
def documents():
    return generate_documents(60, seed=7) + generate_documents(40, seed=7, start=60, held_out=True)


def test_same_seed_same_documents():
    assert generate_documents(5, seed=3) == generate_documents(5, seed=3)
    assert generate_pretraining_text(3, seed=3) == generate_pretraining_text(3, seed=3)


def test_documents_do_not_depend_on_how_many_are_generated():
    assert generate_documents(3, seed=3)[2] == generate_documents(1, seed=3, start=2)[0]


def test_other_seed_other_documents():
    assert generate_documents(3, seed=3)[0][1] != generate_documents(3, seed=4)[0][1]


def test_spans_are_exact_and_trimmed(documents):
    for doc_id, text, spans in documents:
        for start, end, label in spans:
            mention = text[start:end]
            assert 0 <= start < end <= len(text), (doc_id, start, end)
            assert mention == mention.strip() and "\n" not in mention, (doc_id, mention)
            assert label in LABELS, (doc_id, label)


def test_spans_are_sorted_and_flat(documents):
    for doc_id, _, spans in documents:
        assert spans == sorted(spans)
        assert all(end <= next_start for (_, end, _), (next_start, _, _) in zip(spans, spans[1:])), doc_id


def test_label_set_is_covered_and_documented(documents):
    counts = Counter(label for _, _, spans in documents for *_, label in spans)
    assert set(counts) == set(LABELS)
    readme = (SAMPLE / "README.md").read_text(encoding="utf8")
    assert set(re.findall(r"^\|[^|]*\| `([A-Z_]+)` \|", readme, re.M)) == set(LABELS)


def test_no_unfilled_templates(documents):
    for doc_id, text, _ in documents:
        assert not any(marker in text for marker in ("{", "}", "[[", "]]", "|")), doc_id


def test_held_out_vocabulary_only_in_held_out_documents():
    def forms(docs):
        return {text[s:e] for _, text, spans in docs for s, e, label in spans if label == "MORFOLOGIA_NEOPLASIA"}

    seen = forms(generate_documents(300, seed=1))
    held_out = forms(generate_documents(300, seed=1, start=300, held_out=True))
    assert held_out - seen


def test_pretraining_text_is_one_document_per_line():
    lines = generate_pretraining_text(20, seed=5).splitlines()
    assert len(lines) == 20 and all(line and line == line.strip() for line in lines)
    annotated = {" ".join(text.split()) for _, text, _ in generate_documents(20, seed=5)}
    assert not annotated & set(lines)


def test_write_brat_sample_replaces_stale_files(tmp_path):
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "stale.txt").write_text("x", encoding="utf8")
    assert write_brat_sample(tmp_path, n_train=3, n_dev=2, seed=1) == {"train": 3, "dev": 2}
    assert len(list((tmp_path / "train").glob("*.txt"))) == 3
    assert not (tmp_path / "train" / "stale.txt").exists()
    assert len(list((tmp_path / "dev").glob("*.ann"))) == 2


def test_written_sample_reads_back(tmp_path):
    write_brat_sample(tmp_path, n_train=4, n_dev=2, seed=9)
    documents = generate_documents(4, 9) + generate_documents(2, 9, start=4, held_out=True)
    expected = {doc_id: (text, spans) for doc_id, text, spans in documents}
    docs = [doc for split in ("train", "dev") for doc in read_brat_folder(tmp_path / split)]
    assert {doc.doc_id for doc in docs} == set(expected)
    for doc in docs:
        text, spans = expected[doc.doc_id]
        assert doc.text == text
        assert [(s.start, s.end, s.label) for s in doc.spans] == spans


def test_committed_sample_reads_back_and_aligns_with_clinical_tokenizer():
    for split, n_docs in (("train", 400), ("dev", 100)):
        docs = list(read_brat_folder(SAMPLE / split, labels=LABELS, strict=True))
        assert len(docs) == n_docs and all(doc.spans for doc in docs), split
    results = measure_alignment(make_clinical_nlp(), [SAMPLE / "train", SAMPLE / "dev"])
    assert all(counts.unaligned_spans == 0 for counts in results.values()), results


def test_committed_sample_matches_documented_command(tmp_path):
    command = [sys.executable, str(ROOT / "scripts" / "make_sample.py"), str(tmp_path), *SAMPLE_ARGS]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for split in ("train", "dev"):
        committed = sorted(p.name for p in (SAMPLE / split).iterdir())
        assert committed == sorted(p.name for p in (tmp_path / split).iterdir()), split
        _, mismatch, errors = filecmp.cmpfiles(SAMPLE / split, tmp_path / split, committed, shallow=False)
        assert not mismatch and not errors, (split, mismatch[:5], errors[:5])
    assert filecmp.cmp(SAMPLE / "pretrain.txt", tmp_path / "pretrain.txt", shallow=False)
    documented = "python scripts/make_sample.py assets/sample " + " ".join(SAMPLE_ARGS)
    assert documented in (SAMPLE / "README.md").read_text(encoding="utf8")
