import Foundation
import Primitives

/// A small streaming JSON writer: one space of indentation per level (as Python's
/// `json.dumps(indent=1)`, the oracle's layout), members in the order written. It exists so
/// output is deterministic and fast for 100,000-transaction blocks, which JSONSerialization is not.
public struct JSONWriter {
    public private(set) var buffer: [UInt8] = []
    /// For each open container: whether it has a member yet.
    private var hasMember: [Bool] = []
    private var afterKey = false

    public init() { buffer.reserveCapacity(1 << 16) }

    public var data: Data { Data(buffer) }
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    private mutating func indent() {
        buffer.append(UInt8(ascii: "\n"))
        for _ in 0..<hasMember.count { buffer.append(UInt8(ascii: " ")) }
    }

    /// Separator and indentation before a value or key.
    private mutating func prepareValue() {
        if afterKey { afterKey = false; return }
        if let last = hasMember.last {
            if last { buffer.append(UInt8(ascii: ",")) }
            hasMember[hasMember.count - 1] = true
            indent()
        }
    }

    public mutating func key(_ k: String) {
        prepareValue()
        appendString(k)
        buffer.append(UInt8(ascii: ":")); buffer.append(UInt8(ascii: " "))
        afterKey = true
    }

    public mutating func beginObject() { prepareValue(); buffer.append(UInt8(ascii: "{")); hasMember.append(false) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { prepareValue(); buffer.append(UInt8(ascii: "[")); hasMember.append(false) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ c: UInt8) {
        let had = hasMember.removeLast()
        if had { indent() }
        buffer.append(c)
    }

    public mutating func string(_ s: String) { prepareValue(); appendString(s) }
    public mutating func null() { prepareValue(); buffer.append(contentsOf: "null".utf8) }
    public mutating func bool(_ b: Bool) { prepareValue(); buffer.append(contentsOf: (b ? "true" : "false").utf8) }
    public mutating func int(_ i: Int) { prepareValue(); buffer.append(contentsOf: String(i).utf8) }
    public mutating func double(_ d: Double) { prepareValue(); buffer.append(contentsOf: (d.isFinite ? String(d) : "null").utf8) }
    /// A canonical hex quantity ("0x0", "0x1f").
    public mutating func quantity(_ v: UInt64) { string("0x" + String(v, radix: 16)) }
    /// A `"0x…"` string of the bytes' hex, written straight into the buffer.
    public mutating func hexBytes<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        prepareValue()
        buffer.append(UInt8(ascii: "\""))
        Hex.append(bytes, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }
    public mutating func newline() { buffer.append(UInt8(ascii: "\n")) }

    private mutating func appendString(_ s: String) {
        buffer.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): buffer.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): buffer.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\t"): buffer.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = String(b, radix: 16)
                buffer.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: buffer.append(b)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
