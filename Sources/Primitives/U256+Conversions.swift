/// Text and byte forms of the word: minimal hex (JSON-RPC quantities, test fixtures), decimal,
/// 32-byte big-endian (EVM memory, storage) and minimal big-endian (RLP).
extension U256: CustomStringConvertible {
    /// Decimal, produced 19 digits at a time (10^19 is the largest power of ten in a limb).
    public var description: String {
        if (w1 | w2 | w3) == 0 { return String(w0) }
        var chunks: [UInt64] = []
        var v = self
        while !v.isZero {
            let (q, r) = v.dividedBySmall(10_000_000_000_000_000_000)
            chunks.append(r.w0)
            v = q
        }
        var out = String(chunks.removeLast())
        for c in chunks.reversed() {
            let s = String(c)
            out += String(repeating: "0", count: 19 - s.utf8.count) + s
        }
        return out
    }

    /// Minimal lowercase hex with `0x`: "0x0", "0x1f".
    public var hex: String {
        let digits = Swift.max(1, (bitWidth + 3) >> 2)
        let table: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: digits + 2) { buf in
            buf[0] = UInt8(ascii: "0"); buf[1] = UInt8(ascii: "x")
            table.withUTF8Buffer { t in
                for k in 0..<digits {
                    let nib = Int((self >> ((digits - 1 - k) * 4)).w0 & 0xf)
                    buf[2 + k] = t[nib]
                }
            }
            return digits + 2
        }
    }

    /// Hex with an optional `0x`/`0X` prefix and 1...64 significant digits (leading zeros are
    /// free). Unlike `Hex.decode`, odd lengths are fine: these are quantities, not byte strings.
    public init(hex text: String) throws(ParseError) {
        let d = Hex.digits(text)
        if d.isEmpty { throw .empty }
        var v = U256.zero
        var significant = 0
        var offset = 0
        for c in d {
            guard let n = Hex.nibble(c) else { throw .invalidCharacter(Character(Unicode.Scalar(c)), offset: offset) }
            offset += 1
            if significant == 0 && n == 0 { continue }
            significant += 1
            if significant > 64 { throw .overflow }
            v = v.shiftedLeftUnchecked(4) | U256(UInt64(n))
        }
        self = v
    }

    /// Unsigned decimal digits only; above 2^256 - 1 is `.overflow`.
    public init(decimal text: String) throws(ParseError) {
        if text.utf8.isEmpty { throw .empty }
        var v = U256.zero
        var offset = 0
        for c in text.utf8 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else {
                throw .invalidCharacter(Character(Unicode.Scalar(c)), offset: offset)
            }
            offset += 1
            let (high, low) = v.multipliedFullWidth(by: 10)
            let (sum, carry) = low.addingReportingOverflow(U256(UInt64(c &- UInt8(ascii: "0"))))
            if !high.isZero || carry { throw .overflow }
            v = sum
        }
        self = v
    }

    /// 0...32 big-endian bytes, left-padded with zeros; more than 32 is `nil`.
    @inlinable
    public init?(bigEndian bytes: some Collection<UInt8>) {
        let count = bytes.count
        guard count <= 32 else { return nil }
        var l: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var p = count  // 1 + position from the least significant end
        for b in bytes {
            p -= 1
            let shifted = UInt64(b) << UInt64((p & 7) << 3)
            switch p >> 3 {
            case 0: l.0 |= shifted
            case 1: l.1 |= shifted
            case 2: l.2 |= shifted
            default: l.3 |= shifted
            }
        }
        self.init(w0: l.0, w1: l.1, w2: l.2, w3: l.3)
    }

    /// Always 32 bytes.
    @inlinable
    public var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buf, n in
            store(to: UnsafeMutableRawPointer(buf.baseAddress!))
            n = 32
        }
    }

    /// Without leading zero bytes; empty for zero (RLP's integer encoding).
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        Array(bigEndianBytes.dropFirst(32 - byteWidth))
    }

    /// Reads 32 big-endian bytes at `pointer` (EVM memory, calldata); no alignment needed.
    @inlinable
    public init(loadingFrom pointer: UnsafeRawPointer) {
        self.init(w0: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                  w1: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  w2: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  w3: UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self)))
    }

    /// Writes 32 big-endian bytes at `pointer`.
    @inlinable
    public func store(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: w3.bigEndian, as: UInt64.self)
        pointer.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }
}
