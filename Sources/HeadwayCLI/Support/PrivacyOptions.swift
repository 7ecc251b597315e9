import ArgumentParser
import Headway

/// `--pseudonymize --salt S`: client ids in per-episode outputs become keyed hashes
/// (the first 16 hex digits of HMAC-SHA256(salt, client_id)), so files from different
/// commands can be joined without showing identities. The salt may also come from the
/// HEADWAY_SALT environment variable (it then stays out of shell history and process lists).
/// A salt shorter than 16 characters (``Pseudonymizer/minimumSaltLength``) is refused.
struct PrivacyOptions: ParsableArguments {
    @Flag(name: .customLong("pseudonymize"), help: "Replace client ids by keyed hashes: HMAC-SHA256(salt, client_id), first 16 hex digits.")
    var pseudonymize = false

    @Option(name: .customLong("salt"), help: ArgumentHelp("Secret key for --pseudonymize, at least 16 characters (or set HEADWAY_SALT).", valueName: "S"))
    var salt: String?

    var resolvedSalt: String? { salt ?? Terminal.environment("HEADWAY_SALT").flatMap { $0.isEmpty ? nil : $0 } }

    func validate() throws {
        if pseudonymize && resolvedSalt == nil { throw ValidationError("--pseudonymize needs --salt S (or the HEADWAY_SALT environment variable)") }
        if salt != nil && !pseudonymize { throw ValidationError("--salt needs --pseudonymize") }
        _ = try pseudonymizer()   // a salt shorter than Pseudonymizer.minimumSaltLength fails before any work
    }

    func pseudonymizer() throws -> Pseudonymizer? {
        guard pseudonymize, let s = resolvedSalt else { return nil }
        do { return try Pseudonymizer(salt: s) } catch { throw ValidationError("\(error)") }
    }

    /// Episodes with pseudonymous client ids (unchanged without --pseudonymize).
    func apply(_ episodes: [Episode]) throws -> [Episode] {
        guard var p = try pseudonymizer() else { return episodes }
        var out = episodes
        for i in out.indices { out[i].key.clientID = p(out[i].key.clientID) }
        return out
    }

    /// Goals with pseudonymous client ids.
    func apply(_ goals: [GoalRecord]) throws -> [GoalRecord] {
        guard var p = try pseudonymizer() else { return goals }
        var out = goals
        for i in out.indices { out[i].episode.clientID = p(out[i].episode.clientID) }
        return out
    }
}
