/// One record of a CSV file, valid only inside the callback that receives it.
///
/// Fields are views into the reader's buffer: no `String` is built unless
/// asked for. Quoted fields are already unescaped (`""` becomes `"`).
public struct CSVRecord {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let bounds: UnsafeBufferPointer<Int>   // start0, end0, start1, end1, ...

    /// 1-based physical line on which the record starts.
    public let line: Int
    /// Number of fields.
    public let count: Int
    /// Set when the record is malformed (e.g. text after a closing quote).
    /// The reader still delivers it so lenient callers can reject it with its line.
    public let malformed: String?

    @inlinable
    init(base: UnsafePointer<UInt8>, bounds: UnsafeBufferPointer<Int>, line: Int, malformed: String?) {
        self.base = base
        self.bounds = bounds
        self.line = line
        self.count = bounds.count / 2
        self.malformed = malformed
    }

    /// The bytes of field `i` (0-based). Empty for a field beyond `count`.
    @inlinable @inline(__always)
    public subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0, i < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let s = bounds[2 &* i], e = bounds[2 &* i &+ 1]
        return UnsafeBufferPointer(start: base + s, count: e &- s)
    }

    /// Field `i` decoded as UTF-8 (invalid bytes are repaired), or "" beyond `count`.
    public func string(_ i: Int) -> String {
        String(decoding: self[i], as: UTF8.self)
    }

    /// Whether field `i` is absent or contains only spaces.
    @inlinable @inline(__always)
    public func isBlank(_ i: Int) -> Bool {
        let f = self[i]
        for b in f where b != 0x20 && b != 0x09 { return false }
        return true
    }
}
