import ArgumentParser
import HeadwayCharts

/// Characters for charts and sparklines: UTF-8 (default) or plain ASCII for terminals without it.
enum ChartCharset: String, ExpressibleByArgument, CaseIterable {
    case unicode, ascii
    var charset: Charset { self == .ascii ? .ascii : .unicode }
}

/// `--width`, `--height` and `--charset` for the commands that draw a chart per client or measure.
/// The defaults fit an 80×24 terminal.
struct ChartOptions: ParsableArguments {
    @Option(name: .customLong("width"), help: "Chart width in columns (30 to 1000).")
    var width: Int = 80

    @Option(name: .customLong("height"), help: "Chart height in lines (12 to 500).")
    var height: Int = 24

    @Option(name: .customLong("charset"), help: "Chart and sparkline characters: unicode or ascii.")
    var charset: ChartCharset = .unicode

    func validate() throws {
        if !(30...1000).contains(width) { throw ValidationError("--width must be between 30 and 1000") }
        if !(12...500).contains(height) { throw ValidationError("--height must be between 12 and 500") }
    }
}
