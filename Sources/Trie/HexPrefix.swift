import Primitives

/// Hex-prefix ("compact") encoding of a nibble path, as in the Yellow Paper appendix C: the first
/// nibble carries the flags (2 = leaf, 1 = odd length), so that a path of nibbles packs into bytes
/// and a leaf is told apart from an extension.
public enum HexPrefix {
    /// Encodes `nibbles` (each 0...15) with the leaf flag.
    public static func encode(_ nibbles: [UInt8], isLeaf: Bool) -> [UInt8] {
        let odd = nibbles.count & 1 == 1
        let flag: UInt8 = (isLeaf ? 2 : 0) + (odd ? 1 : 0)
        var out = [UInt8]()
        out.reserveCapacity(nibbles.count / 2 + 1)
        var i = 0
        if odd { out.append(flag << 4 | nibbles[0]); i = 1 } else { out.append(flag << 4) }
        while i < nibbles.count { out.append(nibbles[i] << 4 | nibbles[i + 1]); i += 2 }
        return out
    }

    /// Decodes a hex-prefix path into its nibbles and leaf flag; nil when malformed.
    public static func decode(_ bytes: [UInt8]) -> (nibbles: [UInt8], isLeaf: Bool)? {
        guard let first = bytes.first else { return nil }
        let flag = first >> 4
        guard flag <= 3 else { return nil }
        if flag & 1 == 0 && first & 0xf != 0 { return nil }
        var out = [UInt8]()
        if flag & 1 == 1 { out.append(first & 0xf) }
        for b in bytes.dropFirst() { out.append(b >> 4); out.append(b & 0xf) }
        return (out, flag & 2 == 2)
    }

    /// The encoded length in bytes of a path of `n` nibbles.
    @inlinable
    static func encodedLength(_ n: Int) -> Int { n / 2 + 1 }

    /// Writes the encoding of `key`'s nibbles `start..<end` to `buffer`.
    @inlinable
    static func append(_ key: TrieKey, from start: Int, to end: Int, isLeaf: Bool, to buffer: inout [UInt8]) {
        let n = end - start
        let odd = n & 1 == 1
        let flag: UInt8 = (isLeaf ? 2 : 0) + (odd ? 1 : 0)
        var i = start
        if odd { buffer.append(flag << 4 | UInt8(key.nibble(i))); i += 1 } else { buffer.append(flag << 4) }
        if i & 1 == 0 {
            // Byte-aligned (always so for an even end, e.g. every secure-trie leaf): copy bytes.
            let b = key.bytes
            withUnsafeBytes(of: (b.w0.bigEndian, b.w1.bigEndian, b.w2.bigEndian, b.w3.bigEndian)) {
                buffer.append(contentsOf: $0[(i >> 1)..<(end >> 1)])
            }
            return
        }
        while i < end { buffer.append(UInt8(key.nibble(i) << 4 | key.nibble(i + 1))); i += 2 }
    }
}
