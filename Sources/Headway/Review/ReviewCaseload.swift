// SPDX-License-Identifier: GPL-3.0-or-later
import HeadwayCharts

/// A clinician's caseload as files (docs/review.md): one page per client, for the client's
/// latest episode seen by the clinician (``ReviewContext/caseload(clinician:)``, sorted by
/// client), and an index ordered by ``ReviewIndex`` (red first). The caller writes them to a
/// directory.
public struct ReviewCaseload: Sendable {
    /// One file of the caseload: its name, relative to the directory, and its text.
    public struct File: Sendable, Equatable {
        public var name: String
        public var text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// The client pages, in caseload order (an episode without a page is left out).
    public var pages: [File]
    /// The index: `index.html`, or `index.txt` for text pages.
    public var index: File

    /// The caseload of `clinician`, or `nil` when the clinician has no episodes. Pages are HTML
    /// (``ReviewHTML``) or text at `width` in `charset` (``ReviewText``); clients are shown by
    /// their pseudonym when a `pseudonymizer` is given, else by their id.
    public init?(context: ReviewContext, clinician: String, html: Bool, charset: Charset = .unicode, width: Int = 80,
                 pseudonymizer: Pseudonymizer? = nil, since: Int? = nil) {
        let keys = context.caseload(clinician: clinician)
        guard !keys.isEmpty else { return nil }
        var entries: [ReviewIndexEntry] = []
        var pages: [File] = []
        var used = Set<String>()
        let ext = html ? "html" : "txt"
        for key in keys {
            guard let page = context.page(client: key.clientID, episode: key.episodeID, since: since) else { continue }
            let label = pseudonymizer.map { $0.pseudonym(key.clientID) } ?? key.clientID
            let name = Self.fileName(label: label, episode: key.episodeID, extension: ext, taken: &used)
            let text = html ? ReviewHTML.page(page, clientLabel: label) : ReviewText.render(page, charset: charset, width: width, clientLabel: label)
            pages.append(File(name: name, text: text))
            entries.append(ReviewIndexEntry(page: page, label: label, file: name))
        }
        self.pages = pages
        index = File(name: "index." + ext,
                     text: html ? ReviewIndex.html(entries, clinician: clinician, asOf: context.asOf)
                                : ReviewIndex.text(entries, clinician: clinician, asOf: context.asOf))
    }

    /// A page's file name: `label-episode.ext`, keeping ASCII letters, digits, `-` and `_` (any
    /// other character becomes `_`; the page itself shows the id unchanged), with `-2`, `-3`, …
    /// before the extension when the name is already in `taken`. The name is added to `taken`.
    public static func fileName(label: String, episode: String, extension ext: String, taken: inout Set<String>) -> String {
        let safe = String((label + "-" + episode).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        var name = safe + "." + ext
        var n = 2
        while taken.contains(name) { name = "\(safe)-\(n).\(ext)"; n += 1 }
        taken.insert(name)
        return name
    }
}
