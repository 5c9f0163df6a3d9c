"""Multi-task pipelines (es_clinx_ner): the config with one CRF head per task on a shared
backbone, each writing `doc.spans["<task>"]`, then `clinx_merge_ents` for `doc.ents`; and
one task's pipeline cut out of the trained one."""

import copy
from pathlib import Path
from typing import Dict, Sequence, Union

from spacy.language import Language
from thinc.api import Config

from ..errors import InputError
from ..util import load_pipeline

TASK_HEAD = "ner"
MERGE = "merge_ents"
MERGE_FACTORY = "clinx_merge_ents"
# What a head's scorer reports, as <spans_key>_<score> (clinx.strict_span_scorer.v1 with prefix).
SCORES = ("p", "r", "f", "per_type")


def multitask_config(base: Config, tasks: Sequence[str], merge_policy: str = "priority") -> Config:
    """`base` (a config whose `ner` component is `clinx_crf_ner`, read with
    interpolate=False) turned into one head per task; `doc.ents` merges the heads'
    span groups by `merge_policy`, in the order of `tasks`. The corpus becomes
    `clinx.MultiTaskBratCorpus.v1` over `${paths.corpora}`, and the model is selected
    on the mean of the tasks' strict F1."""
    if not tasks or len(set(tasks)) != len(tasks):
        raise ValueError(f"Need distinct task names, got {list(tasks)}")
    config = Config(copy.deepcopy(dict(base)))
    head = config["components"].pop(TASK_HEAD, None)
    if head is None or head.get("factory") != "clinx_crf_ner":
        raise ValueError(f"The base config's '{TASK_HEAD}' must be a clinx_crf_ner component (it writes span groups)")
    for task in tasks:
        task_head = copy.deepcopy(head)
        task_head["spans_key"] = task
        task_head["scorer"] = {"@scorers": "clinx.strict_span_scorer.v1", "spans_key": task, "prefix": task}
        _name_upstreams(task_head["model"], config["nlp"]["pipeline"])
        config["components"][task] = task_head
    config["components"][MERGE] = {"factory": MERGE_FACTORY, "spans_keys": list(tasks), "policy": merge_policy}
    config["nlp"]["pipeline"] = [n for n in config["nlp"]["pipeline"] if n != TASK_HEAD] + list(tasks) + [MERGE]
    paths = {key: value for key, value in config["paths"].items() if key not in ("train", "dev")}
    config["paths"] = {**paths, "corpora": None}
    for split, strict in (("train", False), ("dev", True)):
        config["corpora"][split] = {
            "@readers": "clinx.MultiTaskBratCorpus.v1",
            "path": "${paths.corpora}",
            "tasks": list(tasks),
            "split": split,
            # PharmaCoNER's train split has five spans off by one character: skipped and logged.
            "strict": strict,
            # The first documents of each task only (0: all); a dev subset makes evaluation during training cheap.
            "limit": 0,
        }
    weights = {f"{task}_{metric}": (1 / len(tasks) if metric == "f" else 0.0) for task in tasks for metric in "fpr"}
    weights.update({f"{task}_per_type": None for task in tasks})
    config["training"]["score_weights"] = {
        **weights,
        "ents_f": None,
        "ents_p": None,
        "ents_r": None,
        "ents_per_type": None,
    }
    return config


def _name_upstreams(model: dict, pipeline: Sequence[str]) -> None:
    """Listeners with upstream "*" would also listen to each other head's upstream: name it."""
    for key, value in model.items():
        if isinstance(value, dict):
            _name_upstreams(value, pipeline)
        elif key == "upstream" and value == "*":
            upstreams = [name for name in pipeline if name in ("transformer", "tok2vec")]
            if len(upstreams) != 1:
                raise ValueError(
                    f"Cannot tell which of {upstreams} a '*' listener listens to: name it in the base config"
                )
            model[key] = upstreams[0]


def task_heads(nlp: Language) -> Dict[str, str]:
    """{spans_key: component name} of the pipeline's task heads (components with a `spans_key`)."""
    heads = {}
    for name in nlp.pipe_names:
        key = nlp.config["components"][name].get("spans_key")
        if key and nlp.get_pipe_meta(name).factory != MERGE_FACTORY:
            heads[key] = name
    return heads


def extract_task(nlp: Language, task: str) -> Language:
    """Remove every task head but `task`'s, and make each `clinx_merge_ents` merge only
    its span group, so `doc.ents` and `doc.spans[task]` hold the same entities. The shared
    components and the kept head are untouched: the task's predictions do not change."""
    heads = task_heads(nlp)
    if task not in heads:
        raise InputError(f"No head writes doc.spans[{task!r}]; the pipeline's tasks are: {', '.join(heads) or 'none'}")
    removed = [key for key in heads if key != task]
    for key in removed:
        nlp.remove_pipe(heads[key])
    # Model selection weights of the removed heads' scores would outlive them in the config.
    weights = nlp.config["training"]["score_weights"]
    for score in [f"{key}_{score}" for key in removed for score in SCORES]:
        weights.pop(score, None)
    for name in [n for n in nlp.pipe_names if nlp.get_pipe_meta(n).factory == MERGE_FACTORY]:
        policy = nlp.config["components"][name]["policy"]
        following = nlp.pipe_names[nlp.pipe_names.index(name) + 1 :]
        nlp.remove_pipe(name)
        config = {"spans_keys": [task], "policy": policy}
        nlp.add_pipe(MERGE_FACTORY, name=name, config=config, before=following[0] if following else None)
    return nlp


def save_task_pipeline(source: Union[str, Path], task: str, output: Union[str, Path]) -> Language:
    """Load the multi-task pipeline `source`, keep `task`'s head and save it to `output`."""
    nlp = extract_task(load_pipeline(source), task)
    nlp.to_disk(output)
    return nlp
