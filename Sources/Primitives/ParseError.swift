/// Why a textual value (hex or decimal) could not be read. Every parser in this package reports
/// one of these instead of trapping, so hostile input becomes a clear message.
public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An odd number of hex digits where whole bytes were expected.
    case oddLength(Int)
    /// A character that is not a digit of the expected base, at this offset (after any `0x`).
    case invalidCharacter(Character, offset: Int)
    /// A fixed-width value (address, hash) with the wrong number of bytes.
    case wrongWidth(expected: Int, got: Int)
    /// The number does not fit in the target type (for example above 2^256 - 1).
    case overflow
    /// Nothing to parse.
    case empty

    public var description: String {
        switch self {
        case .oddLength(let n): return "odd number of hex digits (\(n))"
        case .invalidCharacter(let c, let offset): return "invalid character '\(c)' at offset \(offset)"
        case .wrongWidth(let expected, let got): return "expected \(expected) bytes, got \(got)"
        case .overflow: return "number too large"
        case .empty: return "empty value"
        }
    }
}
