"""JAX: issue 13's general-formula workloads (a*sin(b*x)+c, an 8-unit tanh network written as the formula — and, as
`jax-matrix`, with its units as a matrix — and an MLP 16-16), the whole Adam loop jit-compiled with lax.scan
(float64), compile time excluded."""
import sys

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from common import FORMULA_CASES, formula_data, formula_init, summary, timed  # noqa: E402


def predict(kind, p, x):
    if kind == "sin":
        return p[0] * jnp.sin(p[1] * x) + p[2]
    if kind == "tanh8":
        # The formula as written: w0*tanh(v0*x + u0) + ... + w7*tanh(v7*x + u7) + c.
        total = p[24]
        for k in range(8):
            total = total + p[k] * jnp.tanh(p[8 + k] * x + p[16 + k])
        return total
    if kind == "tanh8-matrix":
        # The same network with its units as a matrix (the usual JAX way; XLA vectorises across units).
        w, v, u, c = p[0:8], p[8:16], p[16:24], p[24]
        return jnp.tanh(x[:, None] * v[None, :] + u[None, :]) @ w + c
    w1, b1 = p[0:16].reshape(1, 16), p[16:32]
    w2, b2 = p[32:288].reshape(16, 16), p[288:304]
    w3, b3 = p[304:320].reshape(16, 1), p[320]
    h = jnp.tanh(x[:, None] @ w1 + b1)
    h = jnp.tanh(h @ w2 + b2)
    return (h @ w3)[:, 0] + b3


def make_train(kind, epochs, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    def loss(p, x, y):
        return jnp.mean((predict(kind, p, x) - y) ** 2)

    grad = jax.value_and_grad(loss)

    @jax.jit
    def train(p, x, y):
        def step(state, _):
            p, m, v, t = state
            value, g = grad(p, x, y)
            t = t + 1
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            mhat = m / (1 - b1**t)
            vhat = v / (1 - b2**t)
            return (p - lr * mhat / (jnp.sqrt(vhat) + eps), m, v, t), value

        zeros = jnp.zeros_like(p)
        return jax.lax.scan(step, (p, zeros, zeros, 0.0), None, length=epochs)

    return train


def main():
    quick = "--quick" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    cases = [(name, kind, kind, "jax", n, e, q) for name, kind, n, e, q in FORMULA_CASES]
    cases += [(name, "tanh8-matrix", kind, "jax-matrix", n, e, q) for name, kind, n, e, q in FORMULA_CASES
              if kind == "tanh8"]
    for name, kind, init_kind, peer, n, epochs, quick_epochs in cases:
        if only and not any(o in name for o in only):
            continue
        epochs = quick_epochs if quick else epochs
        xn, yn = formula_data(n, np)
        x, y, p0 = jnp.asarray(xn), jnp.asarray(yn), jnp.asarray(formula_init(init_kind, np))
        train = make_train(kind, epochs)
        jax.block_until_ready(train(p0, x, y))  # compile
        reps = 3 if n >= 10_000 else 5
        samples = [timed(lambda: jax.block_until_ready(train(p0, x, y))) / epochs * 1e6 for _ in range(reps)]
        summary(name, peer, "us/epoch", samples, points=n, epochs=epochs, dtype="float64",
                devices=str(jax.devices()))


if __name__ == "__main__":
    main()
