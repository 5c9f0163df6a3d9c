"""One task's pipeline cut out of a multi-task one: the shared backbone, that task's
head, and a merge that sets `doc.ents` from its span group alone."""
from pathlib import Path
from typing import Dict, Union

import spacy
from spacy.language import Language

MERGE_FACTORY = "clinx_merge_ents"
# What a head's scorer reports, as <spans_key>_<score> (clinx.strict_span_scorer.v1 with prefix).
SCORES = ("p", "r", "f", "per_type")


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
        raise ValueError(f"No head writes doc.spans[{task!r}]; the pipeline's tasks are: {', '.join(heads) or 'none'}")
    removed = [key for key in heads if key != task]
    for key in removed:
        nlp.remove_pipe(heads[key])
    # Model selection weights of the removed heads' scores would outlive them in the config.
    weights = nlp.config["training"]["score_weights"]
    for score in [f"{key}_{score}" for key in removed for score in SCORES]:
        weights.pop(score, None)
    for name in [n for n in nlp.pipe_names if nlp.get_pipe_meta(n).factory == MERGE_FACTORY]:
        policy = nlp.config["components"][name]["policy"]
        following = nlp.pipe_names[nlp.pipe_names.index(name) + 1:]
        nlp.remove_pipe(name)
        config = {"spans_keys": [task], "policy": policy}
        nlp.add_pipe(MERGE_FACTORY, name=name, config=config, before=following[0] if following else None)
    return nlp


def save_task_pipeline(source: Union[str, Path], task: str, output: Union[str, Path]) -> Language:
    """Load the multi-task pipeline `source`, keep `task`'s head and save it to `output`."""
    nlp = extract_task(spacy.load(source), task)
    nlp.to_disk(output)
    return nlp
