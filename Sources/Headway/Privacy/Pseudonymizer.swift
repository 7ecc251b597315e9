// SPDX-License-Identifier: GPL-3.0-or-later
// Keyed pseudonyms for client ids in per-episode outputs.

/// Replaces client ids by keyed hashes so that files can be joined without showing identities.
///
/// pseudonym = the first ``length`` hex digits of HMAC-SHA256(key: UTF-8 salt, message: UTF-8 client id)
/// (RFC 2104 / RFC 4231). With a secret salt the mapping cannot be reversed or recomputed by someone
/// without the salt (a plain unkeyed hash of a short id could be, by trying every id). The same salt
/// gives the same pseudonym in every file and command. 16 hex digits = 64 bits: the chance of any
/// collision among a million clients is about n²/2⁶⁵ ≈ 3·10⁻⁸.
public struct Pseudonymizer: Sendable {
    public static let defaultLength = 16
    /// The shortest salt accepted, in characters. The salt is the only secret: whoever can
    /// guess it recomputes every pseudonym from a list of candidate ids, so a salt must be too
    /// long to try (16 random characters from a 62-letter alphabet are about 95 bits).
    public static let minimumSaltLength = 16
    public let salt: [UInt8]
    public let length: Int
    private var cache: [String: String] = [:]

    /// - Throws: ``PrivacyError`` for a salt shorter than ``minimumSaltLength`` characters
    ///   (an empty one included) or a length outside 8…64.
    public init(salt: String, length: Int = Pseudonymizer.defaultLength) throws {
        guard !salt.isEmpty else { throw PrivacyError.invalid("the salt must not be empty") }
        guard salt.count >= Self.minimumSaltLength else {
            throw PrivacyError.invalid("the salt has \(salt.count) character\(salt.count == 1 ? "" : "s"); it must have at least \(Self.minimumSaltLength) (a short salt can be guessed, and then every pseudonym recomputed from candidate ids)")
        }
        guard (8...64).contains(length) else { throw PrivacyError.invalid("the pseudonym length must be 8–64 hex digits (got \(length))") }
        self.salt = Array(salt.utf8)
        self.length = length
    }

    /// The pseudonym of one client id.
    public func pseudonym(_ clientID: String) -> String {
        String(Hex.string(HMACSHA256.authenticate(key: salt, message: Array(clientID.utf8))).prefix(length))
    }

    /// As ``pseudonym(_:)``, remembering ids already seen (ids repeat across rows).
    public mutating func callAsFunction(_ clientID: String) -> String {
        if let p = cache[clientID] { return p }
        let p = pseudonym(clientID)
        cache[clientID] = p
        return p
    }
}

public enum PrivacyError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    public var description: String { if case .invalid(let m) = self { return m }; return "" }
}
