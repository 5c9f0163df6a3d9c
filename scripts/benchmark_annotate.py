"""Throughput of `clinx annotate`: one process (torch on every core, and on one thread),
`--n-process 2` and Ray with 2 actors, over dev texts, for each pipeline given;
documents/s, words/s, peak RSS per process, scaling.

    python scripts/benchmark_annotate.py results/annotate_tiny.json \\
        --pipeline clinx=training/tiny-meddocan-crf-hybrid/model-best --pipeline cnn=training/cnn-meddocan/model-best \\
        --corpus meddocan=../shared/corpora/meddocan/dev --corpus cantemist=../shared/corpora/cantemist/dev

Each measurement is one `clinx annotate` run in its own process (JSONL output), timed from
the first document to the last by the command's own summary; RSS is the peak of the
process and of all its children (workers, Ray actors). With `--repeats N` the modes run
in turn N times and each keeps its fastest run, the one the machine disturbed least.
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

import typer

from clinx_spacy.util import write_json

from benchmarking.runs import machine

# name: (clinx annotate options, environment). "1 process" is the command as a user runs it
# (torch on every core); "1 process, 1 thread" is what each worker of --n-process gets, the
# base of a parallel speed-up proper.
MODES: Dict[str, Tuple[List[str], Dict[str, str]]] = {
    "1 process": ([], {}),
    "1 process, 1 thread": ([], {"OMP_NUM_THREADS": "1"}),
    "--n-process 2": (["--n-process", "2"], {}),
    "Ray, 2 actors": (["--ray", "local", "--ray-actors", "2"], {}),
}


def _pairs(values: List[str], option: str) -> Dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep:
            raise typer.BadParameter(f"{option} takes NAME=PATH, got {value!r}")
        pairs[name] = path
    return pairs


def measure(pipeline: str, corpus: str, mode: Tuple[List[str], Dict[str, str]], workdir: Path, batch_size: int) -> Dict:
    output = workdir / f"out-{time.monotonic_ns()}.jsonl"
    options, environment = mode
    command = ["clinx", "annotate", pipeline, corpus, str(output), "--batch-size", str(batch_size), *options]
    started = time.perf_counter()
    # A fresh shell per run, so the children's peak RSS is this run's alone.
    code = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.stderr.write(r.stderr); sys.exit(r.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, env={**os.environ, **environment}
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    summary = _summary(result.stderr)
    output.unlink()
    return {
        "documents": summary["documents"],
        "words": summary["words"],
        "annotation_s": summary["seconds"],
        "docs_per_s": round(summary["documents"] / summary["seconds"], 2),
        "words_per_s": round(summary["words"] / summary["seconds"], 1),
        "wall_s": round(wall, 1),
        "peak_rss_mb_largest_process": round(int(result.stdout.strip()) / 1024, 1),
    }


def fastest(runs: List[Dict]) -> Dict:
    """The run with the most words/s, with every run's words/s beside it."""
    best = dict(max(runs, key=lambda r: r["words_per_s"]))
    best["words_per_s_of_each_run"] = [r["words_per_s"] for r in runs]
    return best


def speedups(runs: Dict[str, Dict]) -> Dict[str, Dict]:
    """`runs` with each mode's speed-up over one process and over one process on one thread,
    and, for the 2-process and 2-actor modes, the scaling efficiency (speed-up / 2)."""
    single, one_thread = runs["1 process"]["words_per_s"], runs["1 process, 1 thread"]["words_per_s"]
    for mode, result in runs.items():
        result["speedup"] = round(result["words_per_s"] / single, 2)
        result["speedup_over_1_thread"] = round(result["words_per_s"] / one_thread, 2)
        result["scaling_efficiency"] = None if mode.startswith("1 process") else round(result["speedup"] / 2, 2)
    return runs


def _summary(stderr: str) -> Dict:
    lines = {line.split(":")[0].strip(): line for line in stderr.splitlines() if ":" in line}
    documents = int(lines["Documents annotated"].split(":")[1].split()[0])
    words, seconds = lines["Words"].split(":")[1].split(" in ")
    return {"documents": documents, "words": int(words), "seconds": float(seconds.split()[0])}


def main(
    output: Path = typer.Argument(..., help="JSON record to write; a Markdown table goes beside it (.md)"),
    pipeline: List[str] = typer.Option(..., "--pipeline", help="NAME=PATH (repeat)"),
    corpus: List[str] = typer.Option(..., "--corpus", help="NAME=FOLDER of .txt files (repeat)"),
    repeats: int = typer.Option(1, "--repeats", help="Runs of each mode, in turn; the fastest is kept"),
    batch_size: int = typer.Option(8, "--batch-size", help="clinx annotate --batch-size of every run"),
) -> None:
    pipelines, corpora = _pairs(pipeline, "--pipeline"), _pairs(corpus, "--corpus")
    record = {
        "what": "clinx annotate throughput: 1 process (all cores, and 1 torch thread), --n-process 2, Ray with 2 actors "
        "(JSONL output); "
        "the fastest of `repeats` runs of each mode, the modes in turn",
        "machine": machine(),
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "repeats": repeats,
        "batch_size": batch_size,
        "pipelines": pipelines,
        "corpora": corpora,
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in pipelines.items():
            for corpus_name, folder in corpora.items():
                measured: Dict[str, List[Dict]] = {mode: [] for mode in MODES}
                for _ in range(repeats):
                    for mode, args in MODES.items():
                        measured[mode].append(measure(path, folder, args, Path(tmp), batch_size))
                runs = speedups({mode: fastest(results) for mode, results in measured.items()})
                record["runs"][f"{name} / {corpus_name}"] = runs
                typer.echo(json.dumps({f"{name} / {corpus_name}": runs}, indent=1))
    write_json(output, record)
    output.with_suffix(".md").write_text(table(record), encoding="utf8")
    typer.echo(table(record))


def table(record: Dict) -> str:
    rows = [
        "| pipeline / corpus | mode | docs/s | words/s | speed-up | over 1 thread | scaling efficiency | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, runs in record["runs"].items():
        for mode, r in runs.items():
            efficiency = "–" if r["scaling_efficiency"] is None else f"{r['scaling_efficiency']:.2f}"
            rows.append(
                f"| {key} | {mode} | {r['docs_per_s']:.1f} | {r['words_per_s']:.0f} | {r['speedup']:.2f} | "
                f"{r['speedup_over_1_thread']:.2f} | {efficiency} | {r['peak_rss_mb_largest_process']:.0f} |"
            )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    typer.run(main)
