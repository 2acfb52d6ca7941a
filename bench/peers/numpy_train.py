"""NumPy with the gradient written by hand: the seed workload (quadratic, MSE, SGD lr 1e-3) per epoch."""
import sys

import numpy as np

from common import seed_data, summary, timed


def train(x, y, init, epochs, lr=1e-3):
    a, b, c = (float(v) for v in init)
    n = x.size
    x2 = x * x
    history = np.empty(epochs)
    for epoch in range(epochs):
        r = a * x2 + b * x + c - y
        history[epoch] = r @ r / n
        g = 2.0 / n * r
        a -= lr * (g @ x2)
        b -= lr * (g @ x)
        c -= lr * g.sum()
    return history


def main():
    quick = "--quick" in sys.argv
    reps = 3
    for name, n, epochs in [("train-n100", 100, 3000 if quick else 15000),
                            ("train-n1m", 1_000_000, 5 if quick else 20)]:
        x, y, init = seed_data(n, np)
        train(x, y, init, 2)
        samples = [timed(lambda: train(x, y, init, epochs)) / epochs * 1e6 for _ in range(reps)]
        summary(name, "numpy", "us/epoch", samples, points=n, epochs=epochs, dtype="float64")


if __name__ == "__main__":
    main()
