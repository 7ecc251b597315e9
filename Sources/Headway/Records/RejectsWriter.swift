import HeadwayCSV

/// Writes rejected rows as CSV: `line,column,field,reason` followed by the
/// original columns, so a user can fix the rows, drop the first four columns
/// and load them again.
public enum RejectsFile {
    public static func write(_ rejections: [Rejection], originalHeader: [String], to writer: CSVWriter) throws {
        try writer.row(["line", "column", "field", "reason"] + originalHeader)
        for r in rejections {
            writer.field(r.line)
            writer.field(r.column)
            writer.field(r.field)
            writer.field(r.reason)
            for f in r.raw { writer.field(f) }
            try writer.endRecord()
        }
        try writer.flush()
    }
}
