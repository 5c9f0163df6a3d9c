"""The five-task benchmark: which project commands train and evaluate each system on
each task, and where their results land."""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from clinx_spacy.util import read_json

# Members of the project's ensemble workflow (its commands train-member-0 ... train-member-4).
ENSEMBLE_SIZE = 5
# The task table: names in priority order, lenient train splits, the paper's test F1.
TASK_TABLE = Path(__file__).parents[2] / "configs" / "tasks.json"
_TASKS: Dict[str, Dict] = read_json(TASK_TABLE)["tasks"]
TASKS = tuple(_TASKS)
LENIENT_TRAIN = frozenset(task for task, spec in _TASKS.items() if spec["lenient_train"])
PAPER_TEST_F1: Dict[str, Optional[Dict[str, float]]] = {task: spec["paper_test_f1"] for task, spec in _TASKS.items()}


@dataclass(frozen=True)
class System:
    """One way of training NER, as `spacy project` commands and the files they write
    ({profile}, {run} are filled in)."""

    description: str
    commands: Tuple[str, ...]
    training_dir: str
    metrics: str
    run_suffix: str = ""
    ner_config: Optional[str] = None
    # An ensemble's members: (training folder, dev metrics JSON), {k} the member's number.
    members: Optional[Tuple[str, str]] = None
    # Project variables that define the system (e.g. its stopping rule); they win over the caller's.
    variables: Tuple[Tuple[str, str], ...] = ()
    # Cross-task transfer: the (task, system) run this one starts from, trained first at the same budget.
    source: Optional[Tuple[str, str]] = None
    # False where the dev curve of training is not this task's own (one run scored on all five tasks at once).
    task_curve: bool = True

    def run_name(self, task: str) -> str:
        return task + self.run_suffix

    def paths(self, project: Path, profile: str, task: str) -> Tuple[Path, Path]:
        """(training folder, dev metrics JSON) of this system on `task`."""
        names = {"profile": profile, "run": self.run_name(task)}
        return project / self.training_dir.format(**names), project / self.metrics.format(**names)

    def member_paths(self, project: Path, profile: str, task: str) -> List[Tuple[Path, Path]]:
        """(training folder, dev metrics JSON) of each member of an ensemble system."""
        if self.members is None:
            return []
        names = {"profile": profile, "run": self.run_name(task)}
        return [
            tuple(project / template.format(k=k, **names) for template in self.members) for k in range(ENSEMBLE_SIZE)
        ]


_TRAIN = ("train", "evaluate")
_TRAIN_FLORET = ("train-vectors", "train-floret", "evaluate")
_EXTRACT = ("extract-task", "evaluate")
_RUN_DIR = "training/{profile}-{run}"
_RUN_METRICS = "metrics/{profile}-{run}_dev.json"
_RANDOM_INIT = ("train-random-init", "evaluate-random-init")
_RANDOM_INIT_DIR = "training/{profile}-{run}-random-init"
_RANDOM_INIT_METRICS = "metrics/{profile}-{run}-random-init_dev.json"
# spaCy's usual stopping (the patience `spacy init config` writes), capped so that no run passes about an hour
# on 2 cores (about 0.6-0.9 s per CNN step here, evaluations included).
CONVERGED = (("cnn_patience", "1600"), ("cnn_max_steps", "4000"))
SYSTEMS: Dict[str, System] = {
    "clinx": System(
        "tiny CLIN-X-ES (clinical MLM) + transition-based NER",
        _TRAIN,
        _RUN_DIR,
        _RUN_METRICS,
        ner_config="ner_{profile}",
    ),
    "clinx_hybrid": System(
        "tiny CLIN-X-ES + character-hash CNN features + transition-based NER",
        _TRAIN,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-hybrid",
        ner_config="ner_{profile}_hybrid",
    ),
    "random_init": System(
        "the same transformer without clinical MLM (random init) + transition-based NER",
        _RANDOM_INIT,
        _RANDOM_INIT_DIR,
        _RANDOM_INIT_METRICS,
        ner_config="ner_{profile}",
    ),
    "crf_random_init": System(
        "the crf system's transformer without clinical MLM (random init) + CRF head",
        _RANDOM_INIT,
        _RANDOM_INIT_DIR,
        _RANDOM_INIT_METRICS,
        run_suffix="-crf",
        ner_config="ner_{profile}_crf",
    ),
    "cnn": System(
        "spaCy CPU NER (tok2vec CNN + ner, accuracy preset)",
        ("train-cnn", "evaluate-cnn"),
        "training/cnn-{run}",
        "metrics/cnn-{run}_dev.json",
    ),
    "cnn_converged": System(
        "the same CNN trained to convergence (patience 1600 steps on dev F1, at most 4000 steps)",
        ("train-cnn", "evaluate-cnn"),
        "training/cnn-{run}",
        "metrics/cnn-{run}_dev.json",
        run_suffix="-converged",
        variables=CONVERGED,
    ),
    "cnn_floret": System(
        "the converged CNN with static floret vectors trained on the pretraining text (train-vectors)",
        ("train-vectors", "train-cnn-floret", "evaluate-cnn-floret"),
        "training/cnn-floret-{run}",
        "metrics/cnn-floret-{run}_dev.json",
        run_suffix="-converged",
        variables=CONVERGED,
    ),
    "crf_hybrid": System(
        "tiny CLIN-X-ES + character-hash CNN features + CRF head",
        _TRAIN,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-crf-hybrid",
        ner_config="ner_{profile}_crf_hybrid",
    ),
    "crf_hybrid_floret": System(
        "crf_hybrid with the clinical floret vectors (train-vectors) as static features of its character CNN",
        _TRAIN_FLORET,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-crf-hybrid-floret",
        ner_config="ner_{profile}_crf_hybrid",
    ),
    # The improved architecture, one idea at a time (issue: standard -> +CRF -> +context -> +subword -> +ensemble).
    "crf": System(
        "tiny CLIN-X-ES + CRF head", _TRAIN, _RUN_DIR, _RUN_METRICS, run_suffix="-crf", ner_config="ner_{profile}_crf"
    ),
    "crf_context": System(
        "+ document context (most central of overlapping windows)",
        _TRAIN,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-crf-context",
        ner_config="ner_{profile}_crf_context",
    ),
    "crf_context_subword": System(
        "+ subword-level tagging units",
        _TRAIN,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-crf-context-subword",
        ner_config="ner_{profile}_crf_context_subword",
    ),
    "ensemble": System(
        "+ majority vote of 5 members trained on random splits of train",
        (
            "ensemble-split",
            *(f"train-member-{k}" for k in range(ENSEMBLE_SIZE)),
            "assemble-ensemble",
            "evaluate-ensemble",
        ),
        "training/{profile}-{run}-ensemble",
        "metrics/{profile}-{run}-ensemble_dev.json",
        run_suffix="-crf-context-subword",
        ner_config="ner_{profile}_crf_context_subword",
        members=("training/{profile}-{run}-member-{k}", "metrics/{profile}-{run}-member-{k}_dev.json"),
    ),
    # One run serves every task: its training wall time is the whole five-task run's.
    "multitask": System(
        "es_clinx_ner: one backbone (configs/ner_<profile>_multitask.cfg), one CRF head per task, trained on all five",
        ("train-multitask", "evaluate-multitask"),
        "training/{profile}-multitask",
        "metrics/{profile}-multitask-{run}_dev.json",
        task_curve=False,
    ),
    # Trains nothing: it needs the multitask run and keeps its training history.
    "multitask_head": System(
        "the multitask pipeline cut down to the backbone and this task's head (extract-task)",
        _EXTRACT,
        _RUN_DIR,
        _RUN_METRICS,
        run_suffix="-multitask-head",
        task_curve=False,
    ),
}


# Cross-task transfer (the paper's section 5): crf_hybrid on the target task, its transformer and
# character features sourced from crf_hybrid trained on the source task, a new CRF head.
TRANSFER_BASE = "crf_hybrid"
TRANSFER_SOURCES = ("meddocan", "cantemist")


def _transfer_system(source_task: str) -> System:
    base = SYSTEMS[TRANSFER_BASE]
    return System(
        f"{TRANSFER_BASE} started from {TRANSFER_BASE} trained on {source_task} (transformer and character "
        "features sourced, a new CRF head), at the same budget",
        ("train-transfer", "evaluate-transfer"),
        f"training/{{profile}}-{{run}}-from-{source_task}",
        f"metrics/{{profile}}-{{run}}-from-{source_task}_dev.json",
        run_suffix=base.run_suffix,
        ner_config=base.ner_config,
        variables=(("source_task", source_task), ("source_run", base.run_name(source_task))),
        source=(source_task, TRANSFER_BASE),
    )


TRANSFER = {f"from_{task}": _transfer_system(task) for task in TRANSFER_SOURCES}
SYSTEMS.update(TRANSFER)


# CLIN-X-ES systems of one pipeline: trained by the project's `train` (or `train-floret`) command on
# the clinical MLM backbone, or a task's multitask head.
CLINX_PIPELINES = tuple(name for name, spec in SYSTEMS.items() if spec.commands in (_TRAIN, _TRAIN_FLORET, _EXTRACT))
# spaCy's CPU NER as a user trains it: the table's 800-step CNN, converged, and with floret vectors.
PEERS = ("cnn", "cnn_converged", "cnn_floret")
# What `package` may ship as es_clinx_<task>: the best measured CPU pipeline of the task, CLIN-X-ES or peer.
PACKAGEABLE = CLINX_PIPELINES + PEERS


Step = Tuple[str, Dict[str, str]]


def project_steps(corpora: Path, task: str, system: str, variables: Dict[str, str]) -> List[Step]:
    """The project commands, each with its variables, that train and evaluate `system` on
    `task` (corpus `<corpora>/<task>`; the multitask system reads every task under
    `corpora`). `variables` (other project variables) override the task's own. A transfer
    system runs its source first, and nothing on its own source task (that would be no
    transfer)."""
    spec = SYSTEMS[system]
    if spec.source:
        source_task, source_system = spec.source
        if task == source_task:
            return []
        before = project_steps(corpora, source_task, source_system, variables)
    else:
        before = []
    profile = variables.get("profile", "tiny")
    task_vars = {
        "corpus": str(Path(corpora) / task),
        "corpora": str(corpora),
        "run": spec.run_name(task),
        "task": task,
        "strict_train": "false" if task in LENIENT_TRAIN else "true",
        **({"ner_config": spec.ner_config.format(profile=profile)} if spec.ner_config else {}),
        **variables,
        **dict(spec.variables),
    }
    return before + [(command, task_vars) for command in spec.commands]


def project_commands(
    project: Path, corpora: Path, task: str, system: str, variables: Dict[str, str]
) -> List[List[str]]:
    """The `spacy project run` command lines of `project_steps`; weasel skips those whose
    deps are unchanged."""
    return [spacy_project_run(project, *step) for step in project_steps(corpora, task, system, variables)]


def package_commands(
    project: Path, corpora: Path, task: str, system: str, variables: Dict[str, str]
) -> List[List[str]]:
    """The `spacy project run` command lines that package the trained `system` on
    `task` as the es_clinx_<task> wheel (meta: the system, the task's dev scores and
    data sources) and install it with the offline smoke check."""
    if system not in PACKAGEABLE:
        raise ValueError(f"{system!r} is not packaged as es_clinx_<task> (choose from {', '.join(PACKAGEABLE)})")
    spec = SYSTEMS[system]
    pipeline, metrics = spec.paths(Path("."), variables.get("profile", "tiny"), task)
    task_vars = {
        "corpus": str(Path(corpora) / task),
        "run": spec.run_name(task),
        "pipeline": str(pipeline),
        "pipeline_metrics": str(metrics),
        "name": f"clinx_{task}",
        "task": task,
        "system": system,
        **variables,
    }
    return [spacy_project_run(project, command, task_vars) for command in ("package", "install")]


def best_system(results: Dict[str, Optional[dict]], candidates: Tuple[str, ...] = PACKAGEABLE) -> str:
    """The candidate system with the highest dev F1 among one task's `ner_record`s."""
    measured = {name: result["dev_f"] for name, result in results.items() if name in candidates and result}
    if not measured:
        raise ValueError(f"none of {', '.join(candidates)} has dev results")
    return max(measured, key=measured.__getitem__)


def spacy_project_run(project: Path, command: str, variables: Dict[str, str]) -> List[str]:
    """The command line of `spacy project run COMMAND` with `variables`."""
    options = [arg for name, value in variables.items() for arg in (f"--vars.{name}", value)]
    return [sys.executable, "-m", "spacy", "project", "run", command, str(project), *options]
