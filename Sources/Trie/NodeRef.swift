import Primitives

/// How a parent refers to a child node: the keccak of the child's RLP when that RLP is 32 bytes or
/// longer, else the RLP itself ("inline"). Held in 33 bytes with no allocation, so that every node
/// can cache its own reference.
@frozen
public struct NodeRef: Equatable, Sendable {
    /// The hash, or the inline RLP left-aligned in the 32 bytes.
    public var storage: Bytes32
    /// 32 for a hash; 1...31 for inline RLP; `NodeRef.invalidLength` when not computed.
    public var length: UInt8

    @usableFromInline static let invalidLength: UInt8 = 0xff

    @inlinable
    public init(hash: Bytes32) { storage = hash; length = 32 }

    @inlinable
    init(storage: Bytes32, length: UInt8) { self.storage = storage; self.length = length }

    /// The reference of an absent child: the empty string, RLP `0x80`.
    public static let empty = NodeRef(storage: Bytes32(w0: 0x80 << 56, w1: 0, w2: 0, w3: 0), length: 1)

    @usableFromInline static let invalid = NodeRef(storage: .zero, length: invalidLength)

    @inlinable
    public var isHash: Bool { length == 32 }
    @inlinable
    public var isValid: Bool { length != NodeRef.invalidLength }
    @inlinable
    public var isEmpty: Bool { self == NodeRef.empty }

    /// The bytes this reference occupies inside the parent's RLP: `0xa0 ‖ hash` or the inline RLP.
    @inlinable
    public var encodedLength: Int { length == 32 ? 33 : Int(length) }

    @inlinable
    func append(to buffer: inout [UInt8]) {
        if length == 32 {
            buffer.append(0xa0)
            withUnsafeBytes(of: (storage.w0.bigEndian, storage.w1.bigEndian, storage.w2.bigEndian, storage.w3.bigEndian)) {
                buffer.append(contentsOf: $0)
            }
        } else {
            for i in 0..<Int(length) { buffer.append(storage[byte: i]) }
        }
    }

    /// Writes the bytes `append(to:)` would append at `p` and returns their count. Always stores
    /// 32 bytes past the tag (an inline reference's tail is garbage the caller overwrites or drops),
    /// so `p` needs 33 writable bytes.
    @inlinable
    func write(to p: UnsafeMutableRawPointer) -> Int {
        var q = p
        if length == 32 { q.storeBytes(of: 0xa0, as: UInt8.self); q += 1 }
        q.storeBytes(of: storage.w0.bigEndian, toByteOffset: 0, as: UInt64.self)
        q.storeBytes(of: storage.w1.bigEndian, toByteOffset: 8, as: UInt64.self)
        q.storeBytes(of: storage.w2.bigEndian, toByteOffset: 16, as: UInt64.self)
        q.storeBytes(of: storage.w3.bigEndian, toByteOffset: 24, as: UInt64.self)
        return encodedLength
    }

    /// The root hash a trie with this root reference has: the hash itself, or the keccak of an
    /// inline root (a tiny trie whose root RLP is under 32 bytes is still hashed at the top).
    public func rootHash(_ context: inout HashContext) -> Bytes32 {
        if length == 32 { return storage }
        var buf: [UInt8] = []
        append(to: &buf)
        return context.hash(buf)
    }
}
