"""PyTorch eager: issue 13's general-formula workloads with torch.optim.Adam (float64), the custom-loop way."""
import sys

import numpy as np
import torch

from common import FORMULA_CASES, formula_data, formula_init, summary, timed

torch.set_num_threads(max(1, torch.get_num_threads()))


def predict(kind, p, x):
    if kind == "sin":
        return p[0] * torch.sin(p[1] * x) + p[2]
    if kind == "tanh8":
        w, v, u, c = p[0:8], p[8:16], p[16:24], p[24]
        return torch.tanh(x[:, None] * v[None, :] + u[None, :]) @ w + c
    w1, b1 = p[0:16].reshape(1, 16), p[16:32]
    w2, b2 = p[32:288].reshape(16, 16), p[288:304]
    w3, b3 = p[304:320].reshape(16, 1), p[320]
    h = torch.tanh(x[:, None] @ w1 + b1)
    h = torch.tanh(h @ w2 + b2)
    return (h @ w3)[:, 0] + b3


def train(kind, x, y, init, epochs):
    p = torch.tensor(init, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3)
    for _ in range(epochs):
        opt.zero_grad()
        loss = ((predict(kind, p, x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return p


def main():
    quick = "--quick" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name, kind, n, epochs, quick_epochs in FORMULA_CASES:
        if only and not any(o in name for o in only):
            continue
        epochs = max(1, (quick_epochs if quick else epochs) // (4 if n <= 100 else 1))
        xn, yn = formula_data(n, np)
        x, y = torch.tensor(xn), torch.tensor(yn)
        init = formula_init(kind, np)
        train(kind, x, y, init, 3)
        reps = 3
        samples = [timed(lambda: train(kind, x, y, init, epochs)) / epochs * 1e6 for _ in range(reps)]
        summary(name, "pytorch", "us/epoch", samples, points=n, epochs=epochs, dtype="float64",
                threads=torch.get_num_threads())


if __name__ == "__main__":
    main()
