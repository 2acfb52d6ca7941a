"""matplotlib (Agg): a scatter of 1,000,000 points to PNG and SVG, a 1,000,000-point line to SVG."""
import io
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from common import summary, timed  # noqa: E402


def render(fig, fmt):
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    return buffer.getbuffer().nbytes


def main():
    quick = "--quick" in sys.argv
    reps = 1 if quick else 2
    rng = np.random.default_rng(0)
    x = rng.random(1_000_000)
    y = 20 * x**2 + 5 * x - 3 + rng.standard_normal(x.size)
    fig, ax = plt.subplots()
    ax.scatter(x, y)
    ax.set(title="Dataset", xlabel="x", ylabel="y")
    for fmt in ["png", "svg"]:
        size = [0]
        samples = [timed(lambda: size.__setitem__(0, render(fig, fmt))) * 1e3 for _ in range(reps)]
        summary(f"render-scatter-1m-{fmt}", "matplotlib", "ms", samples, bytes=size[0])
    plt.close(fig)

    epochs = np.arange(1_000_000, dtype=float)
    loss = 1 + 150 * np.exp(-epochs / 2000) + 20 * np.exp(-epochs / 200000) + 0.05 * np.sin(epochs / 37)
    fig, ax = plt.subplots()
    ax.plot(epochs, loss)
    ax.set(title="MSE vs. Epoch", xlabel="Epoch", ylabel="MSE")
    size = [0]
    samples = [timed(lambda: size.__setitem__(0, render(fig, "svg"))) * 1e3 for _ in range(reps + 1)]
    summary("render-line-1m-svg", "matplotlib", "ms", samples, bytes=size[0])
    plt.close(fig)


if __name__ == "__main__":
    main()
