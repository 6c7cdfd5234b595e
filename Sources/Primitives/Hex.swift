/// Hex text ↔ bytes. Decoding is strict: an optional `0x`/`0X` prefix, then an even number of hex
/// digits; anything else is a `ParseError`, never a trap.
public enum Hex {
    @inlinable
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// The digits of `text` after an optional `0x` prefix, as UTF-8 bytes.
    @inlinable
    static func digits(_ text: String) -> Substring.UTF8View {
        let s = Substring(text)
        if s.utf8.count >= 2, s.utf8.first == UInt8(ascii: "0"),
           let x = s.utf8.dropFirst().first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            return s.dropFirst(2).utf8
        }
        return s.utf8
    }

    /// Decodes hex text (with or without `0x`) into bytes.
    public static func decode(_ text: String) throws(ParseError) -> [UInt8] {
        let d = digits(text)
        if d.count % 2 != 0 { throw .oddLength(d.count) }
        var out = [UInt8]()
        out.reserveCapacity(d.count / 2)
        var high: UInt8 = 0
        var offset = 0
        for c in d {
            guard let v = nibble(c) else { throw .invalidCharacter(Character(Unicode.Scalar(c)), offset: offset) }
            if offset & 1 == 0 { high = v } else { out.append(high << 4 | v) }
            offset += 1
        }
        return out
    }

    /// Lowercase hex with a `0x` prefix.
    public static func encode<C: Collection>(_ bytes: C, prefix: Bool = true) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2 + 2)
        append(bytes, to: &out, prefix: prefix)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends lowercase hex digits (with `0x` when `prefix`) to a byte buffer: for writers that
    /// build large outputs without a String per value.
    @inlinable
    public static func append<C: Collection>(_ bytes: C, to out: inout [UInt8], prefix: Bool = true) where C.Element == UInt8 {
        if prefix { out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "x")) }
        for b in bytes {
            out.append(digit(b >> 4))
            out.append(digit(b & 0xf))
        }
    }

    @inlinable
    static func digit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ v &- 10 }
}
