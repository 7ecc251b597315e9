// SPDX-License-Identifier: GPL-3.0-or-later

/// Exact order statistics of the pairwise slopes `(yⱼ − yᵢ)/(xⱼ − xᵢ)` (pairs with `xᵢ ≠ xⱼ`)
/// without listing all `N = O(n²)` of them: the Theil–Sen slope and its confidence bounds.
///
/// Method: randomized slope selection by interval shrinking (Matoušek 1991, "Randomized optimal
/// algorithm for slope selection", *Inf. Process. Lett.* 39:183–187; Dillencourt, Mount &
/// Netanyahu 1992, *Int. J. Comput. Geom. Appl.* 2:1–27). In the dual, point `(x, y)` is the line
/// `v(s) = y − s·x`; the pair `(i, j)` has slope `s*` exactly where its two lines cross, so the
/// pairs with `lo < slope < hi` are the pairs whose order by `v` differs at `lo` and at `hi`
/// (strictly discordant pairs). Counting them is an inversion count, `O(n log n)` with a
/// Fenwick tree; a uniform random one is drawn by the same sweep. Each round draws `r = max(n, 1024)` random
/// slopes from the current interval, keeps the two sample order statistics that bracket the
/// wanted rank (± 3√r), and checks by counting; the interval shrinks by a factor ≈ √n/6 per round,
/// so a constant expected number of rounds brings it below `max(4n, 4096)` slopes, which are listed and
/// sorted. Expected time `O(n log n)`, memory `O(n)`.
///
/// Exactness: slopes are compared as fractions, `a/b < c/d ⇔ a·d < c·b` (`b, d > 0`), so the
/// selected pair is the one of the wanted rank among the true slopes, and its slope is then
/// computed as `(yⱼ − yᵢ)/(xⱼ − xᵢ)`, as the quadratic method does. Rounding is monotone, so this
/// is exactly the quadratic method's sorted slope of that rank whenever the products are exact
/// (integers and short decimals, i.e. scores and day numbers, well below 2⁵³); for arbitrary
/// doubles, pairs whose slopes agree to within rounding may be ordered differently.
struct SlopeSelection {
    private let x: [Double]
    private let y: [Double]
    let n: Int
    /// Number of pairs with distinct x: `n(n−1)/2 − Σ_g g(g−1)/2` over groups of tied x.
    let pairCount: Int
    private var rng = SplitMix(seed: 0x5EED_7E11)

    /// A slope as a fraction `dy/dx` with `dx > 0`, or ±∞ (the interval ends).
    enum Pivot {
        case minusInfinity, plusInfinity
        case fraction(dy: Double, dx: Double)
    }

    init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
        n = x.count
        var total = n * (n - 1) / 2
        let sx = x.sorted()
        var i = 0
        while i < sx.count {
            var j = i + 1
            while j < sx.count && sx[j] == sx[i] { j += 1 }
            total -= (j - i) * (j - i - 1) / 2
            i = j
        }
        pairCount = total
    }

    /// The slope of pair `(i, j)` computed as the quadratic method does.
    func slopeValue(_ p: (Int, Int)) -> Double { (y[p.1] - y[p.0]) / (x[p.1] - x[p.0]) }

    /// The `k`-th smallest slope (1-based, `1 ≤ k ≤ pairCount`), as a pair of point indices.
    mutating func select(rank k: Int) -> (Int, Int) {
        precondition(k >= 1 && k <= pairCount, "slope rank out of range")
        var lo = Pivot.minusInfinity, hi = Pivot.plusInfinity
        var below = 0                 // slopes ≤ lo
        var inside = pairCount        // slopes strictly between lo and hi
        while true {
            if inside <= max(4 * n, 4096) {
                var pairs = listDiscordant(lo, hi)
                pairs.sort { less($0, $1) }
                return pairs[k - below - 1]
            }
            // r ≥ 1024 keeps the bracket 3√r well inside the sample (3√r ≤ r/10).
            let r = max(n, 1024)
            var sample = sampleDiscordant(lo, hi, count: r)
            sample.sort { less($0, $1) }
            let t = Double(k - below) / Double(inside) * Double(r)
            let delta = 3 * Double(r).squareRoot()
            let iLo = Int((t - delta).rounded(.down)) - 1, iHi = Int((t + delta).rounded(.up)) - 1
            var newLo = lo, newHi = hi, newBelow = below, newUnder = below + inside
            if iLo >= 0 {
                let p = sample[iLo], piv = pivot(p)
                let lt = countBelow(piv, strict: true), le = countBelow(piv, strict: false)
                if lt < k && k <= le { return p }
                if le < k { newLo = piv; newBelow = le }
            }
            if iHi < r {
                let p = sample[iHi], piv = pivot(p)
                let lt = countBelow(piv, strict: true), le = countBelow(piv, strict: false)
                if lt < k && k <= le { return p }
                if lt >= k { newHi = piv; newUnder = lt }
            }
            lo = newLo; hi = newHi; below = newBelow
            inside = newUnder - newBelow
        }
    }

    // MARK: - Comparisons

    private func fraction(_ p: (Int, Int)) -> (dy: Double, dx: Double) {
        let (i, j) = p
        return x[j] > x[i] ? (y[j] - y[i], x[j] - x[i]) : (y[i] - y[j], x[i] - x[j])
    }

    private func pivot(_ p: (Int, Int)) -> Pivot {
        let f = fraction(p)
        return .fraction(dy: f.dy, dx: f.dx)
    }

    /// Whether slope `a` < slope `b` as fractions.
    private func less(_ a: (Int, Int), _ b: (Int, Int)) -> Bool {
        let fa = fraction(a), fb = fraction(b)
        return fa.dy * fb.dx < fb.dy * fa.dx
    }

    /// The key ordering the dual lines just at `s` (for ±∞ the limit order, lexicographic).
    private func key(_ s: Pivot, _ t: Int) -> (Double, Double) {
        switch s {
        case .minusInfinity: return (x[t], y[t])
        case .plusInfinity: return (-x[t], y[t])
        case let .fraction(dy, dx): return (dx * y[t] - dy * x[t], 0)
        }
    }

    /// Number of slopes `< s` (strict) or `≤ s`.
    private func countBelow(_ s: Pivot, strict: Bool) -> Int {
        strict ? countDiscordant(.minusInfinity, s) : pairCount - countDiscordant(s, .plusInfinity)
    }

    // MARK: - Discordant pairs of two orders

    /// Points in order of (key at lo, key at hi), and the rank of each position's point in
    /// the order by key at hi (ties broken by position, so tied points are never discordant).
    private func orders(_ lo: Pivot, _ hi: Pivot) -> (order: [Int], rank: [Int]) {
        let kl = (0..<n).map { key(lo, $0) }, kh = (0..<n).map { key(hi, $0) }
        let order = (0..<n).sorted { a, b in kl[a] != kl[b] ? kl[a] < kl[b] : kh[a] < kh[b] }
        let byHi = (0..<n).sorted { a, b in kh[order[a]] != kh[order[b]] ? kh[order[a]] < kh[order[b]] : a < b }
        var rank = [Int](repeating: 0, count: n)
        for (r, pos) in byHi.enumerated() { rank[pos] = r }
        return (order, rank)
    }

    /// For each position j: how many earlier positions have a higher rank.
    private func discordantCounts(_ rank: [Int]) -> [Int] {
        var tree = Fenwick(n)
        var c = [Int](repeating: 0, count: n)
        for j in 0..<n {
            c[j] = j - tree.prefix(rank[j])
            tree.add(rank[j])
        }
        return c
    }

    private func countDiscordant(_ lo: Pivot, _ hi: Pivot) -> Int {
        discordantCounts(orders(lo, hi).rank).reduce(0, +)
    }

    /// Every pair with lo < slope < hi.
    private func listDiscordant(_ lo: Pivot, _ hi: Pivot) -> [(Int, Int)] {
        let (order, rank) = orders(lo, hi)
        var byRank = [Int](repeating: 0, count: n)
        for pos in 0..<n { byRank[rank[pos]] = pos }
        var tree = Fenwick(n)
        var out: [(Int, Int)] = []
        for j in 0..<n {
            let lower = tree.prefix(rank[j])
            for m in lower..<j { out.append((order[byRank[tree.select(m)]], order[j])) }
            tree.add(rank[j])
        }
        return out
    }

    /// `count` pairs drawn uniformly (with replacement) among those with lo < slope < hi.
    private mutating func sampleDiscordant(_ lo: Pivot, _ hi: Pivot, count: Int) -> [(Int, Int)] {
        let (order, rank) = orders(lo, hi)
        let c = discordantCounts(rank)
        var prefix = [Int](repeating: 0, count: n + 1)
        for j in 0..<n { prefix[j + 1] = prefix[j] + c[j] }
        let total = prefix[n]
        // Draw (position, offset) pairs, then answer them in one sweep.
        var draws: [(j: Int, offset: Int)] = []
        draws.reserveCapacity(count)
        for _ in 0..<count {
            let r = rng.next(below: total)
            var a = 0, b = n  // largest j with prefix[j] <= r
            while b - a > 1 { let m = (a + b) / 2; if prefix[m] <= r { a = m } else { b = m } }
            draws.append((a, r - prefix[a]))
        }
        draws.sort { $0.j < $1.j }
        var byRank = [Int](repeating: 0, count: n)
        for pos in 0..<n { byRank[rank[pos]] = pos }
        var tree = Fenwick(n)
        var out: [(Int, Int)] = []
        out.reserveCapacity(count)
        var d = 0
        for j in 0..<n {
            while d < draws.count && draws[d].j == j {
                let m = tree.prefix(rank[j]) + draws[d].offset
                out.append((order[byRank[tree.select(m)]], order[j]))
                d += 1
            }
            tree.add(rank[j])
        }
        return out
    }
}

/// A Fenwick (binary indexed) tree of counts over `0..<n`.
struct Fenwick {
    private var t: [Int]
    private let n: Int
    private let top: Int
    init(_ n: Int) {
        self.n = n
        t = [Int](repeating: 0, count: n + 1)
        var p = 1
        while p * 2 <= n { p *= 2 }
        top = p
    }
    /// Adds one at index `i`.
    mutating func add(_ i: Int) {
        var k = i + 1
        while k <= n { t[k] += 1; k += k & -k }
    }
    /// Count of indices `< i`.
    func prefix(_ i: Int) -> Int {
        var k = i, s = 0
        while k > 0 { s += t[k]; k -= k & -k }
        return s
    }
    /// The index holding the `m`-th (0-based) counted element.
    func select(_ m: Int) -> Int {
        var pos = 0, rem = m + 1, step = top
        while step > 0 {
            if pos + step <= n && t[pos + step] < rem { pos += step; rem -= t[pos] }
            step /= 2
        }
        return pos
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small deterministic generator, so results and
/// running times repeat from run to run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

extension TrendStatistics {
    /// Points below which the quadratic listing of all slopes is used.
    static let quadraticSlopeLimit = 64

    /// The Theil–Sen slope (median of the pairwise slopes) and the slopes of 0-based sorted
    /// indices `lowerIndex`/`upperIndex` given the pair count: by listing all slopes for small
    /// `n`, by ``SlopeSelection`` otherwise. Returns nil when all x are equal.
    static func theilSenSlopes(x: [Double], y: [Double],
                               bounds: (Int) -> (lower: Int, upper: Int)) -> (slope: Double, lower: Double, upper: Double)? {
        if x.count <= quadraticSlopeLimit { return theilSenSlopesQuadratic(x: x, y: y, bounds: bounds) }
        var sel = SlopeSelection(x: x, y: y)
        let count = sel.pairCount
        guard count > 0 else { return nil }
        let k = count / 2
        let slope: Double
        if count % 2 == 1 {
            slope = sel.slopeValue(sel.select(rank: k + 1))
        } else {
            slope = (sel.slopeValue(sel.select(rank: k)) + sel.slopeValue(sel.select(rank: k + 1))) / 2
        }
        let (li, ui) = bounds(count)
        return (slope, sel.slopeValue(sel.select(rank: li + 1)), sel.slopeValue(sel.select(rank: ui + 1)))
    }

    /// The quadratic method: list and sort all `N` slopes (the oracle of the tests).
    static func theilSenSlopesQuadratic(x: [Double], y: [Double],
                                        bounds: (Int) -> (lower: Int, upper: Int)) -> (slope: Double, lower: Double, upper: Double)? {
        var slopes: [Double] = []
        slopes.reserveCapacity(x.count * (x.count - 1) / 2)
        for i in 0..<x.count {
            for j in (i + 1)..<x.count where x[j] != x[i] {
                slopes.append((y[j] - y[i]) / (x[j] - x[i]))
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let (li, ui) = bounds(slopes.count)
        return (medianOfSorted(slopes), slopes[li], slopes[ui])
    }
}
