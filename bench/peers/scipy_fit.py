"""The reference-fit workloads in SciPy/NumPy: the seed model at N = 1e6 by numpy.linalg.lstsq (covariance from the
pseudo-inverse) and by scipy.optimize.least_squares(method="lm"); a*exp(-b*x) + c at N = 1e5 by least_squares(method="lm")
with an analytic Jacobian. Covariances from the Jacobian's SVD, as curve_fit does."""
import sys

import numpy as np
from scipy.optimize import least_squares

from common import seed_data, summary, timed


def seed_fit(x, y):
    design = np.stack([x**2, x, np.ones_like(x)], axis=1)
    theta, rss, _, _ = np.linalg.lstsq(design, y, rcond=None)
    dof = len(y) - 3
    cov = np.linalg.pinv(design.T @ design) * (rss[0] / dof)
    return theta, np.sqrt(np.diag(cov))


def seed_lm(x, y):
    design = np.stack([x**2, x, np.ones_like(x)], axis=1)
    fit = least_squares(lambda t: design @ t - y, [0.0, 0.0, 0.0], jac=lambda t: design, method="lm",
                        ftol=1e-15, xtol=1e-15, gtol=1e-15)
    _, s, vt = np.linalg.svd(fit.jac, full_matrices=False)
    cov = (vt.T / s**2) @ vt * (2 * fit.cost / (len(y) - 3))
    return fit.x, np.sqrt(np.diag(cov))


def decay_fit(x, y):
    def residual(t):
        return t[0] * np.exp(-t[1] * x) + t[2] - y

    def jacobian(t):
        e = np.exp(-t[1] * x)
        return np.stack([e, -t[0] * x * e, np.ones_like(x)], axis=1)

    fit = least_squares(residual, [1.0, 1.0, 0.0], jac=jacobian, method="lm", ftol=1e-15, xtol=1e-15, gtol=1e-15)
    _, s, vt = np.linalg.svd(fit.jac, full_matrices=False)
    cov = (vt.T / s**2) @ vt * (2 * fit.cost / (len(y) - 3))
    return fit.x, np.sqrt(np.diag(cov))


def main():
    quick = "--quick" in sys.argv
    x, y, _ = seed_data(1_000_000, np)
    seed_fit(x, y)
    samples = [timed(lambda: seed_fit(x, y)) * 1e3 for _ in range(2 if quick else 5)]
    summary("fit-seed-n1m", "numpy-lstsq", "ms", samples, points=len(x))
    seed_lm(x, y)
    samples = [timed(lambda: seed_lm(x, y)) * 1e3 for _ in range(2 if quick else 5)]
    summary("fit-seed-n1m", "scipy-lm", "ms", samples, points=len(x))
    rng = np.random.default_rng(1)
    xd = np.linspace(0, 5, 100_000)
    yd = 2.5 * np.exp(-1.3 * xd) + 0.5 + 0.05 * rng.standard_normal(len(xd))
    decay_fit(xd, yd)
    samples = [timed(lambda: decay_fit(xd, yd)) * 1e3 for _ in range(3 if quick else 7)]
    summary("fit-decay-n1e5", "scipy-lm", "ms", samples, points=len(xd))


if __name__ == "__main__":
    main()
