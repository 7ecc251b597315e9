#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Headway
import HeadwayCharts

/// Writes a clinician's caseload: one page per client and an index (I/O only; the pages and
/// the order come from the library).
enum ReviewCaseload {
    static func write(context: ReviewContext, clinician: String, directory: String, html: Bool, charset: Charset, width: Int,
                      pseudonymizer: Pseudonymizer?, since: Int?) throws -> Int {
        let keys = context.caseload(clinician: clinician)
        guard !keys.isEmpty else {
            Terminal.error("headway: review: no episodes for clinician \(clinician)")
            throw HeadwayExit.invalidData
        }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            Terminal.error("headway: cannot create directory \(directory): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        var entries: [ReviewIndexEntry] = []
        var used = Set<String>()
        let ext = html ? "html" : "txt"
        for key in keys {
            guard let page = context.page(client: key.clientID, episode: key.episodeID, since: since) else { continue }
            let label = pseudonymizer.map { $0.pseudonym(key.clientID) } ?? key.clientID
            // File names keep letters, digits, '-' and '_' (the page itself shows the id unchanged).
            let safe = String((label + "-" + key.episodeID).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
            var name = safe + "." + ext
            var n = 2
            while used.contains(name) { name = "\(safe)-\(n).\(ext)"; n += 1 }
            used.insert(name)
            let text = html ? ReviewHTML.page(page, clientLabel: label) : ReviewText.render(page, charset: charset, width: width, clientLabel: label)
            try Output.atomically(path: directory + "/" + name, text: text)
            entries.append(ReviewIndexEntry(page: page, label: label, file: name))
        }
        let index = html ? ReviewIndex.html(entries, clinician: clinician, asOf: context.asOf)
                         : ReviewIndex.text(entries, clinician: clinician, asOf: context.asOf)
        try Output.atomically(path: directory + "/index." + ext, text: index)
        return entries.count
    }
}
