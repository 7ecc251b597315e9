#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Headway
import HeadwayCharts

/// Writes a clinician's caseload (`Headway.ReviewCaseload`: the pages, their names and the
/// index come from the library) to a directory. I/O only.
enum ReviewCaseloadWriter {
    static func write(context: ReviewContext, clinician: String, directory: String, html: Bool, charset: Charset, width: Int,
                      pseudonymizer: Pseudonymizer?, since: Int?) throws -> Int {
        guard let caseload = ReviewCaseload(context: context, clinician: clinician, html: html, charset: charset, width: width,
                                            pseudonymizer: pseudonymizer, since: since) else {
            Terminal.error("headway: review: no episodes for clinician \(clinician)")
            throw HeadwayExit.invalidData
        }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            Terminal.error("headway: cannot create directory \(directory): \(String(cString: strerror(errno)))")
            throw HeadwayExit.ioError
        }
        for file in caseload.pages + [caseload.index] {
            try Output.atomically(path: directory + "/" + file.name, text: file.text)
        }
        return caseload.pages.count
    }
}
