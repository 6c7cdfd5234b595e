import Primitives

/// The 2048-bit logs bloom of a receipt or a block: for the address and each topic, three
/// bits chosen by keccak of the value (bytes 0-1, 2-3, 4-5 of the hash, mod 2048).
public struct Bloom: Equatable, Sendable {
    public private(set) var bytes: [UInt8] = [UInt8](repeating: 0, count: 256)

    public init() {}

    public init(logs: [Log]) {
        for log in logs { add(log) }
    }

    public mutating func add(_ log: Log) {
        insert(log.address.bytes)
        for t in log.topics { insert(t.bytes) }
    }

    public mutating func insert(_ value: [UInt8]) {
        let h = Keccak256.hash(value)
        for i in stride(from: 0, to: 6, by: 2) {
            let bit = (Int(h[byte: i]) << 8 | Int(h[byte: i + 1])) & 2047
            bytes[255 - bit / 8] |= UInt8(1) << UInt8(bit % 8)
        }
    }

    public mutating func formUnion(_ other: Bloom) {
        for i in 0..<256 { bytes[i] |= other.bytes[i] }
    }

    public var hex: String { Hex.encode(bytes) }
}
