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
