#!/usr/bin/env python3
"""The exact least-squares solution of a recovery-curve design, for BlockLeastSquaresTests.

Design (rows i = 0 ..< 1,000,000): x0 = i mod 28, t = 1 + (i div 28) mod 12, l = ln t (C's
log, a double), row [1, x0, l, x0*l] (x0*l rounded to a double, as Swift computes it),
y = 30 - x0 - 2t + ((i * 7919) mod 1009) mod 7 (whole numbers; the model is not the
true one, so no coefficient is trivially exact). The normal equations X'X c = X'y are formed and solved in
exact rational arithmetic (Python's fractions, from the doubles' exact values), so the printed
coefficients are the true least-squares solution of that double-valued design, rounded once.

Usage: python3 Benchmarks/exact_least_squares.py
"""
import math
from fractions import Fraction as F

N = 1_000_000
groups = {}
for i in range(N):
    key = (i % 28, 1 + (i // 28) % 12)
    y = 30 - key[0] - 2 * key[1] + ((i * 7919) % 1009) % 7
    c, s = groups.get(key, (0, 0))
    groups[key] = (c + 1, s + y)
xtx = [[F(0)] * 4 for _ in range(4)]
xty = [F(0)] * 4
for (x0, t), (count, sy) in groups.items():
    l = math.log(t)
    row = [F(1), F(x0), F(l), F(float(x0) * l)]
    for a in range(4):
        xty[a] += row[a] * sy
        for b in range(4):
            xtx[a][b] += row[a] * row[b] * count
m = [r[:] + [v] for r, v in zip(xtx, xty)]
for k in range(4):
    for r in range(k + 1, 4):
        f = m[r][k] / m[k][k]
        for j in range(k, 5):
            m[r][j] -= f * m[k][j]
c = [F(0)] * 4
for k in range(3, -1, -1):
    c[k] = (m[k][4] - sum(m[k][j] * c[j] for j in range(k + 1, 4))) / m[k][k]
print([float(v) for v in c])
print([f"{float(v):.17g}" for v in c])
