// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCSV

/// How an observations file is read, as the user chose it: the settings every observations
/// reader shares (``ObservationLoader`` for `check`, `change`, `trend`, `flags`, …; the report's
/// streaming reader through ``ReportOptions``). Resolved once from the command line and applied
/// whole, so a new reading option is added in one place.
public struct LoadSettings: Sendable, Equatable {
    /// Field and record length limits of the reader (`CSVLimits`).
    public var limits = CSVLimits()
    /// Encoding, delimiter and decimal separator (`CSVFormat`; nil fields are detected).
    public var format = CSVFormat()
    /// A blank score is an error (`--require-scores`) instead of a skipped "not administered" row.
    public var requireScores = false
    /// How non-ISO dates are written (``DateFormat``; `--date-format`).
    public var dateFormat: DateFormat? = nil
    /// Headers named explicitly (`--column client_id="Client Name"`): canonical name → header text.
    public var columnMap: [String: String] = [:]
    /// CSV, FHIR, or detected from the content (``InputFormat``; `--input-format`).
    public var inputFormat = InputFormat.auto
    /// The file must be a wide sheet (`--wide`); otherwise one is detected (``WideLayout``).
    public var wide = false

    public init(limits: CSVLimits = CSVLimits(), format: CSVFormat = CSVFormat(), requireScores: Bool = false,
                dateFormat: DateFormat? = nil, columnMap: [String: String] = [:], inputFormat: InputFormat = .auto,
                wide: Bool = false) {
        self.limits = limits
        self.format = format
        self.requireScores = requireScores
        self.dateFormat = dateFormat
        self.columnMap = columnMap
        self.inputFormat = inputFormat
        self.wide = wide
    }
}

/// A reader of observations (or its options) holding the seven reading settings as properties;
/// ``settings`` reads or applies them as one ``LoadSettings`` value. One implementation for the
/// general loader, the report's options and its streaming reader.
public protocol ObservationReadSettings {
    var limits: CSVLimits { get set }
    var format: CSVFormat { get set }
    var requireScores: Bool { get set }
    var dateFormat: DateFormat? { get set }
    var columnMap: [String: String] { get set }
    var inputFormat: InputFormat { get set }
    var wide: Bool { get set }
}

extension ObservationReadSettings {
    /// The reading settings, read or applied as one value.
    public var settings: LoadSettings {
        get {
            LoadSettings(limits: limits, format: format, requireScores: requireScores, dateFormat: dateFormat,
                         columnMap: columnMap, inputFormat: inputFormat, wide: wide)
        }
        set {
            limits = newValue.limits
            format = newValue.format
            requireScores = newValue.requireScores
            dateFormat = newValue.dateFormat
            columnMap = newValue.columnMap
            inputFormat = newValue.inputFormat
            wide = newValue.wide
        }
    }
}

extension ObservationLoader: ObservationReadSettings {}
extension ReportOptions: ObservationReadSettings {}
extension ReportReader: ObservationReadSettings {}
