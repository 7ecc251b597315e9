/// The characters a chart draws with: UTF-8 (default) or plain ASCII for old terminals.
public struct Charset: Sendable, Equatable {
    public var horizontal: Character
    public var vertical: Character
    public var corner: Character
    public var tickX: Character
    public var tickY: Character
    public var dashedHorizontal: Character
    public var dashedVertical: Character
    public var band: Character
    public var line: Character
    public var sparkBlocks: [Character]

    public static let unicode = Charset(
        horizontal: "─", vertical: "│", corner: "└", tickX: "┬", tickY: "┤",
        dashedHorizontal: "╌", dashedVertical: "┊", band: "·", line: "∙",
        sparkBlocks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])

    public static let ascii = Charset(
        horizontal: "-", vertical: "|", corner: "+", tickX: "+", tickY: "+",
        dashedHorizontal: "=", dashedVertical: ":", band: ".", line: ".",
        sparkBlocks: ["_", ".", "-", "~", "=", "+", "*", "#"])
}
