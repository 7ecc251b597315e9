// SPDX-License-Identifier: GPL-3.0-or-later
// SHA-256 and HMAC-SHA256 from swift-crypto (apple/swift-crypto: CryptoKit's API, BoringSSL on
// Linux), for keyed pseudonyms of client ids. Headway no longer carries its own SHA-256.
import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The message the command-line tool prints (issue 19: errors as LocalizedError).
extension PrivacyError: LocalizedError {
    public var errorDescription: String? { description }
}

/// HMAC (RFC 2104; FIPS 198-1) with SHA-256 (FIPS 180-4), from swift-crypto's `HMAC<SHA256>`.
/// Tested against the FIPS 180-4 example vectors and the RFC 4231 test cases.
public enum HMACSHA256 {
    /// HMAC-SHA256(key, message): 32 bytes.
    public static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// SHA-256(bytes): 32 bytes.
    public static func sha256<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        Array(SHA256.hash(data: Array(bytes)))
    }
}

/// Lower-case hexadecimal text of bytes.
public enum Hex {
    public static func string(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
