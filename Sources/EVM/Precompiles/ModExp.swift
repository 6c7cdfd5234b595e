/// MODEXP (0x05, EIP-198) with EIP-2565 pricing. Lengths are 32-byte big-endian words that may
/// be absurd (up to 2^256 − 1); the price is computed with saturating arithmetic before anything
/// of that size is read or allocated, so an unaffordable call fails without touching memory.
enum ModExp {
    static func run(input: [UInt8], gasLimit: UInt64) -> PrecompileResult {
        let baseLength = lengthWord(input, at: 0)
        let expLength = lengthWord(input, at: 32)
        let modLength = lengthWord(input, at: 64)

        guard let gas = gasCost(baseLength: baseLength, expLength: expLength, modLength: modLength, input: input),
              gas <= gasLimit else { return .failure }
        // Affordable means base and modulus lengths are small enough to hold (each ≤ ~2^34 even
        // for an unbounded gas limit); the exponent is never materialised: its bits are read in place.
        guard let bLen = baseLength, let mLen = modLength else { return .failure }
        if bLen == 0 && mLen == 0 { return .success(gasUsed: gas, output: []) }
        guard let eLen = expLength else { return .failure }

        let base = BigUInt(bigEndian: padded(input, from: 96, count: bLen))
        let expStart = 96 &+ bLen
        let modulus = BigUInt(bigEndian: padded(input, from: expStart &+ eLen, count: mLen))
        guard let m = BigModulus(modulus) else {
            return .success(gasUsed: gas, output: [UInt8](repeating: 0, count: Int(mLen)))
        }
        let result = power(base, exponentIn: input, from: expStart, length: eLen, modulus: m)
        return .success(gasUsed: gas, output: result.bigEndianBytes(length: Int(mLen)))
    }

    /// A 32-byte big-endian length at `offset` (zero-padded input); `nil` if it exceeds 2^32,
    /// which is already far beyond anything a block's gas can pay for.
    private static func lengthWord(_ input: [UInt8], at offset: Int) -> UInt64? {
        var value: UInt64 = 0
        for i in 0..<32 {
            let b: UInt8 = offset + i < input.count ? input[offset + i] : 0
            if i < 24 {
                if b != 0 { return nil }
            } else {
                value = value << 8 | UInt64(b)
            }
        }
        return value > UInt64(UInt32.max) ? nil : value
    }

    /// `count` bytes of `input` from `offset`, zero-padded on the right past the end.
    private static func padded(_ input: [UInt8], from offset: UInt64, count: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(count))
        if offset < UInt64(input.count) {
            let available = min(count, UInt64(input.count) - offset)
            for i in 0..<Int(available) { out[i] = input[Int(offset) + i] }
        }
        return out
    }

    /// EIP-2565: max(200, ⌊words(max(base, mod))² × iterations / 3⌋); `nil` when it exceeds
    /// UInt64 (no gas limit covers it). A `nil` length means "more than 2^32".
    static func gasCost(baseLength: UInt64?, expLength: UInt64?, modLength: UInt64?, input: [UInt8]) -> UInt64? {
        // Multiplication complexity. Zero only if both lengths are zero; then the price is 200
        // whatever the exponent length says.
        guard let b = baseLength, let m = modLength else { return nil }
        let words = (max(b, m) + 7) / 8
        let complexity = words * words // ≤ 2^58
        if complexity == 0 { return 200 }
        guard let e = expLength else { return nil }

        // Iteration count from the exponent's length and its first (up to) 32 bytes.
        let headLength = min(e, 32)
        let head = padded(input, from: 96 &+ b, count: headLength)
        var headBits = 0
        if let first = head.firstIndex(where: { $0 != 0 }) {
            headBits = (head.count - first) * 8 - head[first].leadingZeroBitCount
        }
        var iterations: UInt64
        if e <= 32 {
            iterations = headBits == 0 ? 0 : UInt64(headBits - 1)
        } else {
            iterations = 8 * (e - 32) + (headBits > 0 ? UInt64(headBits - 1) : 0)
        }
        iterations = max(iterations, 1)
        let (product, overflow) = complexity.multipliedReportingOverflow(by: iterations)
        if overflow { return nil }
        return max(200, product / 3)
    }

    /// base^exponent mod m, left-to-right square-and-multiply; the exponent's big-endian bytes are
    /// read straight from `input` (zero past its end).
    private static func power(_ base: BigUInt, exponentIn input: [UInt8], from start: UInt64, length: UInt64,
                              modulus m: BigModulus) -> BigUInt {
        let b = m.reduce(base)
        var acc = m.reduce(BigUInt(1))
        var started = false
        var i: UInt64 = 0
        while i < length {
            let at = start + i
            let byte: UInt8 = at < UInt64(input.count) ? input[Int(at)] : 0
            for bit in stride(from: 7, through: 0, by: -1) {
                if started { acc = m.reduce(acc * acc) }
                if (byte >> UInt8(bit)) & 1 == 1 {
                    acc = started ? m.reduce(acc * b) : b
                    started = true
                }
            }
            i += 1
        }
        return acc
    }
}
