#!/usr/bin/env python3
"""Regenerate the importer test fixtures with the real training/logging tools.

Run from this folder with the fixture virtualenv (see README.md):

    /tmp/fixture-venv/bin/python make_fixtures.py

Every output folder is deleted and recreated. Seeds are fixed, so the values
are reproducible for the pinned versions in requirements.txt; wall-clock
timestamps, event-file names (time, hostname, pid), MLflow ids and paths
change on every run.

Each fixture folder gets an expected.json written from what the tool's OWN
reader sees (EventAccumulator, MlflowClient, csv module, ...), never from the
values this script meant to write.
"""

import csv
import json
import math
import os
import random
import shutil
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)

# Keras 3 needs a backend; torch is installed anyway for Lightning.
os.environ["KERAS_BACKEND"] = "torch"
# No telemetry / network from dvc, dvclive, mlflow.
os.environ.setdefault("DVC_NO_ANALYTICS", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DVCLIVE_LOGLEVEL", "WARNING")
os.environ.setdefault("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "false")
# MLflow 3.x refuses the file store ("maintenance mode") unless this is set.
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
# CPU only.
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import numpy as np  # noqa: E402
from importlib.metadata import version as pkg_version  # noqa: E402

warnings.filterwarnings("ignore")

OUTPUTS = ["keras", "lightning", "tensorboard", "dvclive", "mlflow", "plain"]


def reset(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)
    os.makedirs(path)


def _dump(obj, indent=0):
    """JSON with objects indented and lists of scalars on one line.
    Floats go through json's repr, which round-trips exactly."""
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = ["%s %s: %s" % (pad, json.dumps(k), _dump(v, indent + 1)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        return "[" + ", ".join(_dump(v, indent + 1) for v in obj) + "]"
    return json.dumps(obj)


def write_expected(folder, obj):
    text = _dump(obj)
    assert json.loads(text) == obj
    with open(os.path.join(folder, "expected.json"), "w") as f:
        f.write(text + "\n")


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass


def csv_series(path, delimiter, step_column, skip_columns=()):
    """Read a delimited file with the csv module: one series per column, empty
    cells left out; steps come from step_column (parsed as int)."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter=delimiter))
    header = list(rows[0].keys()) if rows else []
    series = {}
    for col in header:
        if col == step_column or col in skip_columns:
            continue
        steps, values = [], []
        for row in rows:
            cell = row[col]
            if cell is None or cell == "":
                continue
            steps.append(int(row[step_column]))
            values.append(float(cell))
        series[col] = {"steps": steps, "values": values}
    return header, rows, series


# ---------------------------------------------------------------------------
# 1. Keras CSVLogger
# ---------------------------------------------------------------------------
def make_keras():
    reset("keras")
    import keras

    keras.utils.set_random_seed(1234)
    rng = np.random.default_rng(1234)
    x = rng.normal(size=(64, 3)).astype("float32")
    w = np.array([[1.5], [-2.0], [0.5]], dtype="float32")
    y = (x @ w + 0.3 + 0.1 * rng.normal(size=(64, 1))).astype("float32")

    model = keras.Sequential(
        [keras.Input(shape=(3,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse", metrics=["mae"])
    # Both loggers observe the same fit, so both files hold the same numbers.
    model.fit(
        x,
        y,
        epochs=8,
        batch_size=16,
        validation_split=0.25,
        shuffle=True,
        verbose=0,
        callbacks=[
            keras.callbacks.CSVLogger("keras/training.log"),
            keras.callbacks.CSVLogger("keras/training_semicolon.log", separator=";"),
        ],
    )

    header, _, series = csv_series("keras/training.log", ",", "epoch")
    header2, _, series2 = csv_series("keras/training_semicolon.log", ";", "epoch")
    assert header == header2 and series == series2, "the two Keras logs differ"
    write_expected(
        "keras",
        {
            "tool": "keras %s (backend %s) keras.callbacks.CSVLogger" % (keras.__version__, keras.backend.backend()),
            "files": ["training.log", "training_semicolon.log"],
            "header": header,
            "series": series,
            "params": {},
        },
    )


# ---------------------------------------------------------------------------
# 2. PyTorch Lightning CSVLogger
# ---------------------------------------------------------------------------
def make_lightning():
    reset("lightning")
    import torch
    import lightning as L
    from lightning.pytorch.callbacks import LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger

    L.seed_everything(7, workers=True, verbose=False)

    class Regressor(L.LightningModule):
        def __init__(self, lr=0.05, hidden=8, optimizer="Adam"):
            super().__init__()
            self.save_hyperparameters()
            self.net = torch.nn.Sequential(
                torch.nn.Linear(2, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 1)
            )

        def forward(self, x):
            return self.net(x)

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = torch.nn.functional.mse_loss(self(x), y)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            return loss

        def validation_step(self, batch, batch_idx):
            x, y = batch
            loss = torch.nn.functional.mse_loss(self(x), y)
            self.log("val_loss", loss, on_step=False, on_epoch=True)

        def configure_optimizers(self):
            opt = getattr(torch.optim, self.hparams.optimizer)(self.parameters(), lr=self.hparams.lr)
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}

    g = torch.Generator().manual_seed(7)
    x = torch.randn(96, 2, generator=g)
    y = (x[:, :1] * 2.0 - x[:, 1:] * 0.5 + 0.1 * torch.randn(96, 1, generator=g))
    train = torch.utils.data.TensorDataset(x[:64], y[:64])
    val = torch.utils.data.TensorDataset(x[64:], y[64:])
    train_dl = torch.utils.data.DataLoader(train, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(7))
    val_dl = torch.utils.data.DataLoader(val, batch_size=16)

    logger = CSVLogger(save_dir="lightning", name="")
    trainer = L.Trainer(
        max_epochs=4,
        accelerator="cpu",
        devices=1,
        logger=logger,
        callbacks=[LearningRateMonitor(logging_interval="step")],
        log_every_n_steps=2,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        deterministic=True,
        num_sanity_val_steps=0,
        default_root_dir="lightning",
    )
    trainer.fit(Regressor(lr=0.05, hidden=8, optimizer="Adam"), train_dl, val_dl)

    import yaml

    folder = os.path.join("lightning", "version_0")
    header, rows, _ = csv_series(os.path.join(folder, "metrics.csv"), ",", "step")
    series = {}
    for col in header:
        if col in ("step", "epoch"):
            continue
        steps, values, epochs = [], [], []
        for row in rows:
            if row[col] == "":
                continue
            steps.append(int(row["step"]))
            epochs.append(int(row["epoch"]) if row.get("epoch", "") != "" else None)
            values.append(float(row[col]))
        s = {"steps": steps, "values": values}
        if "epoch" in header:
            s["epochs"] = epochs
        series[col] = s
    with open(os.path.join(folder, "hparams.yaml")) as f:
        params = yaml.safe_load(f) or {}
    write_expected(
        folder,
        {
            "tool": "lightning %s lightning.pytorch.loggers.CSVLogger" % L.__version__,
            "files": ["metrics.csv", "hparams.yaml"],
            "header": header,
            "rows": len(rows),
            "series": series,
            "params": params,
        },
    )


# ---------------------------------------------------------------------------
# 3-6. TensorBoard event files
# ---------------------------------------------------------------------------
def tb_expected(logdir, tool):
    """What TensorBoard's own EventAccumulator sees in logdir."""
    from tensorboard.backend.event_processing import event_accumulator as ea
    from tensorboard.compat.proto import types_pb2
    from tensorboard.util import tensor_util

    acc = ea.EventAccumulator(logdir, size_guidance={k: 0 for k in ea.DEFAULT_SIZE_GUIDANCE})
    acc.Reload()
    tags = acc.Tags()
    series = {}
    skipped = {}
    for tag in tags.get("scalars", []):
        evs = acc.Scalars(tag)
        series[tag] = {
            "encoding": "simple_value",
            "steps": [e.step for e in evs],
            "values": [float(e.value) for e in evs],
            "wall_times": [e.wall_time for e in evs],
        }
    for tag in tags.get("tensors", []):
        evs = acc.Tensors(tag)
        meta = acc.SummaryMetadata(tag)
        plugin = meta.plugin_data.plugin_name
        if plugin != "scalars":
            skipped[tag] = "tensor (plugin %r)" % plugin
            continue
        dtypes = sorted({types_pb2.DataType.Name(e.tensor_proto.dtype) for e in evs})
        series[tag] = {
            "encoding": "tensor " + "/".join(dtypes),
            "steps": [e.step for e in evs],
            "values": [float(tensor_util.make_ndarray(e.tensor_proto).item()) for e in evs],
            "wall_times": [e.wall_time for e in evs],
        }
    for kind in ("histograms", "distributions", "images", "audio", "graph", "meta_graph", "run_metadata"):
        val = tags.get(kind)
        if isinstance(val, list):
            for tag in val:
                if kind != "distributions":
                    skipped[tag] = kind
        elif val:
            skipped["<%s>" % kind] = kind
    files = sorted(f for f in os.listdir(logdir) if f.startswith("events.out.tfevents."))
    return {
        "tool": tool,
        "oracle": "tensorboard EventAccumulator, size_guidance 0 (all); tensors via tensor_util.make_ndarray",
        "files": files,
        "series": series,
        "skipped": skipped,
        "params": {},
    }


def curve(steps, start, end, noise, rng):
    out = []
    for s in steps:
        t = s / max(1, steps[-1])
        out.append(float(end + (start - end) * math.exp(-3.0 * t) + noise * rng.standard_normal()))
    return out


def make_tensorboard():
    reset("tensorboard")
    import torch
    from torch.utils.tensorboard import SummaryWriter
    import tensorboard

    rng = np.random.default_rng(99)
    steps = list(range(0, 16))

    # 3. torch, old style simple_value scalars + non-scalar summaries.
    d = os.path.join("tensorboard", "torch_simple")
    w = SummaryWriter(log_dir=d)
    loss = curve(steps, 1.0, 0.1, 0.01, rng)
    vloss = curve(steps, 1.1, 0.2, 0.01, rng)
    for s in steps:
        w.add_scalar("loss", loss[s], s)
        w.add_scalar("val/loss", vloss[s], s)
        w.add_scalar("lr", 0.1 * (0.9 ** s), s)
    w.add_text("notes", "a text summary the importer must skip", 0)
    w.add_histogram("weights", np.linspace(-1.0, 1.0, 9), 3, bins=4)
    w.close()
    write_expected(d, tb_expected(d, "torch %s torch.utils.tensorboard.SummaryWriter.add_scalar (new_style=False)" % torch.__version__))

    # 4. torch, new style tensor scalars: DT_FLOAT and DT_DOUBLE.
    d = os.path.join("tensorboard", "torch_tensor")
    w = SummaryWriter(log_dir=d)
    loss = curve(steps, 2.0, 0.3, 0.02, rng)
    acc = curve(steps, 0.1, 0.9, 0.01, rng)
    for s in steps:
        w.add_scalar("loss", loss[s], s, new_style=True)
        w.add_scalar("accuracy", acc[s], s, new_style=True, double_precision=True)
    w.close()
    write_expected(d, tb_expected(d, "torch %s SummaryWriter.add_scalar(new_style=True[, double_precision=True])" % torch.__version__))

    # 5. tensorboard package alone: scalar_pb + EventFileWriter.
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.plugins.scalar.summary_v2 import scalar_pb
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    d = os.path.join("tensorboard", "tb_pb")
    os.makedirs(d)
    writer = EventFileWriter(d)
    loss = curve(steps, 0.8, 0.05, 0.01, rng)
    t0 = time.time()
    for s in steps:
        ev = Event(step=s, wall_time=t0 + 0.5 * s, summary=scalar_pb("train/loss", loss[s], description="training loss"))
        writer.add_event(ev)
    writer.close()
    write_expected(d, tb_expected(d, "tensorboard %s summary_v2.scalar_pb + EventFileWriter" % tensorboard.__version__))

    # 6. two SummaryWriter sessions in one log_dir (a resumed run).
    d = os.path.join("tensorboard", "resumed")
    loss = curve(list(range(0, 20)), 1.5, 0.2, 0.01, rng)
    w = SummaryWriter(log_dir=d)
    for s in range(0, 10):
        w.add_scalar("loss", loss[s], s)
    w.close()
    time.sleep(1.2)  # the second file gets a later timestamp in its name
    w = SummaryWriter(log_dir=d, purge_step=10)
    for s in range(10, 20):
        w.add_scalar("loss", loss[s], s)
    w.close()
    exp = tb_expected(d, "torch %s SummaryWriter, two sessions (second with purge_step=10)" % torch.__version__)
    assert len(exp["files"]) == 2, exp["files"]
    write_expected(d, exp)


# ---------------------------------------------------------------------------
# 7. DVCLive
# ---------------------------------------------------------------------------
def _inside_repo(path):
    path = os.path.abspath(path)
    while True:
        if os.path.exists(os.path.join(path, ".git")) or os.path.exists(os.path.join(path, ".dvc")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def make_dvclive():
    reset("dvclive")
    shutil.rmtree("dvclive")
    import tempfile
    from dvclive import Live

    # Inside a Git work tree Live() runs `dvc init` at the Git root (and
    # stages .dvc/ and .dvcignore), whatever save_dvc_exp says. So log from a
    # scratch folder outside any repository and move the result here.
    scratch = tempfile.mkdtemp(prefix="dvclive-fixture-")
    if _inside_repo(scratch):
        raise SystemExit("%s is inside a git/dvc repository; set TMPDIR elsewhere" % scratch)
    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        rng = np.random.default_rng(5)
        live = Live(dir="dvclive", save_dvc_exp=False, report=None, dvcyaml=None)
        live.log_params({"lr": 0.01, "epochs": 6, "model": {"hidden": [16, 8], "activation": "relu"}, "seed": 5})
        for s in range(6):
            live.log_metric("train/loss", 1.0 / (1 + s) + 0.01 * float(rng.random()))
            live.log_metric("val/loss", 1.2 / (1 + s) + 0.02 * float(rng.random()))
            live.log_metric("acc", round(0.5 + 0.07 * s, 4))
            live.next_step()
        live.end()
        leftovers = sorted(set(os.listdir(scratch)) - {"dvclive"})
        assert not leftovers, "dvclive wrote outside its dir: %s" % leftovers
    finally:
        os.chdir(cwd)
    shutil.move(os.path.join(scratch, "dvclive"), "dvclive")
    shutil.rmtree(scratch)

    import yaml

    series = {}
    plots = os.path.join("dvclive", "plots", "metrics")
    tsv_files = []
    for root, _, files in os.walk(plots):
        for name in files:
            if not name.endswith(".tsv"):
                continue
            path = os.path.join(root, name)
            tsv_files.append(os.path.relpath(path, "dvclive"))
            metric = os.path.relpath(path, plots)[: -len(".tsv")].replace(os.sep, "/")
            header, _, s = csv_series(path, "\t", "step", skip_columns=("timestamp",))
            value_cols = [c for c in header if c not in ("step", "timestamp")]
            assert len(value_cols) == 1, header
            series[metric] = dict(s[value_cols[0]], header=header)
    with open(os.path.join("dvclive", "params.yaml")) as f:
        params = yaml.safe_load(f)
    with open(os.path.join("dvclive", "metrics.json")) as f:
        summary = json.load(f)
    write_expected(
        "dvclive",
        {
            "tool": "dvclive %s Live(save_dvc_exp=False, report=None, dvcyaml=None)" % pkg_version("dvclive"),
            "files": sorted(tsv_files) + ["params.yaml", "metrics.json"],
            "series": dict(sorted(series.items())),
            "params": params,
            "summary": summary,
        },
    )


# ---------------------------------------------------------------------------
# 8. MLflow local file store
# ---------------------------------------------------------------------------
def make_mlflow():
    reset("mlflow")
    import mlflow
    from mlflow.tracking import MlflowClient

    store = os.path.abspath(os.path.join("mlflow", "mlruns"))
    uri = "file:" + store
    mlflow.set_tracking_uri(uri)
    exp_id = mlflow.create_experiment("fixture-regression")
    rng = np.random.default_rng(11)
    with mlflow.start_run(experiment_id=exp_id, run_name="fixture-run") as run:
        mlflow.log_params({"lr": 0.01, "batch_size": 32, "optimizer": "adam", "hidden": "[16, 8]"})
        mlflow.set_tag("purpose", "importer fixture")
        for s in range(10):
            mlflow.log_metric("loss", 1.0 / (1 + 0.5 * s) + 0.01 * float(rng.random()), step=s)
            mlflow.log_metric("val_loss", 1.1 / (1 + 0.4 * s) + 0.01 * float(rng.random()), step=s)
        mlflow.log_metric("final_acc", 0.8125)
        # A small artifact, so that artifacts/ is not an empty folder (git
        # drops empty folders, and MLflow's FileStore does not recognise a
        # run folder without metrics/, params/ and artifacts/).
        mlflow.log_text("trained on synthetic data\n", "notes.txt")
        run_id = run.info.run_id
    # A deleted experiment: the file store moves it into mlruns/.trash/, which
    # keeps .trash/ non-empty (FileStore refuses a store without .trash/).
    mlflow.delete_experiment(mlflow.create_experiment("deleted-scratch"))

    client = MlflowClient(tracking_uri=uri)
    r = client.get_run(run_id)
    series = {}
    for key in sorted(r.data.metrics):
        hist = client.get_metric_history(run_id, key)
        series[key] = {
            "steps": [m.step for m in hist],
            "values": [m.value for m in hist],
            "timestamps": [m.timestamp for m in hist],
        }
    write_expected(
        "mlflow",
        {
            "tool": "mlflow-skinny %s file store" % pkg_version("mlflow-skinny"),
            "experiment_id": exp_id,
            "experiment_name": client.get_experiment(exp_id).name,
            "run_id": run_id,
            "run_name": r.info.run_name,
            "status": r.info.status,
            "series": series,
            "params": dict(sorted(r.data.params.items())),
            "tags": {k: v for k, v in sorted(r.data.tags.items()) if not k.startswith("mlflow.")},
            "latest_metrics": dict(sorted(r.data.metrics.items())),
        },
    )


# ---------------------------------------------------------------------------
# 9. Plain files (no real tool)
# ---------------------------------------------------------------------------
def make_plain():
    reset("plain")
    rng = np.random.default_rng(3)
    epochs = list(range(1, 13))
    loss = [float(np.float64(0.9 / e + 0.02 * rng.random())) for e in epochs]
    val = [float(np.float64(1.0 / e + 0.05 + 0.02 * rng.random())) for e in epochs]
    with open("plain/history.csv", "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["epoch", "loss", "val_loss"])
        for e, a, b in zip(epochs, loss, val):
            wr.writerow([e, repr(a), repr(b)])
    with open("plain/history.tsv", "w", newline="") as f:
        wr = csv.writer(f, delimiter="\t", lineterminator="\n")
        wr.writerow(["epoch", "loss", "val_loss"])
        for e, a, b in zip(epochs, loss, val):
            wr.writerow([e, repr(a), repr(b)])
    with open("plain/history.jsonl", "w") as f:
        for i, (a, b) in enumerate(zip(loss, val)):
            obj = {"step": i * 10, "loss": a}
            if i != 5:  # one line lacks val_loss
                obj["val_loss"] = b
            f.write(json.dumps(obj) + "\n")
    xs = np.linspace(-3.0, 3.0, 30)
    ys = 0.5 * xs ** 2 - xs + rng.normal(scale=0.3, size=30)
    preds = 0.5 * xs ** 2 - xs
    with open("plain/predictions.csv", "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["x", "y", "prediction"])
        for a, b, c in zip(xs, ys, preds):
            wr.writerow([repr(float(a)), repr(float(b)), repr(float(c))])

    files = {}
    for name, delim in (("history.csv", ","), ("history.tsv", "\t")):
        header, _, s = csv_series(os.path.join("plain", name), delim, "epoch")
        files[name] = {"header": header, "series": s, "params": {}}
    series = {}
    with open("plain/history.jsonl") as f:
        for line in f:
            obj = json.loads(line)
            for k, v in obj.items():
                if k == "step":
                    continue
                s = series.setdefault(k, {"steps": [], "values": []})
                s["steps"].append(obj["step"])
                s["values"].append(v)
    files["history.jsonl"] = {"series": series, "params": {}}
    with open("plain/predictions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    files["predictions.csv"] = {
        "header": list(rows[0].keys()),
        "columns": {k: [float(r[k]) for r in rows] for k in rows[0]},
    }
    write_expected("plain", {"tool": "make_fixtures.py (python csv/json, numpy %s)" % np.__version__, "files": files})


STEPS = {
    "keras": make_keras,
    "lightning": make_lightning,
    "tensorboard": make_tensorboard,
    "dvclive": make_dvclive,
    "mlflow": make_mlflow,
    "plain": make_plain,
}

def check_no_empty_dirs(top):
    """git keeps no empty folders: a checkout must equal what was generated."""
    for root, dirs, files in os.walk(top):
        if not dirs and not files:
            raise SystemExit("empty folder %s would be lost in git" % root)


if __name__ == "__main__":
    wanted = sys.argv[1:] or OUTPUTS
    for name in wanted:
        print("==>", name, flush=True)
        seed_all(0)
        STEPS[name]()
        check_no_empty_dirs(name)
    print("done")
