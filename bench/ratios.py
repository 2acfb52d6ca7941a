"""Prints one table of peer time / fitreport time from peer result lines and `fitreport bench --json`.

usage: ratios.py FITREPORT_JSON PEER_JSONL...
"""
import json
import sys

UNITS = {"us/epoch": "µs/epoch", "ms": "ms"}


def fmt(v):
    return f"{v:.3g}" if v < 10 else f"{v:,.0f}"


def size(b):
    if b is None:
        return ""
    return f"{b / 1048576:.1f} MB" if b >= 1 << 20 else f"{b / 1024:.0f} KB"


def main():
    report = json.load(open(sys.argv[1]))
    ours = {r["name"]: r for r in report["results"]}
    peers = []
    for path in sys.argv[2:]:
        with open(path) as f:
            peers += [json.loads(line) for line in f if line.startswith("{")]
    machine = report["machine"]
    print(f"machine: {machine['cpu']}, {machine['cores']} cores; fitreport peak RSS "
          f"{report['peakRSSBytes'] / 1048576:.0f} MB")
    print()
    print("| workload | peer | peer median | fitreport median | ratio (peer / fitreport) |")
    print("|---|---|---:|---:|---:|")
    order = ["train-n100", "train-n1m", "train-n100-batch10", "train-n1m-batch10", "forward-n20", "train-sin-n100", "train-sin-n1e5",
             "train-tanh8-n100", "train-tanh8-n1e5", "train-mlp16x16-n1e4", "fit-seed-n1m", "fit-decay-n1e5", "whole-program", "render-scatter-1m-png", "render-scatter-1m-svg",
             "render-line-1m-svg"]
    for name in order:
        mine = ours.get(name)
        for p in [p for p in peers if p["name"] == name]:
            unit = UNITS.get(p["unit"], p["unit"])
            peer_value = f"{fmt(p['median'])} {unit}"
            if p.get("dtype") == "float32":
                peer_value += " (f32)"
            if p.get("bytes") is not None:
                peer_value += f", {size(p['bytes'])}"
            if mine is None:
                print(f"| {name} | {p['peer']} | {peer_value} | not measured | |")
                continue
            m = mine["spread"]["median"]
            mine_value = f"{fmt(m)} {UNITS.get(mine['unit'], mine['unit'])}"
            if mine.get("bytes") is not None:
                mine_value += f", {size(mine['bytes'])}"
            print(f"| {name} | {p['peer']} | {peer_value} | {mine_value} | {p['median'] / m:.1f}× |")
    for name in ["train-n100-interpreter", "train-n1m-interpreter", "train-n1m-1thread", "train-n100-val20",
                 "whole-program-marginal"]:
        if name in ours:
            r = ours[name]
            print(f"| {name} | (fitreport, same process) | | {fmt(r['spread']['median'])} "
                  f"{UNITS.get(r['unit'], r['unit'])} | |")


if __name__ == "__main__":
    main()
