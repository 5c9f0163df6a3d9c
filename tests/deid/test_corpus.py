"""`deidentify_corpus` and `clinx deid`: PHI from a pipeline, from annotations or both;
every MEDDOCAN gold PHI string gone; the audit file; interrupt and resume; bad input."""

import json
import re
import subprocess
from pathlib import Path

import pytest
import spacy

from clinx_spacy.brat import read_brat_folder
from clinx_spacy.deid import PhiAuditWarning, deidentify_corpus, load_policy
from clinx_spacy.deid.surrogates import age_in_years
from clinx_spacy.errors import InputError, OutputExists

from tiny_models import CORPORA

NOTES = {
    "a": "Paciente varón de 45 años, Juan Pérez, ingresa el 12/03/2019 en el Hospital La Paz.",
    "b": "Mujer de 97 años. Contacto: maria.lopez@gmail.com. Alta el 02/04/2019.",
    "c": "Sin datos de filiación.",
}
GOLD = {
    "a": [("SEXO_SUJETO_ASISTENCIA", "varón"), ("EDAD_SUJETO_ASISTENCIA", "45 años"),
          ("NOMBRE_SUJETO_ASISTENCIA", "Juan Pérez"), ("FECHAS", "12/03/2019"), ("HOSPITAL", "Hospital La Paz")],
    "b": [("SEXO_SUJETO_ASISTENCIA", "Mujer"), ("EDAD_SUJETO_ASISTENCIA", "97 años"),
          ("CORREO_ELECTRONICO", "maria.lopez@gmail.com"), ("FECHAS", "02/04/2019")],
    "c": [],
}  # fmt: skip


@pytest.fixture
def brat_folder(tmp_path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf8")
        lines = []
        for n, (label, string) in enumerate(GOLD[name], 1):
            start = text.index(string)
            lines.append(f"T{n}\t{label} {start} {start + len(string)}\t{string}\n")
        (folder / f"{name}.ann").write_text("".join(lines), encoding="utf8")
    return folder


def test_from_annotations_alone_every_format(brat_folder, tmp_path):
    for output in (tmp_path / "out", tmp_path / "out.jsonl", tmp_path / "out.spacy"):
        summary = deidentify_corpus(None, brat_folder, output, annotations=brat_folder, key="k")
        assert summary.documents == 3 and not summary.failures
    deid = {doc.doc_id: doc for doc in read_brat_folder(tmp_path / "out")}
    assert "Juan" not in deid["a"].text and "maria.lopez" not in deid["b"].text
    assert deid["c"].text == NOTES["c"]
    for doc in deid.values():
        for span in doc.spans:
            assert doc.text[span.start : span.end] == span.text
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf8").splitlines()]
    assert [line["text"] for line in lines] == [deid[name].text for name in "abc"]


def test_from_a_pipeline_and_annotations_together(brat_folder, tmp_path):
    nlp = spacy.blank("es")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "TERRITORIO", "pattern": "La Paz"}])
    only_ruler = deidentify_corpus(nlp, brat_folder, tmp_path / "ruler.jsonl", key="k")
    assert only_ruler.entities == {"TERRITORIO": 1}
    both = deidentify_corpus(nlp, brat_folder, tmp_path / "both.jsonl", annotations=brat_folder, key="k")
    # "La Paz" inside "Hospital La Paz" is one span, labelled as the longer.
    assert both.entities["HOSPITAL"] == 1 and "TERRITORIO" not in both.entities


def test_the_audit_maps_every_original_and_holds_phi(brat_folder, tmp_path):
    audit = tmp_path / "audit.jsonl"
    with pytest.warns(PhiAuditWarning, match="holds the original PHI"):
        deidentify_corpus(None, brat_folder, tmp_path / "out.jsonl", annotations=brat_folder, audit=audit, key="k")
    entries = {e["id"]: e for e in map(json.loads, audit.read_text(encoding="utf8").splitlines())}
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"] for line in (tmp_path / "out.jsonl").open(encoding="utf8")
    }
    assert [r["original"] for r in entries["a"]["replacements"]] == [s for _, s in GOLD["a"]]
    for doc_id, entry in entries.items():
        for r in entry["replacements"]:
            assert NOTES[doc_id][r["start"] : r["end"]] == r["original"]
            assert texts[doc_id][r["new_start"] : r["new_end"]] == r["replacement"]


def test_an_interrupted_run_resumes_to_the_same_output_and_audit(brat_folder, tmp_path, monkeypatch):
    from clinx_spacy.deid import corpus

    full, audit = tmp_path / "full.jsonl", tmp_path / "full-audit.jsonl"
    options = dict(annotations=brat_folder, key="k", batch_size=1)
    with pytest.warns(PhiAuditWarning):
        deidentify_corpus(None, brat_folder, full, audit=audit, **options)
    original = corpus.DeidEncoder.__call__

    def interrupted(self, record, doc):
        if record.id == "b":
            raise KeyboardInterrupt
        return original(self, record, doc)

    part, part_audit = tmp_path / "part.jsonl", tmp_path / "part-audit.jsonl"
    with monkeypatch.context() as patch, pytest.warns(PhiAuditWarning):
        patch.setattr(corpus.DeidEncoder, "__call__", interrupted)
        with pytest.raises(KeyboardInterrupt):
            deidentify_corpus(None, brat_folder, part, audit=part_audit, **options)
    assert not part.exists() and not part_audit.exists()
    with pytest.raises(OutputExists):
        deidentify_corpus(None, brat_folder, part, audit=part_audit, **options)
    with pytest.warns(PhiAuditWarning):
        summary = deidentify_corpus(None, brat_folder, part, audit=part_audit, resume=True, **options)
    assert (summary.resumed, summary.documents) == (1, 2)
    assert part.read_bytes() == full.read_bytes() and part_audit.read_bytes() == audit.read_bytes()


def test_two_workers_give_the_single_process_output(brat_folder, tmp_path):
    deidentify_corpus(None, brat_folder, tmp_path / "one.jsonl", annotations=brat_folder, key="k", batch_size=1)
    deidentify_corpus(
        None, brat_folder, tmp_path / "two.jsonl", annotations=brat_folder, key="k", batch_size=1, n_process=2
    )
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_bad_annotations_are_reported_and_the_rest_deidentified(brat_folder, tmp_path):
    (brat_folder / "b.ann").write_text("T1\tFECHAS 10 zz\tx\n", encoding="utf8")
    (brat_folder / "c.ann").unlink()
    summary = deidentify_corpus(None, brat_folder, tmp_path / "out.jsonl", annotations=brat_folder)
    assert summary.documents == 1
    reasons = {Path(f.source).name: f.reason for f in summary.failures}
    assert "b.ann:1" in reasons["b.ann"] and "no annotations" in reasons["c.ann"]
    with pytest.raises(InputError, match="nothing to find the PHI"):
        deidentify_corpus(None, brat_folder, tmp_path / "x.jsonl")


def test_a_policy_file_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{\n  "labels": {"FECHAS": {"operator": "shred"}}\n}', encoding="utf8")
    with pytest.raises(InputError, match=r"policy.json: labels.FECHAS: operator must be one of"):
        load_policy(path)
    path.write_text('{\n  "labels": {\n', encoding="utf8")
    with pytest.raises(InputError, match=r"policy.json, line 3"):
        load_policy(path)


def test_the_command_line(brat_folder, tmp_path):
    out = tmp_path / "out"
    command = ["clinx", "deid", "none", str(brat_folder), str(out), "--annotations", str(brat_folder)]
    result = subprocess.run(command, capture_output=True, text=True, env={**_env(), "CLINX_DEID_KEY": "k"})
    assert result.returncode == 0, result.stderr
    assert "Documents annotated: 3" in result.stderr and (out / "a.txt").is_file()
    again = subprocess.run(command, capture_output=True, text=True, env=_env())
    assert again.returncode == 1 and again.stderr.startswith("Error:")


def _env():
    import os

    return dict(os.environ)


MEDDOCAN = CORPORA / "meddocan"


@pytest.mark.skipif(not MEDDOCAN.is_dir(), reason=f"the MEDDOCAN corpus is not at {MEDDOCAN}")
def test_with_gold_annotations_no_meddocan_phi_survives(tmp_path):
    """All MEDDOCAN train and dev documents, de-identified from their gold annotations with
    the default policy: outside the replaced spans the text is byte-identical, and no gold
    PHI string survives (whole-word) beyond its occurrences outside PHI spans, except the
    ages up to 89 that the policy keeps. A shifted date may read as another real one
    ("1987" for "1988" beside a real "1987": the offset avoids it where any offset can):
    dates are checked where they were, and the others outside shifted dates and kept ages."""
    for split in ("train", "dev"):
        folder = MEDDOCAN / split
        audit = tmp_path / f"{split}-audit.jsonl"
        with pytest.warns(PhiAuditWarning):
            summary = deidentify_corpus(None, folder, tmp_path / f"{split}.jsonl", annotations=folder, audit=audit)
        assert not summary.failures and summary.documents == len(list(folder.glob("*.txt")))
        texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in (tmp_path / f"{split}.jsonl").open()}
        for entry in map(json.loads, audit.open(encoding="utf8")):
            original = (folder / f"{entry['id']}.txt").read_text(encoding="utf8")
            new = texts[entry["id"]]
            outside_old, outside_new, position, new_position = [], [], 0, 0
            for r in entry["replacements"]:
                outside_old.append(original[position : r["start"]])
                outside_new.append(new[new_position : r["new_start"]])
                position, new_position = r["end"], r["new_end"]
            assert outside_old + [original[position:]] == outside_new + [new[new_position:]], entry["id"]
            untouched = "\0".join(outside_old + [original[position:]])
            kept = {r["original"] for r in entry["replacements"] if r["replacement"] == r["original"]}
            assert all(
                r["label"] == "EDAD_SUJETO_ASISTENCIA" and (age_in_years(r["original"]) or 0) <= 89
                for r in entry["replacements"]
                if r["replacement"] == r["original"]
            )
            # Blank what may show a real string by design: shifted dates and kept ages.
            shown = [(r["new_start"], r["new_end"]) for r in entry["replacements"]
                     if r["label"] == "FECHAS" or r["replacement"] == r["original"]]  # fmt: skip
            undated = "".join("\0" if any(a <= i < b for a, b in shown) else c for i, c in enumerate(new))
            for r in entry["replacements"]:
                if r["original"] in kept:
                    continue
                assert r["replacement"] != r["original"], (entry["id"], r)
                word = re.compile(rf"(?<!\w){re.escape(r['original'])}(?!\w)")
                assert len(word.findall(undated)) == len(word.findall(untouched)), (entry["id"], r)
