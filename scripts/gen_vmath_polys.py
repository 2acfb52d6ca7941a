#!/usr/bin/env python3
"""Derives the polynomial coefficients of VectorMath's kernels (Sources/Training/VectorMath) and prints them with the
error bound of the *rounded* coefficients.

Method: for each kernel the smooth remainder g (the function minus its exact leading terms, divided by the matching
power) is approximated on its reduced interval by Chebyshev interpolation (mpmath.chebyfit, 80-digit arithmetic),
which is within a small factor of the minimax polynomial; the coefficients are then rounded to doubles, and the error
of the resulting kernel polynomial (evaluated exactly, i.e. without the rounding of the double evaluation) is measured
against the function on 20,001 points of the interval. Needs mpmath (pip install mpmath).
Run: python3 scripts/gen_vmath_polys.py
"""
import mpmath as mp

mp.mp.dps = 80


def fit(name, g, a, b, n):
    coeffs, _ = mp.chebyfit(g, [a, b], n, error=True)  # highest degree first
    rounded = [float(c) for c in coeffs]
    return rounded


def horner(cs, x):
    acc = mp.mpf(0)
    for c in cs:
        acc = acc * x + mp.mpf(c)
    return acc


def report(name, cs, err, note):
    bound = f"{mp.nstr(err, 3)} ({mp.nstr(mp.log(err, 2), 4)} in log2)"
    print(f"// {name}: {note}; max error of the rounded polynomial {bound}")
    for i, c in enumerate(reversed(cs)):
        print(f"    {c.hex()},  // {i}")
    print()


def grid(a, b, n=20001):
    return [a + (b - a) * mp.mpf(i) / (n - 1) for i in range(n)]


def split_constants():
    """ln 2 = ln2Hi + ln2Lo with ln2Hi of 42 significant bits (k*ln2Hi exact for |k| < 2^11), and 1/ln 2."""
    ln2 = mp.log(2)
    e = int(mp.floor(mp.log(ln2, 2)))
    hi = mp.nint(ln2 * mp.mpf(2) ** (41 - e)) / mp.mpf(2) ** (41 - e)
    lo = float(ln2 - hi)
    print(f"// ln2Hi = {float(hi).hex()}, ln2Lo = {lo.hex()}, log2e = {float(1 / ln2).hex()}"
          f" (ln2 - ln2Hi - ln2Lo = {mp.nstr(ln2 - hi - lo, 3)})")
    print()


def main():
    split_constants()
    # exp: e^r = 1 + r + r^2/2 + r^3 q(r), |r| <= ln2/2 (+ margin for the rounded k); the r^2 coefficient is kept at
    # exactly 1/2 (rounding a fitted one costs ~2^-56). Error: relative to e^r.
    a = mp.mpf("0.3467")
    q = lambda r: mp.mpf(1) / 6 if r == 0 else (mp.expm1(r) - r - r * r / 2) / (r * r * r)
    cs = fit("exp", q, -a, a, 10)
    err = max(abs(1 + r + r * r / 2 + r ** 3 * horner(cs, r) - mp.exp(r)) / mp.exp(r) for r in grid(-a, a))
    report("exp q(r), r in [-0.3467, 0.3467]", cs, err, "e^r ≈ 1 + r + r²/2 + r³·q(r), relative error")

    # log: log(1+f) = 2 atanh(s), s = f/(2+f), |s| <= 0.17158; 2 atanh(s) = 2s + s*T, T = z*h(z), z = s^2.
    zmax = mp.mpf("0.17158") ** 2
    h = lambda z: mp.mpf(2) / 3 if z == 0 else (2 * mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 2) / z
    cs = fit("log", h, 0, zmax, 7)
    err = max(abs(mp.sqrt(z) * z * horner(cs, z) - (2 * mp.atanh(mp.sqrt(z)) - 2 * mp.sqrt(z)))
              / (2 * mp.atanh(mp.sqrt(z)) if z else 1) for z in grid(0, zmax))
    report("log h(z), z = s² in [0, 0.17158²]", cs, err, "2·atanh(s) ≈ 2s + s·z·h(z), error relative to 2·atanh(s)")

    # sin / cos on |r| <= pi/4 (+ margin): sin r = r + r^3 S(z), cos r = 1 - z/2 + z^2 C(z), z = r^2.
    zmax = (mp.pi / 4 * mp.mpf("1.0001")) ** 2
    S = lambda z: -mp.mpf(1) / 6 if z == 0 else (mp.sin(mp.sqrt(z)) - mp.sqrt(z)) / (z * mp.sqrt(z))
    cs = fit("sin", S, 0, zmax, 7)
    err = max(abs(mp.sqrt(z) + z * mp.sqrt(z) * horner(cs, z) - mp.sin(mp.sqrt(z))) / mp.sin(mp.sqrt(z))
              for z in grid(0, zmax)[1:])
    report("sin S(z), z in [0, (π/4·1.0001)²]", cs, err, "sin r ≈ r + r³·S(r²), relative error")
    C = lambda z: mp.mpf(1) / 24 if z == 0 else (mp.cos(mp.sqrt(z)) - 1 + z / 2) / (z * z)
    cs = fit("cos", C, 0, zmax, 7)
    err = max(abs(1 - z / 2 + z * z * horner(cs, z) - mp.cos(mp.sqrt(z))) / mp.cos(mp.sqrt(z)) for z in grid(0, zmax))
    report("cos C(z), z in [0, (π/4·1.0001)²]", cs, err, "cos r ≈ 1 − r²/2 + r⁴·C(r²), relative error")

    # tanh on |x| <= 0.625: tanh x = x + x^3 P(z), z = x^2.
    zmax = mp.mpf("0.625") ** 2
    P = lambda z: -mp.mpf(1) / 3 if z == 0 else (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / (z * mp.sqrt(z))
    for n in (12,):
        cs = fit("tanh", P, 0, zmax, n)
        err = max(abs(mp.sqrt(z) + z * mp.sqrt(z) * horner(cs, z) - mp.tanh(mp.sqrt(z))) / mp.tanh(mp.sqrt(z))
                  for z in grid(0, zmax)[1:])
        report(f"tanh P(z) ({n} terms), z in [0, 0.625²]", cs, err, "tanh x ≈ x + x³·P(x²), relative error")


if __name__ == "__main__":
    main()
