/// A problem in a CSV input, located by file, physical line and column.
///
/// `line` is the 1-based physical line where the problem is (for a record that
/// spans lines because of a quoted newline, the line where the record starts);
/// `column` is the 1-based field number within the record (0 when the problem
/// concerns the whole record or file).
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String

    public init(file: String, line: Int, column: Int, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: reason`, the format compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// Length limits of the CSV reader, which bound its memory whatever the input.
///
/// Defaults: 65,536 bytes per field (64 KiB; ids, scores and dates are far shorter, and a
/// free-text column of a few pages still fits) and 1,048,576 bytes per record (1 MiB).
/// Commands raise them with `--max-field-bytes N` and `--max-record-bytes N`. A field over
/// its limit makes its row malformed (rejected, or the error in strict mode); a record over
/// its limit stops the read with `file:line:0`, since it cannot be held in memory. The
/// record limit is never below the field limit.
public struct CSVLimits: Sendable, Equatable {
    public static let defaultMaxFieldBytes = 1 << 16
    public static let defaultMaxRecordBytes = 1 << 20
    public var maxFieldBytes: Int
    public var maxRecordBytes: Int

    public init(maxFieldBytes: Int = CSVLimits.defaultMaxFieldBytes, maxRecordBytes: Int = CSVLimits.defaultMaxRecordBytes) {
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.maxRecordBytes = max(self.maxFieldBytes, maxRecordBytes)
    }
}
