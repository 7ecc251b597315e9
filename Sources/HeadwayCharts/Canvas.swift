/// A character grid with a data coordinate system, for terminal charts.
///
/// The plot area is `width` × `height` cells; data coordinates map linearly onto
/// it (x to the right, y upwards). Later drawing overwrites earlier drawing, so
/// draw bands first, reference lines next, data marks last. ``render(…)``
/// adds a y axis with tick labels on the left and an x axis with labels below.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let charset: Charset
    private var cells: [[Character]]

    public init(width: Int, height: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, charset: Charset = .unicode) {
        self.width = max(width, 4)
        self.height = max(height, 3)
        // Degenerate ranges get a unit span so mapping never divides by zero.
        self.xRange = x.lowerBound < x.upperBound ? x : (x.lowerBound - 0.5)...(x.lowerBound + 0.5)
        self.yRange = y.lowerBound < y.upperBound ? y : (y.lowerBound - 0.5)...(y.lowerBound + 0.5)
        self.charset = charset
        cells = Array(repeating: Array(repeating: " ", count: self.width), count: self.height)
    }

    /// Column of data x (clamped to the plot area).
    public func column(_ x: Double) -> Int {
        let f = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        return clampedInt((f * Double(width - 1)).rounded(), 0...(width - 1))
    }

    /// Row of data y, 0 at the top (clamped).
    public func row(_ y: Double) -> Int {
        let f = (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
        return height - 1 - clampedInt((f * Double(height - 1)).rounded(), 0...(height - 1))
    }

    public func contains(y: Double) -> Bool { yRange.contains(y) }
    public func contains(x: Double) -> Bool { xRange.contains(x) }

    public mutating func set(column c: Int, row r: Int, _ ch: Character) {
        guard c >= 0, c < width, r >= 0, r < height else { return }
        cells[r][c] = ch
    }

    public func get(column c: Int, row r: Int) -> Character { cells[r][c] }

    /// A mark at a data point.
    public mutating func point(x: Double, y: Double, _ ch: Character) {
        set(column: column(x), row: row(y), ch)
    }

    /// A straight segment between two data points, drawn only over empty or band cells.
    public mutating func segment(from a: (x: Double, y: Double), to b: (x: Double, y: Double), _ ch: Character) {
        let c0 = column(a.x), c1 = column(b.x), r0 = row(a.y), r1 = row(b.y)
        let steps = max(abs(c1 - c0), abs(r1 - r0), 1)
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            let c = Int((Double(c0) + t * Double(c1 - c0)).rounded())
            let r = Int((Double(r0) + t * Double(r1 - r0)).rounded())
            if c >= 0, c < width, r >= 0, r < height, cells[r][c] == " " || cells[r][c] == charset.band {
                cells[r][c] = ch
            }
        }
    }

    /// A horizontal reference line at data y (not drawn if y is outside the range).
    public mutating func horizontalLine(y: Double, _ ch: Character? = nil) {
        guard contains(y: y) else { return }
        let r = row(y)
        for c in 0..<width where cells[r][c] == " " || cells[r][c] == charset.band { cells[r][c] = ch ?? charset.dashedHorizontal }
    }

    /// A vertical reference line at data x.
    public mutating func verticalLine(x: Double, _ ch: Character? = nil) {
        guard contains(x: x) else { return }
        let c = column(x)
        for r in 0..<height where cells[r][c] == " " || cells[r][c] == charset.band { cells[r][c] = ch ?? charset.dashedVertical }
    }

    /// Fills the horizontal band between two data y values with the band character.
    public mutating func band(from y0: Double, to y1: Double, columns: ClosedRange<Int>? = nil) {
        let lo = min(y0, y1), hi = max(y0, y1)
        guard hi >= yRange.lowerBound, lo <= yRange.upperBound else { return }
        let rTop = row(min(hi, yRange.upperBound)), rBottom = row(max(lo, yRange.lowerBound))
        let cols = columns ?? 0...(width - 1)
        for r in rTop...rBottom {
            for c in cols where c >= 0 && c < width && cells[r][c] == " " { cells[r][c] = charset.band }
        }
    }

    /// Writes text starting at a cell (clipped at the right edge).
    public mutating func text(_ s: String, column c: Int, row r: Int) {
        for (i, ch) in s.enumerated() { set(column: c + i, row: r, ch) }
    }

    /// The chart with axes: y tick labels on the left, x labels below.
    ///
    /// - Parameters:
    ///   - yTicks: data values to label on the y axis.
    ///   - xLabels: (data x, label) pairs placed under the axis; overlapping labels are dropped.
    ///   - yFormat: how y tick values print.
    public func render(yTicks: [Double], xLabels: [(Double, String)], yFormat: (Double) -> String = { Canvas.format($0) }) -> String {
        let tickRows = Dictionary(yTicks.filter(contains(y:)).map { (row($0), yFormat($0)) }, uniquingKeysWith: { a, _ in a })
        let labelWidth = max(tickRows.values.map(\.count).max() ?? 0, 1)
        var lines: [String] = []
        for r in 0..<height {
            let label = tickRows[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            let axis = tickRows[r] != nil ? charset.tickY : charset.vertical
            var line = pad + label + String(axis) + String(cells[r])
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        var axis = String(repeating: " ", count: labelWidth) + String(charset.corner)
        var under = Array(repeating: Character(" "), count: width + 2)
        var ticks = Array(repeating: charset.horizontal, count: width)
        var lastEnd = -1
        for (x, label) in xLabels.sorted(by: { $0.0 < $1.0 }) where contains(x: x) {
            let c = column(x)
            let start = max(0, min(c - label.count / 2, width + 1 - label.count))
            guard start > lastEnd else { continue }
            ticks[c] = charset.tickX
            for (i, ch) in label.enumerated() where start + i < under.count { under[start + i] = ch }
            lastEnd = start + label.count
        }
        axis += String(ticks)
        lines.append(axis)
        var underLine = String(repeating: " ", count: labelWidth + 1) + String(under)
        while underLine.hasSuffix(" ") { underLine.removeLast() }
        lines.append(underLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Compact number labels: integers without decimals, others with one.
    public static func format(_ v: Double) -> String {
        if abs(v - v.rounded()) < 1e-9 { return String(Int(v.rounded())) }
        let s = (v * 10).rounded() / 10
        return String(s)
    }

    /// "Nice" tick values covering a range (1, 2, 5 × 10^k steps), about `count` of them.
    public static func niceTicks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(max(count - 1, 1))
        var mag = 1.0
        while mag * 10 <= raw { mag *= 10 }
        while mag > raw { mag /= 10 }
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = (range.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while t <= range.upperBound + 1e-9 * step {
            out.append(abs(t) < 1e-12 ? 0 : t)
            t += step
        }
        return out
    }
}
