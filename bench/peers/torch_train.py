"""PyTorch eager, the custom-training-loop way (autograd, loss.backward(), manual SGD), float64 and float32."""
import sys

import numpy as np
import torch

from common import seed_data, summary, timed

torch.set_num_threads(max(1, torch.get_num_threads()))


def train(x, y, init, epochs, lr=1e-3):
    a, b, c = (torch.tensor(float(v), dtype=x.dtype, requires_grad=True) for v in init)
    for _ in range(epochs):
        loss = ((a * x**2 + b * x + c - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c):
                p -= lr * p.grad
                p.grad = None
    return a, b, c


def main():
    quick = "--quick" in sys.argv
    reps = 3
    for dtype, label in [(torch.float64, "float64"), (torch.float32, "float32")]:
        for name, n, epochs in [("train-n100", 100, 500 if quick else 3000),
                                ("train-n1m", 1_000_000, 3 if quick else 10)]:
            xn, yn, init = seed_data(n, np)
            x, y = torch.tensor(xn, dtype=dtype), torch.tensor(yn, dtype=dtype)
            train(x, y, init, 3)
            samples = [timed(lambda: train(x, y, init, epochs)) / epochs * 1e6 for _ in range(reps)]
            peer = "pytorch" if label == "float64" else "pytorch-f32"
            summary(name, peer, "us/epoch", samples, points=n, epochs=epochs, dtype=label,
                    threads=torch.get_num_threads())


if __name__ == "__main__":
    main()
