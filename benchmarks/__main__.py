"""Run benchmarks and write ``benchmarks/results/NAME.json`` for each (all of them by default)."""

from __future__ import annotations

import importlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import machine

HERE = Path(__file__).parent


def main(names: list[str]) -> None:
    available = sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))
    unknown = sorted(set(names) - set(available))
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; available: {available}")
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    for name in names or available:
        print(f"benchmark {name} ...", flush=True)
        module = importlib.import_module(f"benchmarks.bench_{name}")
        result = {
            "benchmark": name,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "results": module.run(),
        }
        target = results_dir / f"{name}.json"
        partial = target.with_suffix(".json.tmp")
        partial.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        partial.replace(target)
        print(json.dumps(result["results"], indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
