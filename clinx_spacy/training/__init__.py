"""Training: corpus readers, the stats logger, ensembles over random splits, multi-task pipelines."""

from .ensemble import assemble_ensemble, make_splits
from .multitask import extract_task, multitask_config, save_task_pipeline, task_heads
from .readers import BratCorpus, MultiTaskBratCorpus, create_brat_corpus, create_multitask_brat_corpus
from .stats_logger import stats_logger

__all__ = [
    "BratCorpus",
    "MultiTaskBratCorpus",
    "assemble_ensemble",
    "create_brat_corpus",
    "create_multitask_brat_corpus",
    "extract_task",
    "make_splits",
    "multitask_config",
    "save_task_pipeline",
    "stats_logger",
    "task_heads",
]
