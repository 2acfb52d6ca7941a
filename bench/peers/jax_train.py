"""JAX: the whole training loop jit-compiled with lax.scan (float64), compile time excluded."""
import sys

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from common import seed_data, summary, timed  # noqa: E402


def make_train(epochs, lr=1e-3):
    def loss(params, x, y):
        a, b, c = params
        return jnp.mean((a * x**2 + b * x + c - y) ** 2)

    grad = jax.value_and_grad(loss)

    @jax.jit
    def train(params, x, y):
        def step(p, _):
            value, g = grad(p, x, y)
            return p - lr * g, value

        return jax.lax.scan(step, params, None, length=epochs)

    return train


def main():
    quick = "--quick" in sys.argv
    reps = 3
    for name, n, epochs in [("train-n100", 100, 15000), ("train-n1m", 1_000_000, 20 if quick else 200)]:
        xn, yn, init = seed_data(n, np)
        x, y, p0 = jnp.asarray(xn), jnp.asarray(yn), jnp.asarray(init)
        train = make_train(epochs)
        jax.block_until_ready(train(p0, x, y))  # compile
        samples = [timed(lambda: jax.block_until_ready(train(p0, x, y))) / epochs * 1e6 for _ in range(reps)]
        summary(name, "jax", "us/epoch", samples, points=n, epochs=epochs, dtype="float64",
                devices=str(jax.devices()))


if __name__ == "__main__":
    main()
