"""matplotlib (Agg): a scatter of 1,000,000 points to PNG and SVG, a 1,000,000-point line to SVG."""
import io
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from common import seed_data, summary, timed  # noqa: E402


def render(fig, fmt):
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    return buffer.getbuffer().nbytes


def gd_loss_history(epochs):
    """The loss history of the blog's run trained for `epochs` epochs (SGD, lr 1e-3, MSE on the seed data), as
    fitreport's bench draws it. MSE is quadratic in (a, b, c), so each step is a 3×3 affine map."""
    x, y, theta = seed_data(100, np)
    X = np.stack([x * x, x, np.ones_like(x)], axis=1)
    A = X.T @ X / x.size
    g = X.T @ y / x.size
    c = y @ y / x.size
    out = np.empty(epochs)
    for i in range(epochs):
        At = A @ theta
        out[i] = theta @ At - 2 * g @ theta + c
        theta = theta - 1e-3 * 2 * (At - g)
    return out


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

    loss = gd_loss_history(1_000_000)
    epochs = np.arange(loss.size, dtype=float)
    fig, ax = plt.subplots()
    ax.plot(epochs, loss)
    ax.set(title="MSE vs. Epoch", xlabel="Epoch", ylabel="MSE")
    size = [0]
    samples = [timed(lambda: size.__setitem__(0, render(fig, "svg"))) * 1e3 for _ in range(reps + 1)]
    summary("render-line-1m-svg", "matplotlib", "ms", samples, bytes=size[0])
    plt.close(fig)


if __name__ == "__main__":
    main()
