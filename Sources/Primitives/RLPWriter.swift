/// Appends RLP straight into one growing byte array: the hot-path encoder for trie nodes,
/// account leaves, receipts and transactions, with no intermediate `RLPItem` tree.
///
/// Lists are written by reserving a one-byte header (`beginList`) and patching it when the list
/// ends (`endList`); a payload of 56 bytes or more needs a longer header, and then the payload
/// is moved right by the few extra bytes. Most lists in Ethereum data are short or are written
/// once, so that move is rare and cheap compared with computing lengths in a first pass.
@frozen
public struct RLPWriter: Sendable {
    /// The encoding so far.
    public var bytes: [UInt8]

    @inlinable
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes the header for a string or list payload of `length` bytes (`base` 0x80 or 0xc0).
    @inlinable
    mutating func appendHeader(_ length: Int, base: UInt8) {
        if length < 56 {
            bytes.append(base &+ UInt8(truncatingIfNeeded: length))
            return
        }
        let k = RLP.byteCount(UInt64(length))
        bytes.append(base &+ 55 &+ UInt8(truncatingIfNeeded: k))
        var shift = (k &- 1) &* 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: length &>> shift))
            shift &-= 8
        }
    }

    /// A byte-string item (a single byte below 0x80 is its own encoding).
    @inlinable
    public mutating func appendBytes(_ value: some Collection<UInt8>) {
        let n = value.count
        if n == 1, let b = value.first, b < 0x80 {
            bytes.append(b)
            return
        }
        appendHeader(n, base: 0x80)
        bytes.append(contentsOf: value)
    }

    /// An unsigned integer: minimal big-endian bytes, zero as the empty string 0x80.
    @inlinable
    public mutating func append(_ value: UInt64) {
        if value < 0x80 && value != 0 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        let k = RLP.byteCount(value)
        bytes.append(0x80 &+ UInt8(truncatingIfNeeded: k))
        var shift = (k &- 1) &* 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value &>> UInt64(shift)))
            shift &-= 8
        }
    }

    /// A 256-bit unsigned integer: minimal big-endian bytes, zero as 0x80.
    @inlinable
    public mutating func append(_ value: U256) {
        if (value.w1 | value.w2 | value.w3) == 0 {
            append(value.w0)
            return
        }
        let top: Int = value.w3 != 0 ? 3 : (value.w2 != 0 ? 2 : 1)
        let topLimb = top == 3 ? value.w3 : (top == 2 ? value.w2 : value.w1)
        let topBytes = RLP.byteCount(topLimb)
        bytes.append(0x80 &+ UInt8(truncatingIfNeeded: top &* 8 &+ topBytes))
        var shift = (topBytes &- 1) &* 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: topLimb &>> UInt64(shift)))
            shift &-= 8
        }
        // The full limbs below the top one, most significant first.
        if top == 3 { appendWord(value.w2) }
        if top >= 2 { appendWord(value.w1) }
        appendWord(value.w0)
    }

    /// Eight big-endian bytes, no header.
    @inlinable
    mutating func appendWord(_ w: UInt64) {
        withUnsafeBytes(of: w.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// A 32-byte string (hashes, roots): 0xa0 then the bytes.
    @inlinable
    public mutating func append(_ value: Bytes32) {
        bytes.append(0xa0)
        appendWord(value.w0); appendWord(value.w1); appendWord(value.w2); appendWord(value.w3)
    }

    /// A 20-byte string: 0x94 then the address.
    @inlinable
    public mutating func append(_ value: Address) {
        bytes.append(0x94)
        appendWord(value.hi); appendWord(value.mid)
        withUnsafeBytes(of: value.lo.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Bytes that are already a complete RLP encoding (an embedded trie node, a cached leaf).
    @inlinable
    public mutating func appendRaw(_ encoded: some Collection<UInt8>) {
        bytes.append(contentsOf: encoded)
    }

    /// Starts a list; pass the returned token to `endList` once its items are appended.
    @inlinable
    public mutating func beginList() -> Int {
        bytes.append(0xc0)
        return bytes.count &- 1
    }

    /// Ends the list started by `token`, writing its header and moving the payload right when
    /// the header needs the long form.
    @inlinable
    public mutating func endList(_ token: Int) {
        let length = bytes.count &- token &- 1
        if length < 56 {
            bytes[token] = 0xc0 &+ UInt8(truncatingIfNeeded: length)
            return
        }
        let k = RLP.byteCount(UInt64(length))
        bytes.insert(contentsOf: repeatElement(0, count: k), at: token &+ 1)
        bytes[token] = 0xf7 &+ UInt8(truncatingIfNeeded: k)
        for i in 0..<k {
            bytes[token &+ 1 &+ i] = UInt8(truncatingIfNeeded: length &>> ((k &- 1 &- i) &* 8))
        }
    }

    /// Writes a list whose items `body` appends.
    @inlinable
    public mutating func withList(_ body: (inout RLPWriter) throws -> Void) rethrows {
        let token = beginList()
        try body(&self)
        endList(token)
    }
}
