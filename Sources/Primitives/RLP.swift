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

/// The header of one item: where its payload starts, how long it is, and whether it is a list.
struct RLPHeader {
    var isList: Bool
    var payloadStart: Int
    var payloadLength: Int
    /// The item is a single byte < 0x80 that is its own encoding.
    var isSingleByte: Bool
}

/// A cursor over an input array that reads canonical items and reports errors by offset.
struct RLPDecoder {
    let input: [UInt8]
    var position = 0

    init(_ input: [UInt8]) { self.input = input }

    /// Reads the header at `position`; the item must end at or before `end`.
    mutating func header(end: Int) throws(RLPError) -> RLPHeader {
        let start = position
        guard start < end else { throw .truncated(offset: start, needed: 1, available: 0) }
        let prefix = input[start]
        var header = RLPHeader(isList: prefix >= 0xc0, payloadStart: start + 1, payloadLength: 0, isSingleByte: false)
        switch prefix {
        case 0x00..<0x80:
            header.isSingleByte = true
            header.payloadStart = start
            header.payloadLength = 1
        case 0x80...0xb7, 0xc0...0xf7:
            header.payloadLength = Int(prefix) - (prefix >= 0xc0 ? 0xc0 : 0x80)
        default:
            let k = Int(prefix) - (prefix >= 0xc0 ? 0xf7 : 0xb7)
            guard end - (start + 1) >= k else {
                throw .truncated(offset: start, needed: 1 + k, available: end - start)
            }
            if input[start + 1] == 0 { throw .leadingZeroInLength(offset: start) }
            var length: UInt64 = 0
            for i in 0..<k { length = length << 8 | UInt64(input[start + 1 + i]) }
            guard length <= UInt64(Int.max / 2) else { throw .lengthOverflow(offset: start) }
            if length < 56 { throw .nonCanonicalLongForm(offset: start) }
            header.payloadStart = start + 1 + k
            header.payloadLength = Int(length)
        }
        let available = end - header.payloadStart
        if header.payloadLength > available {
            throw .truncated(offset: start, needed: header.payloadStart - start + header.payloadLength, available: end - start)
        }
        if !header.isList, !header.isSingleByte, header.payloadLength == 1, input[header.payloadStart] < 0x80 {
            throw .nonCanonicalSingleByte(offset: start)
        }
        return header
    }

    /// Reads one whole item at `position` that ends at or before `end`.
    mutating func item(end: Int, depth: Int) throws(RLPError) -> RLPItem {
        let start = position
        let h = try header(end: end)
        let payloadEnd = h.payloadStart + h.payloadLength
        guard h.isList else {
            position = payloadEnd
            return .bytes(Array(input[h.payloadStart..<payloadEnd]))
        }
        guard depth < RLP.maxDepth else { throw .tooDeep(offset: start) }
        position = h.payloadStart
        var items: [RLPItem] = []
        while position < payloadEnd {
            items.append(try item(end: payloadEnd, depth: depth + 1))
        }
        return .list(items)
    }
}
