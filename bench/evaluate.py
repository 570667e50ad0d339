"""How fast `convene evaluate --batch` turns timelines into clocks, on one core.

    .venv/bin/python bench/evaluate.py [--count 20000] [--seed 1] [--keep DIR]

Generates synthetic timelines of every pathway and procedure (bench/_timelines.py), writes
them as JSON Lines, and prints timelines per second for:
  (a) the JSON floor: read and parse each line and serialise an output of the same size, with
      orjson as `convene evaluate` does: no engine can beat this;
  (b) `convene evaluate --batch FILE` as a subprocess: the whole command, start-up included
      (shown apart: a batch of one timeline per procedure), with its bytecode cached as an
      installed convene has it, and the rules engine compiled (mypyc, `make` builds it);
  (b') the same command with the engine as plain Python (CONVENE_RULES_INTERPRETED=1);
  (c) the engine in process (`evaluate_document` on decoded timelines): no JSON, no start-up.
Each figure is the best of --repeat runs. It fails if any output line is an error, or if the
timelines did not exercise every procedure and every clock the procedures set. --keep DIR
keeps the timelines and results, e.g. to diff the results before and after a change.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timelines import AS_OF, as_of, timelines  # noqa: E402

from convene.rules import COMPILED  # noqa: E402
from convene.rules.contract import evaluate_document  # noqa: E402
from convene.rules.procedure import load_all  # noqa: E402

TARGET = 20_000  # timelines per second for `convene evaluate --batch`
CONVENE = Path(sys.executable).with_name("convene")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The shortest wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def check(inputs: list[bytes], outputs: list[bytes]) -> list[dict[str, object]]:
    """Every line a result for its timeline, and every procedure and clock exercised."""
    if len(outputs) != len(inputs):
        sys.exit(f"bench: {len(inputs)} timelines in, {len(outputs)} lines out")
    results = [orjson.loads(line) for line in outputs]
    for number, (line, result) in enumerate(zip(inputs, results, strict=True), start=1):
        if "error" in result:
            sys.exit(f"bench: line {number} is an error, the generator is wrong: {result}")
        if result["procedure"] != orjson.loads(line)["procedure"]:
            sys.exit(f"bench: line {number} is not the result of its timeline")
    procedures = load_all()
    missing_procedures = set(procedures) - {r["procedure"] for r in results}
    settable = {clock for p in procedures.values() for clock in p.clock_rules}
    missing_clocks = settable - {c["clock"] for r in results for c in r["clocks"]}  # type: ignore[attr-defined]
    if missing_procedures or missing_clocks:
        sys.exit(
            f"bench: not exercised: procedures {sorted(missing_procedures)}, "
            f"clocks {sorted(missing_clocks)} (use a larger --count)"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000, help="timelines (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, best kept")
    parser.add_argument("--keep", metavar="DIR", help="keep timelines.jsonl and results.jsonl")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):  # one core, for this process and the subprocess
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    decoded = list(timelines(args.count, args.seed))
    inputs = [orjson.dumps(timeline) for timeline in decoded]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        source, results_file = folder / "timelines.jsonl", folder / "results.jsonl"
        source.write_bytes(b"\n".join(inputs) + b"\n")
        command = [str(CONVENE), "evaluate", "--batch", str(source), "--as-of", AS_OF]
        # Bytecode is cached (in the temporary folder) as for an installed convene, even where
        # PYTHONDONTWRITEBYTECODE is set: a warm-up run writes it, the timed runs read it.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        # Start-up: a batch of one timeline per procedure loads every procedure and calendar.
        first = {t["procedure"]: line for t, line in zip(decoded, inputs, strict=True)}
        few = folder / "one-per-procedure.jsonl"
        few.write_bytes(b"\n".join(first.values()) + b"\n")
        start_command = [*command[:3], str(few), *command[4:]]
        subprocess.run(start_command, stdout=subprocess.DEVNULL, env=env, check=True)  # warm-up
        statuses: list[int] = []

        def batch() -> None:
            with open(results_file, "wb") as out:
                statuses.append(subprocess.run(command, stdout=out, env=env).returncode)

        batch_time = best_of(args.repeat, batch)
        outputs = results_file.read_bytes().splitlines()
        results = check(inputs, outputs)  # names the first bad line, if any
        if any(statuses):
            sys.exit(f"bench: convene evaluate --batch exited {statuses}")
        plain = {**env, "CONVENE_RULES_INTERPRETED": "1"}
        plain_output = folder / "results-plain-python.jsonl"

        def plain_batch() -> None:
            with open(plain_output, "wb") as out:
                subprocess.run(command, stdout=out, env=plain, check=True)

        plain_time = best_of(args.repeat, plain_batch)
        if plain_output.read_bytes().splitlines() != outputs:
            sys.exit("bench: the compiled and the plain Python engine disagree")
        start_time = best_of(
            args.repeat,
            lambda: subprocess.run(start_command, stdout=subprocess.DEVNULL, env=env, check=True),
        )
        # What is measured in process is not slowed by the garbage collector walking the
        # inputs and results kept here.
        gc.collect()
        gc.freeze()
        sink: list[bytes] = []

        def floor() -> None:
            with open(source, "rb") as lines:
                for line, result in zip(lines, results, strict=True):
                    orjson.loads(line)
                    sink.append(orjson.dumps(result))
            sink.clear()

        floor_time = best_of(args.repeat, floor)

    day = as_of()

    def engine() -> None:
        for timeline in decoded:
            evaluate_document(timeline, day)

    engine_time = best_of(args.repeat, engine)

    count = len(decoded)
    events = sum(len(t["events"]) for t in decoded) / count
    clocks = sum(len(r["clocks"]) for r in results) / count  # type: ignore[arg-type]
    size_in = sum(map(len, inputs)) / count
    size_out = sum(map(len, outputs)) / count
    print(
        f"{count} timelines (seed {args.seed}): {events:.1f} events, {size_in:.0f} bytes in, "
        f"{clocks:.1f} clocks, {size_out:.0f} bytes out on average; one core, best of "
        f"{args.repeat}"
    )
    rate = count / batch_time
    engine = "compiled engine" if COMPILED else "NOT compiled: run make"
    for label, seconds in (
        ("(a) JSON floor: orjson read+parse+serialise", floor_time),
        (f"(b) convene evaluate --batch, {engine}", batch_time),
        ("(b') the same, engine as plain Python", plain_time),
        ("(c) engine in process (evaluate_document)", engine_time),
    ):
        print(f"  {label:<48} {count / seconds:>10,.0f} timelines/s  ({seconds:.3f} s)")
    print(f"  of (b), start-up (one timeline per procedure): {start_time:.3f} s")
    verdict = "met" if rate >= TARGET else "NOT met"
    print(f"  target for (b): {TARGET:,} timelines/s: {verdict}")


if __name__ == "__main__":
    main()
