"""End to end: `spacy project run all` on a miniature slice of the sample, then again (nothing reruns)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import srsly

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "assets" / "sample"
PACKAGE = "clinx_e2e"


def miniature_corpus(dest: Path, n_train: int, n_dev: int) -> Path:
    for split, n in (("train", n_train), ("dev", n_dev)):
        (dest / split).mkdir(parents=True)
        for txt in sorted((SAMPLE / split).glob("*.txt"))[:n]:
            shutil.copy(txt, dest / split)
            shutil.copy(txt.with_suffix(".ann"), dest / split)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("project")
    for name in ("project.yml", "configs", "scripts"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, path / name)
    miniature_corpus(path / "mini", n_train=24, n_dev=8)
    lines = (SAMPLE / "pretrain.txt").read_text(encoding="utf8").splitlines(keepends=True)[:120]
    (path / "mini" / "pretrain.txt").write_text("".join(lines), encoding="utf8")
    yield path
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "-y", f"es_{PACKAGE}"], capture_output=True)


WORKFLOW_VARS = {
    "corpus": "mini",
    "pretrain_text": "mini/pretrain.txt",
    "name": PACKAGE,
    "pretrain_max_steps": 3,
    "ner_max_steps": 4,
    "ner_eval_frequency": 2,
    # Four steps teach nothing: this checks the plumbing, the real run checks the entities.
    "smoke_min_ents": 0,
}


def run_all(project: Path) -> subprocess.CompletedProcess:
    args = [f"--vars.{key}={value}" for key, value in WORKFLOW_VARS.items()]
    return subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all", str(project), *args],
        capture_output=True,
        text=True,
        timeout=1200,
    )


def test_workflow_runs_end_to_end_then_reruns_nothing(project):
    first = run_all(project)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    summary = srsly.read_json(project / "pretrained" / "tiny-sample" / "clinx" / "pretraining_summary.json")
    assert summary["global_step"] == 3
    metrics = srsly.read_json(project / "metrics" / "tiny-sample_dev.json")
    assert metrics["n_docs"] == 8 and 0.0 <= metrics["f"] <= 1.0
    smoke = srsly.read_json(project / "metrics" / f"smoke_es_{PACKAGE}.json")
    # The package step adds assertion status (--vars.assertion, rules by default).
    assert smoke["pipeline"] == ["transformer", "ner", "clinx_context"]
    assert smoke["model"] == f"es_{PACKAGE}-0.1.0"
    predictions = list((project / "training" / "tiny-sample" / "dev_predictions").glob("*.ann"))
    assert len(predictions) == 8

    second = run_all(project)
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    assert "Running command" not in second.stdout
    assert second.stdout.count("Skipping") == 6


def test_pull_on_a_fresh_clone_restores_the_backbone_and_skips_its_steps(tmp_path):
    """`spacy project push` stores the backbone; a fresh checkout with the remote
    configured pulls it, and prepare-model and pretrain then have nothing to do."""
    made, fresh, remote = tmp_path / "made", tmp_path / "fresh", tmp_path / "remote"
    for project in (made, fresh):
        project.mkdir()
        for name in ("configs", "scripts"):
            shutil.copytree(ROOT / name, project / name)
        config = srsly.read_yaml(ROOT / "project.yml")
        # push and pull take no --vars: the project's own variables say what to hash.
        config["vars"].update(WORKFLOW_VARS)
        config["remotes"] = {"default": str(remote)}
        srsly.write_yaml(project / "project.yml", config)
        miniature_corpus(project / "mini", n_train=2, n_dev=1)
        shutil.copy(ROOT / "assets" / "sample" / "pretrain.txt", project / "mini" / "pretrain.txt")
    for command in ("prepare-model", "pretrain"):
        run_command(made, command)
    spacy_project = [sys.executable, "-m", "spacy", "project"]
    subprocess.run([*spacy_project, "push", "default", str(made)], check=True, capture_output=True)
    pulled = subprocess.run([*spacy_project, "pull", "default", str(fresh)], check=True, capture_output=True, text=True)
    assert "Pulled pretrained/tiny-sample/clinx/model" in pulled.stdout
    model = Path("pretrained") / "tiny-sample" / "clinx" / "model"
    assert sorted(p.name for p in (fresh / model).iterdir()) == sorted(p.name for p in (made / model).iterdir())
    for command in ("prepare-model", "pretrain"):
        result = run_command(fresh, command)
        assert "Skipping" in result.stdout and "Running command" not in result.stdout


def run_command(project: Path, command: str, **variables) -> subprocess.CompletedProcess:
    args = [f"--vars.{key}={value}" for key, value in variables.items()]
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", command, str(project), *args],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


@pytest.fixture
def backbone(project) -> Path:
    """The project with `all`'s pretrained backbone (skipped by weasel where `all` made it)."""
    for command in ("prepare-model", "pretrain"):
        run_command(project, command, **WORKFLOW_VARS)
    return project


@pytest.mark.parametrize("ner_config", ["ner_tiny_hybrid", "ner_tiny_crf_hybrid"])
def test_hybrid_config_trains_with_both_feature_sources(backbone, ner_config):
    """ner_config switches the NER recipe: here the transformer plus the CNN's character
    features, under the transition-based head or the CRF."""
    project = backbone
    run_command(
        project, "train", corpus="mini", run=ner_config, ner_config=ner_config, ner_max_steps=2, ner_eval_frequency=2
    )
    import spacy

    nlp = spacy.load(project / "training" / f"tiny-{ner_config}" / "model-best")
    assert nlp.pipe_names == ["transformer", "tok2vec", "ner"]
    assert nlp.get_pipe("transformer").listening_components == ["ner"]
    assert nlp.get_pipe("tok2vec").listening_components == ["ner"]
    doc = nlp("Paciente de 63 años ingresado en el Hospital La Paz.")
    assert doc[0].tensor is not None


def relabelled_corpus(source: Path, dest: Path, prefix: str) -> Path:
    """`source`'s BRAT folders with every entity label prefixed: a task with other labels."""
    shutil.copytree(source, dest)
    for ann in dest.glob("*/*.ann"):
        lines = ann.read_text(encoding="utf8").splitlines(keepends=True)
        relabelled = [line.replace("\t", "\t" + prefix, 1) if line.startswith("T") else line for line in lines]
        ann.write_text("".join(relabelled), encoding="utf8")
    return dest


def test_transfer_workflow_sources_the_backbone_of_another_tasks_pipeline(backbone):
    """`transfer` trains a task from another task's trained pipeline: the transformer and
    the CNN features sourced (they keep listening, now to the new head), a head for the
    target's own labels; evaluate-transfer scores it."""
    project = backbone
    hybrid = {"ner_config": "ner_tiny_crf_hybrid", "ner_max_steps": 2, "ner_eval_frequency": 2}
    run_command(project, "train", corpus="mini", run="source-task", **hybrid)
    target = relabelled_corpus(project / "mini", project / "mini-target", "TARGET_")
    target_vars = {"corpus": target.name, "run": "target-task", "source_task": "src", "source_run": "source-task"}
    run_command(project, "transfer", **target_vars, **hybrid)
    import spacy

    nlp = spacy.load(project / "training" / "tiny-target-task-from-src" / "model-best")
    assert nlp.pipe_names == ["transformer", "tok2vec", "ner"]
    assert nlp.get_pipe("transformer").listening_components == ["ner"]
    assert nlp.get_pipe("tok2vec").listening_components == ["ner"]
    assert nlp.get_pipe("ner").labels and all(label.startswith("TARGET_") for label in nlp.get_pipe("ner").labels)
    config = (project / "training" / "tiny-target-task-from-src" / "transfer.cfg").read_text(encoding="utf8")
    assert "[components.transformer]\nsource = ${paths.source}\n" in config
    assert srsly.read_json(project / "metrics" / "tiny-target-task-from-src_dev.json")["n_docs"] == 8


def test_ensemble_workflow_votes_over_five_members_and_records_each(backbone):
    """`ensemble` cuts train into 5 document-level splits, trains a member on each,
    assembles one pipeline that votes, and scores it and every member alone on dev;
    the benchmark record reads them all."""
    project = backbone
    run = "mini-crf-context-subword"  # what benchmark.py names the ensemble of a task called "mini"
    run_command(
        project,
        "ensemble",
        corpus="mini",
        run=run,
        ner_config="ner_tiny_crf_context_subword",
        ner_max_steps=2,
        ner_eval_frequency=2,
    )
    splits = project / "corpus" / f"{run}-splits"
    dev_docs = [sorted(p.name for p in (splits / f"split_{k}" / "dev").glob("*.txt")) for k in range(5)]
    train = sorted(p.name for p in (project / "mini" / "train").glob("*.txt"))
    assert sorted(sum(dev_docs, [])) == train
    import spacy

    nlp = spacy.load(project / "training" / f"tiny-{run}-ensemble" / "model-best")
    assert nlp.pipe_names == [name for k in range(5) for name in (f"ner_{k}", f"stash_{k}")] + ["vote"]
    doc = nlp("Paciente de 63 años ingresado en el Hospital La Paz el 12/03/2019.")
    assert set(doc.spans) == {f"member_{k}" for k in range(5)}

    from benchmarking.runs import system_record

    record = system_record(project, "tiny", "mini", "ensemble")
    member_stats = [
        srsly.read_json(project / "training" / f"tiny-{run}-member-{k}" / "training_stats.json") for k in range(5)
    ]
    assert record["inference_docs"] == 8
    assert record["train_steps"] == sum(stats["steps"] for stats in member_stats)
    assert [member["inference_docs"] for member in record["members"]] == [8] * 5


# Small floret vectors: the mini pretraining text is 120 lines.
FLORET_VARS = {"floret_rows": 2000, "floret_dim": 16, "floret_epochs": 2}


def test_floret_vectors_feed_the_hybrid_and_the_peer_and_a_peer_packages_from_its_own_folder(backbone):
    """train-vectors, then train-floret (the CLIN-X-ES hybrid with the vectors as static
    features of its character CNN) and the CNN + floret peer; package ships whichever
    pipeline folder it is pointed at, and its meta names the system and the vectors."""
    project = backbone
    run_command(project, "train-vectors", **WORKFLOW_VARS, **FLORET_VARS)
    hybrid = {"corpus": "mini", "ner_config": "ner_tiny_crf_hybrid", "ner_max_steps": 2, "ner_eval_frequency": 2}
    run_command(project, "train-floret", run="mini-floret", **hybrid)
    run_command(project, "train-cnn-floret", corpus="mini", run="mini-peer", cnn_max_steps=2, ner_eval_frequency=2)
    run_command(project, "evaluate-cnn-floret", corpus="mini", run="mini-peer")
    import spacy

    for folder, pipe_names in (("tiny-mini-floret", ["transformer", "tok2vec", "ner"]), ("cnn-floret-mini-peer", None)):
        pipeline = project / "training" / folder / "model-best"
        nlp = spacy.load(pipeline)
        assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (2000, 16), folder
        assert pipe_names in (None, nlp.pipe_names)
        config = spacy.util.load_config(pipeline / "config.cfg")
        assert config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True, folder

    peer = {"pipeline": "training/cnn-floret-mini-peer", "pipeline_metrics": "metrics/cnn-floret-mini-peer_dev.json"}
    run_command(project, "package", run="mini-peer", task="meddocan", name="clinx_peer", system="cnn_floret", **peer)
    wheel = project / "packages" / "es_clinx_peer-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        meta = srsly.json_loads(archive.read(next(n for n in archive.namelist() if n.endswith("0.1.0/meta.json"))))
    assert meta["clinx_training"]["system"] == "cnn_floret"
    assert meta["clinx_training"]["static_vectors"] == "vectors/sample-floret"
    assert meta["clinx_dev_scores"]["meddocan"]["f"] == srsly.read_json(project / peer["pipeline_metrics"])["f"]
    assert (meta["vectors"]["width"], meta["vectors"]["vectors"]) == (16, 2000), "the vectors ship with it"


# The five tasks of configs/ner_tiny_multitask.cfg, as label groups of the synthetic sample.
TASK_LABELS = {
    "meddocan": {"FECHAS", "EDAD_SUJETO_ASISTENCIA", "NOMBRE_SUJETO_ASISTENCIA", "HOSPITAL", "TERRITORIO"},
    "cantemist": {"MORFOLOGIA_NEOPLASIA"},
    "pharmaconer": {"NORMALIZABLES", "PROTEINAS"},
    "meddoprof_ner": {"PROFESION"},
    "meddoprof_class": {"NOMBRE_PERSONAL_SANITARIO"},
}


def miniature_tasks(dest: Path, n_train: int, n_dev: int) -> Path:
    for task, labels in TASK_LABELS.items():
        for split, n in (("train", n_train), ("dev", n_dev)):
            folder = dest / task / split
            folder.mkdir(parents=True)
            for txt in sorted((SAMPLE / split).glob("*.txt"))[:n]:
                shutil.copy(txt, folder)
                lines = txt.with_suffix(".ann").read_text(encoding="utf8").splitlines(keepends=True)
                kept = [line for line in lines if line.startswith("T") and line.split("\t")[1].split()[0] in labels]
                (folder / txt.with_suffix(".ann").name).write_text("".join(kept), encoding="utf8")
    return dest


def test_multitask_workflow_packages_one_pipeline_with_a_head_per_task(backbone):
    """On the pretrained backbone, `multitask` trains (selecting on a dev subset), evaluates each
    head on its task's whole dev split, packages and installs es_<name> with every task's labels."""
    project = backbone
    miniature_tasks(project / "tasks", n_train=12, n_dev=4)
    name = PACKAGE + "_multi"
    try:
        run_command(
            project,
            "multitask",
            corpora="tasks",
            name=name,
            ner_max_steps=2,
            ner_eval_frequency=2,
            multitask_dev_limit=2,
            smoke_min_ents=0,
        )
        for task in TASK_LABELS:
            metrics = srsly.read_json(project / "metrics" / f"tiny-multitask-{task}_dev.json")
            assert metrics["predictions"] == task and metrics["n_docs"] == 4
        smoke = srsly.read_json(project / "metrics" / f"smoke_es_{name}.json")
        assert smoke["pipeline"] == ["transformer", "tok2vec", *TASK_LABELS, "merge_ents", "clinx_context"]
        code = (
            "import json, spacy\n"
            f"nlp = spacy.load('es_{name}')\n"
            f"print(json.dumps({{'labels': {{t: list(nlp.get_pipe(t).labels) for t in {list(TASK_LABELS)!r}}},"
            " 'scores': nlp.meta['clinx_dev_scores'], 'arch': nlp.meta['clinx_architecture'],"
            " 'training': nlp.meta['clinx_training'],"
            " 'assertion_groups': nlp.get_pipe('clinx_context').span_groups}))\n"
        )
        loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        result = srsly.json_loads(loaded.stdout)
        # Assertion status is set on every task head's entities, not only on the merged doc.ents.
        assert result["assertion_groups"] == sorted(TASK_LABELS)
        assert {task: set(labels) for task, labels in result["labels"].items()} == TASK_LABELS
        assert set(result["scores"]) == set(TASK_LABELS)
        training = result["training"]
        assert training["system"] == "multitask" and training["max_steps"] == 2 and training["steps"] is not None
        assert training["backbone"].endswith("clinx/model")
        assert result["arch"]["meddocan"] == {
            "factory": "clinx_crf_ner",
            "architecture": "clinx.CRFTagger.v1",
            "features": "clinx.ConcatenateFeatures.v1",
            "spans_key": "meddocan",
        }
        # A per-task pipeline cut out of it scores what its head scored.
        run_command(project, "extract-task", task="cantemist", run="cantemist-multitask-head")
        run_command(project, "evaluate", corpus="tasks/cantemist", run="cantemist-multitask-head")
        head = srsly.read_json(project / "metrics" / "tiny-cantemist-multitask-head_dev.json")
        multitask = srsly.read_json(project / "metrics" / "tiny-multitask-cantemist_dev.json")
        assert {k: head[k] for k in ("p", "r", "f", "per_label", "n_docs")} == {
            k: multitask[k] for k in ("p", "r", "f", "per_label", "n_docs")
        }
        extracted = project / "training" / "tiny-cantemist-multitask-head"
        assert srsly.read_json(extracted / "training_stats.json") == srsly.read_json(
            project / "training" / "tiny-multitask" / "training_stats.json"
        )
        assert srsly.read_json(extracted / "model-best" / "meta.json")["pipeline"] == [
            "transformer",
            "tok2vec",
            "cantemist",
            "merge_ents",
        ]
    finally:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "-y", f"es_{name}"], capture_output=True)


def test_project_commands_call_the_clinx_command_line_not_wrapper_scripts():
    """Each step runs `clinx`, spaCy or pip: what the package does is never wrapped by a project script."""
    config = srsly.read_yaml(ROOT / "project.yml")
    scripts = [line for command in config["commands"] for line in command["script"]]
    programs = {" ".join(line.split()[:3]) if line.startswith("python") else line.split()[0] for line in scripts}
    assert programs == {"clinx", "python -m spacy", "python -m pip"}, programs
