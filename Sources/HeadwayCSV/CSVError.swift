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
