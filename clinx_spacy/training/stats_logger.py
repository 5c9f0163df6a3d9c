"""A training logger that prints like spaCy's and also saves throughput and memory as JSON."""

import os
import resource
import sys
import time
from pathlib import Path
from typing import IO, Any, Callable, Dict, Optional, Tuple

from spacy import Language, registry

from ..util import cpu_model, write_json


def peak_rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> Optional[float]:
    """Resident memory of this process now (None where /proc is missing): unlike the peak,
    it tells memory that is kept from memory that was only needed for a moment."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> Dict[str, Any]:
    """Where the run trains: CPU model, cores, and torch's threads (None where torch is
    not loaded, as for spaCy's CNN, which computes on one core)."""
    torch = sys.modules.get("torch")
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "torch_threads": torch.get_num_threads() if torch else None}


def peak_gpu_mb() -> Optional[float]:
    """Peak memory allocated by torch on the current GPU, None without one."""
    try:
        import torch
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None
    return torch.cuda.max_memory_allocated() / 2**20


@registry.loggers("clinx.StatsLogger.v1")
def stats_logger(path: Path, console: Optional[Callable] = None) -> Callable:
    """Wrap `console` (spaCy's console logger by default) and write training stats to `path` after every
    evaluation and at the end: steps, words, wall time, words per second, the score curve (with the current
    and peak RSS at each evaluation), peak RSS and peak GPU memory, and the machine. A run stopped early
    (killed, out of time) keeps its stats up to its last evaluation, which is also its last saved model."""

    def setup(nlp: Language, stdout: IO = sys.stdout, stderr: IO = sys.stderr) -> Tuple[Callable, Callable]:
        make_console = console or registry.loggers.get("spacy.ConsoleLogger.v3")(progress_bar="train")
        log_console, finalize_console = make_console(nlp, stdout, stderr)
        started = time.perf_counter()
        stats: Dict[str, Any] = {"steps": 0, "words": 0, "evaluations": []}

        def write() -> None:
            stats.update(
                wall_time_s=round(time.perf_counter() - started, 2),
                # Up to the last evaluation, which is when spaCy reports words and seconds.
                train_words_per_s=round(stats["words"] / stats["train_seconds"], 1)
                if stats.get("train_seconds")
                else None,
                peak_rss_mb=round(peak_rss_mb(), 1),
                peak_gpu_mb=peak_gpu_mb(),
                machine=machine(),
            )
            write_json(path, stats)

        def log_step(info: Optional[Dict[str, Any]]) -> None:
            log_console(info)
            if info is None:
                return
            stats.update(steps=info["step"], words=info["words"], train_seconds=info["seconds"])
            current = rss_mb()
            stats["evaluations"].append(
                {
                    "step": info["step"],
                    "score": info["score"],
                    "seconds": info["seconds"],
                    "rss_mb": None if current is None else round(current, 1),
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                }
            )
            write()

        def finalize() -> None:
            finalize_console()
            write()

        return log_step, finalize

    return setup
