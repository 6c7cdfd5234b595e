import Primitives

/// The few U256 operations the ledger needs, kept local so that the ledger does not depend on
/// which arithmetic extensions `Primitives` has.
enum LedgerWord {
    /// a + b modulo 2^256 (balance deltas are validated by the executor; a wrap is its bug).
    static func add(_ a: U256, _ b: U256) -> U256 {
        let (s0, c0) = a.w0.addingReportingOverflow(b.w0)
        var (s1, c1) = a.w1.addingReportingOverflow(b.w1)
        if c0 { let (t, c) = s1.addingReportingOverflow(1); s1 = t; c1 = c1 || c }
        var (s2, c2) = a.w2.addingReportingOverflow(b.w2)
        if c1 { let (t, c) = s2.addingReportingOverflow(1); s2 = t; c2 = c2 || c }
        var s3 = a.w3 &+ b.w3
        if c2 { s3 = s3 &+ 1 }
        return U256(w0: s0, w1: s1, w2: s2, w3: s3)
    }

    /// Appends `value` as an RLP integer: its minimal big-endian bytes as an RLP string.
    static func appendRLP(_ value: U256, to out: inout [UInt8]) {
        let words = (value.w3, value.w2, value.w1, value.w0)
        let lead: Int
        if words.0 != 0 { lead = words.0.leadingZeroBitCount / 8 }
        else if words.1 != 0 { lead = 8 + words.1.leadingZeroBitCount / 8 }
        else if words.2 != 0 { lead = 16 + words.2.leadingZeroBitCount / 8 }
        else if words.3 != 0 { lead = 24 + words.3.leadingZeroBitCount / 8 }
        else { out.append(0x80); return }
        let n = 32 - lead
        if n == 1 && value.w0 < 0x80 { out.append(UInt8(value.w0)); return }
        out.append(0x80 + UInt8(n))
        withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)) {
            out.append(contentsOf: $0[lead...])
        }
    }

    /// Appends `0xa0 ‖ word`: a 32-byte RLP string.
    static func appendRLP(_ word: Bytes32, to out: inout [UInt8]) {
        out.append(0xa0)
        withUnsafeBytes(of: (word.w0.bigEndian, word.w1.bigEndian, word.w2.bigEndian, word.w3.bigEndian)) {
            out.append(contentsOf: $0)
        }
    }

    /// Total order on words (slots are sorted for dumps).
    static func less(_ a: U256, _ b: U256) -> Bool { (a.w3, a.w2, a.w1, a.w0) < (b.w3, b.w2, b.w1, b.w0) }
}
