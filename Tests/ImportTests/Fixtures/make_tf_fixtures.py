#!/usr/bin/env python3
"""TensorBoard fixtures written by TensorFlow itself (optional, separate venv).

Neither torch's SummaryWriter nor the tensorboard package writes a scalar
with `tensor_content`; TensorFlow 2's summary ops do, and so does the Keras
TensorBoard callback on the TensorFlow backend, the most common source of
event files. TensorFlow does not share a venv well with the torch stack, so:

    python3 -m venv /tmp/fixture-tf-venv
    /tmp/fixture-tf-venv/bin/pip install -r requirements-tf.txt
    /tmp/fixture-tf-venv/bin/python make_tf_fixtures.py

Deletes and recreates tensorboard_tf/ only. expected.json comes from the same
EventAccumulator oracle as make_fixtures.py.
"""

import os
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the fixtures folder
import make_fixtures as mf  # noqa: E402  # chdir to this folder, oracle and JSON writer

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = "tensorboard_tf"


def make_tf_summary():
    d = os.path.join(OUT, "tf_summary")
    rng = np.random.default_rng(21)
    steps = list(range(0, 12))
    loss = mf.curve(steps, 1.2, 0.1, 0.01, rng)
    writer = tf.summary.create_file_writer(d)
    with writer.as_default():
        for s in steps:
            tf.summary.scalar("loss", loss[s], step=s)
            tf.summary.scalar("lr", 0.1 * 0.9 ** s, step=s, description="learning rate")
    writer.close()
    mf.write_expected(d, mf.tb_expected(d, "tensorflow-cpu %s tf.summary.create_file_writer + tf.summary.scalar" % tf.__version__))


def make_keras_callback():
    import keras

    d = os.path.join(OUT, "keras_callback")
    keras.utils.set_random_seed(1234)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(1234)
    x = rng.normal(size=(64, 3)).astype("float32")
    w = np.array([[1.5], [-2.0], [0.5]], dtype="float32")
    y = (x @ w + 0.3 + 0.1 * rng.normal(size=(64, 1))).astype("float32")
    model = keras.Sequential(
        [keras.Input(shape=(3,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse", metrics=["mae"])
    model.fit(
        x,
        y,
        epochs=6,
        batch_size=16,
        validation_split=0.25,
        verbose=0,
        callbacks=[keras.callbacks.TensorBoard(log_dir=d, write_graph=False, histogram_freq=0, update_freq="epoch")],
    )
    tool = "keras %s (backend tensorflow %s) keras.callbacks.TensorBoard" % (keras.__version__, tf.__version__)
    for sub in sorted(os.listdir(d)):
        run = os.path.join(d, sub)
        if os.path.isdir(run):
            mf.write_expected(run, mf.tb_expected(run, tool + " (%s run)" % sub))


if __name__ == "__main__":
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    tf.random.set_seed(0)
    make_tf_summary()
    make_keras_callback()
    mf.check_no_empty_dirs(OUT)
    print("done")
