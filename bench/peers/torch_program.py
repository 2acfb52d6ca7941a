"""The whole seed program the PyTorch way: data, 15000 epochs of the custom loop, 4 figures saved (PNG + SVG).
Run as a child process and timed from launch to exit by whole_program.py."""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    x = torch.linspace(0, 1, 100)
    y = 20 * x**2 + 5 * x - 3 + torch.randn(100)
    a, b, c = (torch.randn((), requires_grad=True) for _ in range(3))

    def model(t):
        return a * t**2 + b * t + c

    def save(fig, name):
        for fmt in ("png", "svg"):
            fig.savefig(os.path.join(out, f"{name}.{fmt}"))
        plt.close(fig)

    fig, ax = plt.subplots()
    ax.scatter(x, y)
    ax.set(title="Dataset", xlabel="x", ylabel="y")
    save(fig, "dataset")
    fig, ax = plt.subplots()
    ax.scatter(x, y, label="data")
    ax.plot(x, model(x).detach(), "r", label="before")
    ax.legend()
    save(fig, "before")
    history = []
    for _ in range(15000):
        loss = ((model(x) - y) ** 2).mean()
        history.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c):
                p -= 1e-3 * p.grad
                p.grad = None
    fig, ax = plt.subplots()
    ax.plot(history)
    ax.set(title="MSE vs. Epoch", xlabel="Epoch", ylabel="MSE")
    save(fig, "loss")
    fig, ax = plt.subplots()
    ax.scatter(x, y, label="data")
    ax.plot(x, model(x).detach(), "r", label="after")
    ax.legend()
    save(fig, "after")


if __name__ == "__main__":
    main(sys.argv[1])
