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
    @Option(name: .customLong("width"), help: "Chart width in columns (at least 30).")
    var width: Int = 80

    @Option(name: .customLong("height"), help: "Chart height in lines (at least 12).")
    var height: Int = 24

    @Option(name: .customLong("charset"), help: "Chart and sparkline characters: unicode or ascii.")
    var charset: ChartCharset = .unicode

    func validate() throws {
        if width < 30 || height < 12 { throw ValidationError("--width must be at least 30 and --height at least 12") }
    }
}
