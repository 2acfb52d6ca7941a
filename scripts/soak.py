#!/usr/bin/env python3
"""Crash-and-concurrency soak of one output folder (README § Robustness; run through scripts/soak.sh).

For SECONDS, WORKERS processes at a time run `fitreport run`, `import`, `index`, `compare` and `sweep` (sequential)
on one output folder; about one `run` in four is killed with SIGKILL at a random moment. Some runs share their
settings and SOURCE_DATE_EPOCH, so concurrent writers want the same run id. Afterwards:

- every process that was not killed exited 0;
- every visible run folder is complete: run.json validates against schemas/run.schema.json, every artifact's
  SHA-256 matches, every file is listed;
- no two runs share an id (run.json's run_id is the folder name);
- after a final `fitreport index`, index.html links exactly the visible runs;
- the only other entries under runs/ are hidden `.<id>.partial` folders, and `fitreport index --clean` names and
  removes exactly those.

Exit 0 when all hold, 1 with one line per violation otherwise.
"""
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time


def main():
    binary, root = sys.argv[1], sys.argv[2]
    seconds = float(os.environ.get("FITREPORT_SOAK_SECONDS", "150"))
    workers = int(os.environ.get("FITREPORT_SOAK_WORKERS", "6"))
    seed = int(os.environ.get("FITREPORT_SOAK_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    try:
        import jsonschema
    except ImportError:
        print("soak: python3-jsonschema is needed to validate run.json (apt-get install python3-jsonschema)")
        return 2
    schema = json.load(open(os.path.join(root, "schemas/run.schema.json")))
    fixtures = os.path.join(root, "Tests/ImportTests/Fixtures")
    scratch = tempfile.mkdtemp(prefix="fitreport-soak-")
    out = os.path.join(scratch, "output")
    os.makedirs(out)
    # A copy of its own, so that a rebuild during the soak does not pull the binary away.
    shutil.copy2(binary, os.path.join(scratch, "fitreport"))
    binary = os.path.join(scratch, "fitreport")
    templates = os.path.join(root, "templates")
    lock = threading.Lock()
    counts = {}
    failures = []
    deadline = time.time() + seconds

    def visible_runs():
        runs = os.path.join(out, "runs")
        return sorted(n for n in (os.listdir(runs) if os.path.isdir(runs) else []) if not n.startswith("."))

    def command(kind, r):
        base = [binary]
        env = dict(os.environ, FITREPORT_TEMPLATES=templates)
        if kind in ("run", "run-killed"):
            if r.random() < 0.5:
                env["SOURCE_DATE_EPOCH"] = "1800000000"  # same second, same settings: the same id wanted
                s = r.randrange(3)
            else:
                s = r.randrange(1_000_000)
            return base + ["run", "--out", out, "--epochs", str(r.choice([50, 200, 2000])), "--points", "60",
                           "--seed", str(s), "--quiet", "--format", r.choice(["png", "svg", "png,svg"])], env
        if kind == "import":
            f = r.choice(["plain/history.csv", "plain/history.jsonl", "keras/training.log", "lightning/version_0",
                          "dvclive"])
            return base + ["import", os.path.join(fixtures, f), "--out", out], env
        if kind == "index":
            return base + ["index", "--out", out], env
        if kind == "compare":
            runs = visible_runs()
            if len(runs) < 2:
                return None, env
            pick = r.sample(runs, 2)
            return base + ["compare"] + [os.path.join(out, "runs", p) for p in pick] + ["--out", out], env
        if kind == "sweep":
            return base + ["sweep", "--lr", "1e-3,1e-2", "--epochs", "30", "--points", "40", "--out", out,
                           "--quiet", "--format", "svg"], env
        raise ValueError(kind)

    def worker(index):
        r = random.Random(seed * 1000 + index)
        while time.time() < deadline:
            kind = r.choices(["run", "run-killed", "import", "index", "compare", "sweep"], [4, 2, 2, 2, 2, 1])[0]
            argv, env = command(kind, r)
            if argv is None:
                continue
            try:
                p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except OSError as e:
                with lock:
                    failures.append(f"cannot start {argv[1]}: {e}")
                return
            if kind == "run-killed":
                time.sleep(r.uniform(0.05, 2.5))
                p.send_signal(signal.SIGKILL)
            stdout, stderr = p.communicate()
            with lock:
                counts[kind] = counts.get(kind, 0) + 1
                if kind != "run-killed" and p.returncode != 0:
                    failures.append(f"{' '.join(argv[1:3])} exited {p.returncode}: {stderr.decode(errors='replace').strip()[:400]}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # The checks.
    final = subprocess.run([binary, "index", "--out", out], capture_output=True, text=True,
                           env=dict(os.environ, FITREPORT_TEMPLATES=templates))
    if final.returncode != 0:
        failures.append(f"final index exited {final.returncode}: {final.stderr.strip()}")
    runs_dir = os.path.join(out, "runs")
    entries = os.listdir(runs_dir) if os.path.isdir(runs_dir) else []
    visible = sorted(n for n in entries if not n.startswith("."))
    hidden = sorted(n for n in entries if n.startswith("."))
    ids = {}
    for name in visible:
        folder = os.path.join(runs_dir, name)
        try:
            manifest = json.load(open(os.path.join(folder, "run.json")))
        except Exception as e:  # noqa: BLE001 - any unreadable run.json is a violation
            failures.append(f"runs/{name}: run.json unreadable: {e}")
            continue
        try:
            jsonschema.validate(manifest, schema)
        except jsonschema.ValidationError as e:
            failures.append(f"runs/{name}: run.json does not validate: {e.message}")
        run_id = manifest.get("run_id")
        if run_id != name:
            failures.append(f"runs/{name}: run.json's run_id is {run_id}")
        if run_id in ids:
            failures.append(f"runs/{name}: run id {run_id} also used by runs/{ids[run_id]}")
        ids[run_id] = name
        artifacts = manifest.get("artifacts", {})
        on_disk = set()
        for base, _, files in os.walk(folder):
            for f in files:
                rel = os.path.relpath(os.path.join(base, f), folder)
                if rel != "run.json":
                    on_disk.add(rel)
        if on_disk != set(artifacts):
            failures.append(f"runs/{name}: files {sorted(on_disk ^ set(artifacts))[:5]} not both on disk and in run.json")
        for rel, digest in artifacts.items():
            path = os.path.join(folder, rel)
            if os.path.isfile(path) and hashlib.sha256(open(path, "rb").read()).hexdigest() != digest:
                failures.append(f"runs/{name}/{rel}: SHA-256 differs from run.json")
    index = open(os.path.join(out, "index.html"), encoding="utf-8").read() if os.path.exists(os.path.join(out, "index.html")) else ""
    listed = sorted(set(re.findall(r'href="runs/([^"/]+)/report\.html"', index)))
    if listed != visible:
        failures.append(f"index.html lists {len(listed)} runs, {len(visible)} are visible; "
                        f"differences: {sorted(set(listed) ^ set(visible))[:5]}")
    for name in hidden:
        if not re.fullmatch(r"\..+\.partial", name) or not os.path.isdir(os.path.join(runs_dir, name)):
            failures.append(f"runs/{name}: a hidden entry that is not a .<id>.partial folder")
    clean = subprocess.run([binary, "index", "--clean", "--out", out], capture_output=True, text=True,
                           env=dict(os.environ, FITREPORT_TEMPLATES=templates))
    said = [line for line in clean.stdout.splitlines() if line.startswith("removing unfinished ")]
    leftovers = [n for n in os.listdir(runs_dir) if n.startswith(".")] if os.path.isdir(runs_dir) else []
    if clean.returncode != 0 or len(said) != len(hidden) or leftovers:
        failures.append(f"index --clean: exit {clean.returncode}, said {len(said)} removals for {len(hidden)} "
                        f"leftovers, {len(leftovers)} remain")
    started = sum(counts.values())
    print(f"soak: {seconds:.0f} s, {workers} workers, seed {seed}: {started} processes "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}); {len(visible)} complete runs, "
          f"{len(hidden)} .partial leftovers removed by index --clean")
    for f in failures:
        print("soak: FAIL " + f)
    if not failures:
        subprocess.run(["rm", "-rf", scratch])
    else:
        print(f"soak: output kept in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
