import Primitives

/// ABI calldata: a 4-byte selector followed by 32-byte words. The workload functions take only
/// static arguments (addresses, uint256, bool), so this is all the ABI encoding generation needs.
struct Calldata {
    private(set) var bytes: [UInt8]

    init(_ selector: UInt32, words: Int) {
        bytes = []
        bytes.reserveCapacity(4 + 32 * words)
        bytes.append(UInt8(truncatingIfNeeded: selector >> 24))
        bytes.append(UInt8(truncatingIfNeeded: selector >> 16))
        bytes.append(UInt8(truncatingIfNeeded: selector >> 8))
        bytes.append(UInt8(truncatingIfNeeded: selector))
    }

    mutating func word(_ v: U256) {
        for limb in [v.w3, v.w2, v.w1, v.w0] {
            for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: limb >> UInt64(s))) }
        }
    }

    mutating func address(_ a: Address) { word(U256(a)) }
    mutating func uint(_ v: UInt128) { word(U256(v)) }
    mutating func bool(_ b: Bool) { word(b ? .one : .zero) }

    /// Builds calldata in one expression.
    static func call(_ selector: UInt32, _ args: [Argument]) -> [UInt8] {
        var c = Calldata(selector, words: args.count)
        for a in args {
            switch a {
            case .address(let x): c.address(x)
            case .uint(let x): c.uint(x)
            case .word(let x): c.word(x)
            case .bool(let x): c.bool(x)
            }
        }
        return c.bytes
    }

    enum Argument {
        case address(Address), uint(UInt128), word(U256), bool(Bool)
    }
}
