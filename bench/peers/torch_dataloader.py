"""PyTorch's mini-batch loop as its tutorials write it: TensorDataset + DataLoader(shuffle=True), one optimizer step
per batch, the epoch's loss as the mean of the batch losses; and the validation pass (torch.no_grad) alone. float64."""
import sys

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from common import seed_data, summary, timed

torch.set_num_threads(max(1, torch.get_num_threads()))


def train(loader, rows, init, epochs, lr=1e-3):
    params = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in init]
    a, b, c = params
    optimizer = torch.optim.SGD(params, lr=lr)
    for _ in range(epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = ((a * xb**2 + b * xb + c - yb) ** 2).mean()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        _ = total / rows
    return params


def main():
    quick = "--quick" in sys.argv
    reps = 3
    torch.manual_seed(0)
    cases = [("train-n100-batch10", 100, 20 if quick else 100)]
    if not quick:
        cases.append(("train-n1m-batch10", 1_000_000, 1))
    for name, n, epochs in cases:
        xn, yn, init = seed_data(n, np)
        x, y = torch.tensor(xn), torch.tensor(yn)
        loader = DataLoader(TensorDataset(x, y), batch_size=10, shuffle=True)
        train(loader, n, init, 1 if n <= 100 else 0)
        samples = [timed(lambda: train(loader, n, init, epochs)) / epochs * 1e6 for _ in range(reps if n <= 100 else 1)]
        summary(name, "pytorch-dataloader", "us/epoch", samples, points=n, epochs=epochs, dtype="float64",
                threads=torch.get_num_threads(), batch=10)
    # The validation pass: the loss alone on 20 rows, no graph.
    xn, yn, init = seed_data(20, np)
    x, y = torch.tensor(xn), torch.tensor(yn)
    a, b, c = (torch.tensor(float(v), dtype=torch.float64) for v in init)
    calls = 2000 if quick else 20000

    def validate():
        with torch.no_grad():
            for _ in range(calls):
                ((a * x**2 + b * x + c - y) ** 2).mean().item()

    samples = [timed(validate) / calls * 1e6 for _ in range(reps)]
    summary("forward-n20", "pytorch", "us/epoch", samples, points=20, dtype="float64")


if __name__ == "__main__":
    main()
