import Testing
@testable import Headway

/// SHA-256 and HMAC-SHA256 come from swift-crypto (issue 19); these vectors pin them.
/// SHA-256 vectors: NIST FIPS 180-4 examples (CSRC "SHA256.pdf": "abc", the 448-bit message)
/// and the one-million-"a" vector; HMAC vectors: RFC 4231 §4.2–4.8 (test cases 1–4, 6, 7; case 5
/// is a truncated output). Cross-checked with Python:
/// `hashlib.sha256(b'abc').hexdigest()`, `hmac.new(key, msg, hashlib.sha256).hexdigest()`.
@Suite struct PrivacyTests {
    func hex(_ s: String) -> String { Hex.string(HMACSHA256.sha256(Array(s.utf8))) }

    @Test func sha256FIPSVectors() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Hex.string(HMACSHA256.sha256([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacRFC4231() {
        func mac(_ k: [UInt8], _ m: [UInt8]) -> String { Hex.string(HMACSHA256.authenticate(key: k, message: m)) }
        #expect(mac([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(mac(Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(mac([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50))
                == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
        #expect(mac(Array(1...25), [UInt8](repeating: 0xcd, count: 50))
                == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
        #expect(mac([UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8)).hasPrefix("a3b6167473100ee06e0c796c2955552b"))
        #expect(mac([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        let long = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
        #expect(mac([UInt8](repeating: 0xaa, count: 131), Array(long.utf8))
                == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test func pseudonyms() throws {
        // python3: hmac.new(b'pepper-pepper-pepper', b'C000001', hashlib.sha256).hexdigest()[:16] == '83e702e88d779b85'
        var p = try Pseudonymizer(salt: "pepper-pepper-pepper")
        #expect(p.pseudonym("C000001") == "83e702e88d779b85")
        #expect(p("C000001") == "83e702e88d779b85")
        #expect(p("C000002") != p("C000001"))
        // python3: hmac.new(b'other-salt-16chars', b'C000001', hashlib.sha256).hexdigest()[:16] == '6a8c547875895cf0'
        #expect(try Pseudonymizer(salt: "other-salt-16chars").pseudonym("C000001") == "6a8c547875895cf0")
        #expect(throws: PrivacyError.self) { try Pseudonymizer(salt: "") }
        #expect(throws: PrivacyError.self) { try Pseudonymizer(salt: "x".padding(toLength: 20, withPad: "x", startingAt: 0), length: 4) }
    }

    /// Issue 19: the pseudonyms from swift-crypto's HMAC<SHA256> are those of the hand-written
    /// HMAC it replaced. The SHA-256 of the 1,000 pseudonyms of C000001…C001000 joined by line
    /// feeds, from Python (the old implementation gave the same pseudonyms for the 300 clients of
    /// the sample practice, checked with the previous binary against the same script):
    /// `s = "\n".join(hmac.new(b'pepper-pepper-pepper', ("C%06d" % i).encode(), hashlib.sha256).hexdigest()[:16] for i in range(1, 1001))`;
    /// `hashlib.sha256(s.encode()).hexdigest()` == "d8f3b037…4c8c6931".
    @Test func pseudonymsUnchangedBySwiftCrypto() throws {
        let p = try Pseudonymizer(salt: "pepper-pepper-pepper")
        let joined = (1...1000).map { i -> String in
            let digits = String(i)
            return p.pseudonym("C" + String(repeating: "0", count: 6 - digits.count) + digits)
        }.joined(separator: "\n")
        #expect(Hex.string(HMACSHA256.sha256(Array(joined.utf8))) == "d8f3b03779d1ef5ca918f75713f8e1687c9ffab45167ba6d89bcfef84c8c6931")
    }

    /// Issue 18 item 16: a salt shorter than 16 characters is refused (a one-character salt
    /// used to be accepted silently).
    @Test func shortSaltsAreRefused() throws {
        #expect(Pseudonymizer.minimumSaltLength == 16)
        for short in ["x", "pepper", String(repeating: "s", count: 15), "ééééééééééééééé"] {
            #expect(throws: PrivacyError.self) { try Pseudonymizer(salt: short) }
        }
        #expect(throws: Never.self) { try Pseudonymizer(salt: String(repeating: "s", count: 16)) }
        // Characters, not bytes: 16 accented letters are 32 bytes and 16 characters.
        #expect(throws: Never.self) { try Pseudonymizer(salt: String(repeating: "é", count: 16)) }
    }
}
