/// One RLP value: a byte string or a list of values. This is the general, allocating tree form
/// used for decoding and for tests; hot paths that only produce RLP use `RLPWriter` instead.
public indirect enum RLPItem: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLPItem])

    /// The payload when this is a byte string.
    @inlinable
    public var bytesValue: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    /// The items when this is a list.
    @inlinable
    public var listValue: [RLPItem]? {
        if case .list(let l) = self { return l }
        return nil
    }
}
