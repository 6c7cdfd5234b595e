import Blocks
import Foundation
import Primitives
import StateAccess

/// A `pre` allocation that cannot be loaded, naming the field (`pre[0xab…].storage[0x01]`).
public struct AllocationError: Error, Equatable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public init(field: String, reason: String) { self.field = field; self.reason = reason }
    public var description: String { "\(field): \(reason)" }
}

extension ShardedLedger {
    /// Parses the `pre` object of a block file (a `JSONSerialization` result): address →
    /// {balance, nonce, code, storage}. Quantities are hex (`0x…`, any width), decimal strings or
    /// JSON integers. Rejects bad hex, wrong widths, values that do not fit, keys that differ only
    /// in case (or leading zeros, for slots), and empty accounts (no balance, nonce or code);
    /// zero-valued slots are dropped.
    public static func parseAllocation(_ json: Any) throws -> [Address: GenesisAccount] {
        try AllocationParser.parse(json)
    }
}

/// The parser behind `ShardedLedger.parseAllocation`.
enum AllocationParser {
    static func parse(_ json: Any) throws -> [Address: GenesisAccount] {
        guard let object = json as? [String: Any] else {
            throw AllocationError(field: "pre", reason: "expected an object of address → account")
        }
        var out: [Address: GenesisAccount] = [:]
        var spelled: [Address: String] = [:]
        for key in object.keys.sorted() {
            let field = "pre[\(key)]"
            let address: Address
            do { address = try Address(hex: key) } catch {
                throw AllocationError(field: field, reason: "bad address: \(error)")
            }
            if key.count != 42 || !key.hasPrefix("0x") {
                throw AllocationError(field: field, reason: "address must be 0x followed by 40 hex digits")
            }
            if let other = spelled[address] {
                throw AllocationError(field: field, reason: "duplicate of address \(other) (keys differ only in case)")
            }
            spelled[address] = key
            guard let acct = object[key] as? [String: Any] else {
                throw AllocationError(field: field, reason: "expected an object with balance, nonce, code, storage")
            }
            var g = GenesisAccount()
            if let v = acct["balance"] { g.balance = try quantity(v, field: "\(field).balance") }
            if let v = acct["nonce"] {
                let n = try quantity(v, field: "\(field).nonce")
                guard let small = n.uint64 else { throw AllocationError(field: "\(field).nonce", reason: "does not fit in 64 bits") }
                g.nonce = small
            }
            if let v = acct["code"] {
                guard let s = v as? String else { throw AllocationError(field: "\(field).code", reason: "expected a hex string") }
                do { g.code = try Hex.decode(s) } catch {
                    throw AllocationError(field: "\(field).code", reason: "bad hex: \(error)")
                }
                if !s.isEmpty && !s.hasPrefix("0x") && !s.hasPrefix("0X") {
                    throw AllocationError(field: "\(field).code", reason: "expected a 0x-prefixed hex string")
                }
            }
            if let v = acct["storage"] {
                guard let slots = v as? [String: Any] else {
                    throw AllocationError(field: "\(field).storage", reason: "expected an object of slot → value")
                }
                var seen: [U256: String] = [:]
                for slotKey in slots.keys.sorted() {
                    let sf = "\(field).storage[\(slotKey)]"
                    let slot = try quantity(slotKey, field: sf)
                    if let other = seen[slot] {
                        throw AllocationError(field: sf, reason: "duplicate of slot \(other) (same slot spelled differently)")
                    }
                    seen[slot] = slotKey
                    let value = try quantity(slots[slotKey]!, field: sf)
                    if !value.isZero { g.storage[slot] = value }
                }
            }
            if g.balance.isZero && g.nonce == 0 && g.code.isEmpty {
                throw AllocationError(field: field, reason: "empty account (zero balance and nonce, no code) is not allowed in pre")
            }
            out[address] = g
        }
        return out
    }

    /// A quantity: `0x` hex of at most 64 digits after leading zeros, a decimal string, or a
    /// non-negative JSON integer.
    static func quantity(_ value: Any, field: String) throws -> U256 {
        if let s = value as? String { return try quantity(s, field: field) }
        if let n = value as? NSNumber, String(cString: n.objCType) != "c" {   // "c": a JSON true/false
            let d = n.doubleValue
            guard d >= 0, d == d.rounded(), d < 18446744073709551616.0 else {
                throw AllocationError(field: field, reason: "expected a non-negative integer, got \(n)")
            }
            return U256(n.uint64Value)
        }
        throw AllocationError(field: field, reason: "expected a hex string, decimal string or integer")
    }

    static func quantity(_ s: String, field: String) throws -> U256 {
        let u = Array(s.utf8)
        if u.count >= 2 && u[0] == UInt8(ascii: "0") && (u[1] == UInt8(ascii: "x") || u[1] == UInt8(ascii: "X")) {
            var digits = u.dropFirst(2).drop { $0 == UInt8(ascii: "0") }
            if digits.count > 64 { throw AllocationError(field: field, reason: "\(s) exceeds 256 bits") }
            var words: [UInt64] = [0, 0, 0, 0]   // least significant first
            var bit = 0
            while let c = digits.popLast() {
                guard let v = hexDigit(c) else {
                    throw AllocationError(field: field, reason: "bad hex: invalid character '\(Character(Unicode.Scalar(c)))' in \(s)")
                }
                words[bit / 64] |= UInt64(v) << UInt64(bit % 64)
                bit += 4
            }
            return U256(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
        }
        guard !u.isEmpty else { throw AllocationError(field: field, reason: "empty quantity") }
        var v = U256.zero
        for c in u {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else {
                throw AllocationError(field: field, reason: "bad quantity \(s): expected 0x-prefixed hex or decimal digits")
            }
            guard let next = mulAdd(v, 10, UInt64(c - UInt8(ascii: "0"))) else {
                throw AllocationError(field: field, reason: "\(s) exceeds 256 bits")
            }
            v = next
        }
        return v
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// v * m + a, or nil on overflow past 256 bits.
    private static func mulAdd(_ v: U256, _ m: UInt64, _ a: UInt64) -> U256? {
        var carry = a
        var out: [UInt64] = []
        for w in [v.w0, v.w1, v.w2, v.w3] {
            let (hi, lo) = w.multipliedFullWidth(by: m)
            let (s, c) = lo.addingReportingOverflow(carry)
            out.append(s)
            carry = hi + (c ? 1 : 0)
        }
        if carry != 0 { return nil }
        return U256(w0: out[0], w1: out[1], w2: out[2], w3: out[3])
    }
}
