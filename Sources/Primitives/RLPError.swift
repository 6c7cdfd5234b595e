/// Why an RLP decoding was rejected. Every case names the offset (from the start of the input)
/// of the header that is at fault, so a bad transaction or node can be pinpointed.
public enum RLPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all.
    case emptyInput
    /// The item whose header starts at `offset` needs `needed` bytes but only `available`
    /// remain in the input or in its enclosing list.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A single byte below 0x80 written as a one-byte string (0x81 xx); it must be the byte itself.
    case nonCanonicalSingleByte(offset: Int)
    /// The long form (0xb8…/0xf8…) for a payload shorter than 56 bytes.
    case nonCanonicalLongForm(offset: Int)
    /// A long-form length with a leading zero byte.
    case leadingZeroInLength(offset: Int)
    /// A long-form length that does not fit in a machine integer.
    case lengthOverflow(offset: Int)
    /// Bytes left over after the one top-level item, starting at `offset`.
    case trailingBytes(offset: Int)
    /// Lists nested deeper than `RLP.maxDepth`; the list at `offset` is one too many.
    case tooDeep(offset: Int)

    public var description: String {
        switch self {
        case .emptyInput: return "RLP: empty input"
        case .truncated(let o, let n, let a): return "RLP: item at \(o) needs \(n) bytes, \(a) available"
        case .nonCanonicalSingleByte(let o): return "RLP: single byte < 0x80 wrapped in a string header at \(o)"
        case .nonCanonicalLongForm(let o): return "RLP: long length form for a payload < 56 bytes at \(o)"
        case .leadingZeroInLength(let o): return "RLP: length with a leading zero byte at \(o)"
        case .lengthOverflow(let o): return "RLP: length too large at \(o)"
        case .trailingBytes(let o): return "RLP: trailing bytes after the item, from \(o)"
        case .tooDeep(let o): return "RLP: lists nested deeper than \(RLP.maxDepth) at \(o)"
        }
    }
}
