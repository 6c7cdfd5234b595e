import Foundation
import Primitives

/// A decoding error that names where in the document it happened (`txs[3].gas`), so a user
/// with a 10,000-transaction file finds the bad field at once.
public struct DecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Typed access to a `JSONSerialization` tree with paths for errors. Quantities follow the block
/// format: a `0x` hex string, a decimal string or a JSON integer (never a float or a boolean).
public struct JSONReader {
    public let value: Any
    public let path: String

    public init(_ value: Any, path: String = "") { self.value = value; self.path = path }

    /// Parses `data` as JSON; malformed or truncated text is a `DecodingError`.
    public static func parse(_ data: Data) throws(DecodingError) -> JSONReader {
        do {
            return JSONReader(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            throw DecodingError(path: "", message: "malformed JSON (\((error as NSError).localizedDescription))")
        }
    }

    public func fail(_ message: String) -> DecodingError { DecodingError(path: path, message: message) }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public var isNull: Bool { value is NSNull }

    public func object() throws(DecodingError) -> [String: Any] {
        guard let o = value as? [String: Any] else { throw fail("expected an object, found \(Self.kind(value))") }
        return o
    }

    public func array() throws(DecodingError) -> [JSONReader] {
        guard let a = value as? [Any] else { throw fail("expected an array, found \(Self.kind(value))") }
        return a.enumerated().map { JSONReader($0.element, path: "\(path)[\($0.offset)]") }
    }

    /// The member `key`, or a "missing field" error.
    public func field(_ key: String) throws(DecodingError) -> JSONReader {
        let o = try object()
        guard let v = o[key] else { throw DecodingError(path: child(key), message: "missing field") }
        return JSONReader(v, path: child(key))
    }

    /// The member `key` when present and not null.
    public func optionalField(_ key: String) throws(DecodingError) -> JSONReader? {
        let o = try object()
        guard let v = o[key], !(v is NSNull) else { return nil }
        return JSONReader(v, path: child(key))
    }

    /// Members in key order, each with its path.
    public func members() throws(DecodingError) -> [(key: String, value: JSONReader)] {
        try object().sorted { $0.key < $1.key }.map { ($0.key, JSONReader($0.value, path: child($0.key))) }
    }

    public func string() throws(DecodingError) -> String {
        guard let s = value as? String else { throw fail("expected a string, found \(Self.kind(value))") }
        return s
    }

    /// A 256-bit quantity.
    public func quantity() throws(DecodingError) -> U256 {
        if Self.isBoolean(value) { throw fail("expected a quantity, found a boolean") }
        if let s = value as? String { return try Self.quantity(s, path: path) }
        if let n = value as? NSNumber, let i = n as? Int {
            guard i >= 0 else { throw fail("negative quantity \(i)") }
            return U256(UInt64(i))
        }
        if value is NSNumber { throw fail("expected an integer quantity (use a hex string for large values), found \(value)") }
        throw fail("expected a quantity, found \(Self.kind(value))")
    }

    /// A quantity that must fit in 64 bits (nonces, gas, block numbers).
    public func uint64() throws(DecodingError) -> UInt64 {
        let q = try quantity()
        guard let v = q.uint64 else { throw fail("value \(q.hex) does not fit in 64 bits") }
        return v
    }

    public func bytes() throws(DecodingError) -> [UInt8] {
        let s = try string()
        do { return try Hex.decode(s) } catch { throw fail("bad hex: \(error)") }
    }

    public func address() throws(DecodingError) -> Address {
        let s = try string()
        do { return try Address(hex: s) } catch { throw fail("bad address: \(error)") }
    }

    /// A 32-byte value; shorter hex is left-padded (hashes in some files drop leading zeros).
    public func bytes32() throws(DecodingError) -> Bytes32 {
        let b = try bytes()
        guard b.count <= 32 else { throw fail("expected at most 32 bytes, got \(b.count)") }
        return Bytes32(bytes: [UInt8](repeating: 0, count: 32 - b.count) + b)!
    }

    public static func quantity(_ text: String, path: String) throws(DecodingError) -> U256 {
        let s = text.trimmingCharacters(in: .whitespaces)
        let lower = s.lowercased()
        do {
            if lower.hasPrefix("0x") {
                return lower.count == 2 ? .zero : try U256(hex: s)
            }
            return try U256(decimal: s)
        } catch {
            throw DecodingError(path: path, message: "bad quantity \"\(text)\": \(error)")
        }
    }

    /// JSON true/false. (`is Bool` is not enough: Foundation bridges the numbers 0 and 1 to Bool.)
    static func isBoolean(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func kind(_ v: Any) -> String {
        switch v {
        case is NSNull: return "null"
        case _ where isBoolean(v): return "a boolean"
        case is String: return "a string"
        case is NSNumber: return "a number"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(type(of: v))"
        }
    }
}
