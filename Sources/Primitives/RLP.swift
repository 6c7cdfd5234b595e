/// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
///
/// Encoding is total. Decoding is strict: only the one canonical encoding of a value is
/// accepted, because hashes (transaction ids, trie nodes) are taken over encodings and two
/// encodings of one value would give two hashes.
public enum RLP {
    /// Deepest list nesting the decoder accepts. Real Ethereum data nests a handful of levels;
    /// the limit keeps hostile input (e.g. 100 000 × 0xc1) from exhausting a thread's stack.
    public static let maxDepth = 256

    // MARK: Encoding

    /// The canonical encoding of `item`, written into one exactly sized array.
    public static func encode(_ item: RLPItem) -> [UInt8] {
        let total = encodedLength(item)
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            var p = buffer.baseAddress!
            write(item, to: &p)
            count = total
        }
    }

    /// The canonical encoding of a byte string.
    @inlinable
    public static func encode(bytes: some Collection<UInt8>) -> [UInt8] {
        var w = RLPWriter()
        w.appendBytes(bytes)
        return w.bytes
    }

    /// The canonical encoding of an integer: minimal big-endian bytes, zero as the empty string.
    @inlinable
    public static func encode(_ value: UInt64) -> [UInt8] {
        var w = RLPWriter()
        w.append(value)
        return w.bytes
    }

    /// The canonical encoding of a 256-bit integer: minimal big-endian bytes, zero as 0x80.
    @inlinable
    public static func encode(_ value: U256) -> [UInt8] {
        var w = RLPWriter()
        w.append(value)
        return w.bytes
    }

    /// Bytes needed to write a header for a payload of `length` bytes (not the single-byte case).
    @inlinable
    static func headerLength(_ length: Int) -> Int {
        length < 56 ? 1 : 1 + byteCount(UInt64(length))
    }

    /// Bytes in the minimal big-endian form of `v` (0 for 0).
    @inlinable
    static func byteCount(_ v: UInt64) -> Int { (64 &- v.leadingZeroBitCount &+ 7) &>> 3 }

    static func payloadLength(_ item: RLPItem) -> Int {
        switch item {
        case .bytes(let b): return b.count
        case .list(let l):
            var n = 0
            for x in l { n += encodedLength(x) }
            return n
        }
    }

    static func encodedLength(_ item: RLPItem) -> Int {
        if case .bytes(let b) = item, b.count == 1, b[0] < 0x80 { return 1 }
        let n = payloadLength(item)
        return headerLength(n) + n
    }

    static func writeHeader(_ length: Int, offset: UInt8, to p: inout UnsafeMutablePointer<UInt8>) {
        if length < 56 {
            p.pointee = offset &+ UInt8(length); p += 1
            return
        }
        let k = byteCount(UInt64(length))
        p.pointee = offset &+ 55 &+ UInt8(k); p += 1
        for i in stride(from: k - 1, through: 0, by: -1) {
            p.pointee = UInt8(truncatingIfNeeded: length >> (8 * i)); p += 1
        }
    }

    static func write(_ item: RLPItem, to p: inout UnsafeMutablePointer<UInt8>) {
        switch item {
        case .bytes(let b):
            if b.count == 1, b[0] < 0x80 { p.pointee = b[0]; p += 1; return }
            writeHeader(b.count, offset: 0x80, to: &p)
            b.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { p.update(from: base, count: src.count) }
            }
            p += b.count
        case .list(let l):
            writeHeader(payloadLength(item), offset: 0xc0, to: &p)
            for x in l { write(x, to: &p) }
        }
    }

    // MARK: Decoding

    /// Decodes exactly one item spanning all of `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(RLPError) -> RLPItem {
        guard !bytes.isEmpty else { throw .emptyInput }
        var decoder = RLPDecoder(bytes)
        let item = try decoder.item(end: bytes.count, depth: 0)
        if decoder.position != bytes.count { throw .trailingBytes(offset: decoder.position) }
        return item
    }
}
