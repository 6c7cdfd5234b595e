/// The 1600-bit Keccak state: 25 lanes of 64 bits, lane (x, y) at `a` index `x + 5·y`.
///
/// Stored properties rather than an array so the state lives inline (no allocation, no bounds
/// checks) and the permutation can lift every lane into a register. Lanes are read and written
/// little-endian, as the Keccak specification defines them; the sponge code relies on the
/// in-memory layout being the 200 state bytes in order, which holds on the little-endian hosts
/// this package targets (see the `#if _endian(big)` guard below).
@frozen
public struct KeccakState: Equatable, Sendable {
    public var a00: UInt64
    public var a01: UInt64
    public var a02: UInt64
    public var a03: UInt64
    public var a04: UInt64
    public var a05: UInt64
    public var a06: UInt64
    public var a07: UInt64
    public var a08: UInt64
    public var a09: UInt64
    public var a10: UInt64
    public var a11: UInt64
    public var a12: UInt64
    public var a13: UInt64
    public var a14: UInt64
    public var a15: UInt64
    public var a16: UInt64
    public var a17: UInt64
    public var a18: UInt64
    public var a19: UInt64
    public var a20: UInt64
    public var a21: UInt64
    public var a22: UInt64
    public var a23: UInt64
    public var a24: UInt64

    /// The all-zero state every sponge starts from.
    @inlinable
    public init() {
        (a00, a01, a02, a03, a04) = (0, 0, 0, 0, 0)
        (a05, a06, a07, a08, a09) = (0, 0, 0, 0, 0)
        (a10, a11, a12, a13, a14) = (0, 0, 0, 0, 0)
        (a15, a16, a17, a18, a19) = (0, 0, 0, 0, 0)
        (a20, a21, a22, a23, a24) = (0, 0, 0, 0, 0)
    }
}

#if _endian(big)
#error("Keccak sponge code assumes a little-endian host (state bytes = lane bytes)")
#endif

/// Keccak-f[1600], the permutation under Keccak-256.
///
/// Written out over 25 local `UInt64`s (θ, then ρ, π, χ, ι fused plane by plane, two rounds per
/// loop iteration) so the optimiser keeps the state in registers and spills only what it must;
/// an array-of-lanes loop is several times slower.
///
/// χ uses the "lane complementing" transform of the Keccak implementation overview (§2.2):
/// six lanes (1, 2, 8, 12, 17, 20) are kept inverted inside the permutation, which turns 20 of
/// the 25 `~a & b` per round into plain `&`/`|` (x86-64 without BMI has no and-not). The lanes
/// are inverted on entry and exit, so callers see the ordinary state. The body was generated
/// mechanically from the specification's tables and checked against a plain reference.
public enum KeccakF1600 {
    /// ι round constants, RC[0...23], from the degree-8 LFSR of the specification.
    @usableFromInline
    static let roundConstants: [UInt64] = [
        0x0000000000000001,
        0x0000000000008082,
        0x800000000000808A,
        0x8000000080008000,
        0x000000000000808B,
        0x0000000080000001,
        0x8000000080008081,
        0x8000000000008009,
        0x000000000000008A,
        0x0000000000000088,
        0x0000000080008009,
        0x000000008000000A,
        0x000000008000808B,
        0x800000000000008B,
        0x8000000000008089,
        0x8000000000008003,
        0x8000000000008002,
        0x8000000000000080,
        0x000000000000800A,
        0x800000008000000A,
        0x8000000080008081,
        0x8000000000008080,
        0x0000000080000001,
        0x8000000080008008
    ]

    @inline(__always)
    static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> (64 &- n)) }

    /// Applies the 24 rounds of Keccak-f[1600] to `state` in place.
    public static func permute(_ state: inout KeccakState) {
        // Lanes 1, 2, 8, 12, 17, 20 enter (and leave) complemented; see the type's comment.
        var a00 = state.a00
        var a01 = ~state.a01
        var a02 = ~state.a02
        var a03 = state.a03
        var a04 = state.a04
        var a05 = state.a05
        var a06 = state.a06
        var a07 = state.a07
        var a08 = ~state.a08
        var a09 = state.a09
        var a10 = state.a10
        var a11 = state.a11
        var a12 = ~state.a12
        var a13 = state.a13
        var a14 = state.a14
        var a15 = state.a15
        var a16 = state.a16
        var a17 = ~state.a17
        var a18 = state.a18
        var a19 = state.a19
        var a20 = ~state.a20
        var a21 = state.a21
        var a22 = state.a22
        var a23 = state.a23
        var a24 = state.a24
        roundConstants.withUnsafeBufferPointer { constants in
            // Two rounds per iteration: the second uses the first's outputs without a shuffle.
            for round in stride(from: 0, to: 24, by: 2) {
                do {
                    let rc = constants[round]
                    // θ: column parities, then each lane absorbs its neighbours' parities.
                    let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
                    let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
                    let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
                    let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
                    let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
                    let d0 = c4 ^ rotl(c1, 1)
                    let d1 = c0 ^ rotl(c2, 1)
                    let d2 = c1 ^ rotl(c3, 1)
                    let d3 = c2 ^ rotl(c4, 1)
                    let d4 = c3 ^ rotl(c0, 1)
                    // ρ, π, χ plane by plane (five rotated lanes live at a time), χ in lane-complemented form;
                    // ι into lane 0.
                    let b00 = a00 ^ d0
                    let b01 = rotl(a06 ^ d1, 44)
                    let b02 = rotl(a12 ^ d2, 43)
                    let b03 = rotl(a18 ^ d3, 21)
                    let b04 = rotl(a24 ^ d4, 14)
                    let e00 = b00 ^ (b01 | b02) ^ rc
                    let e01 = b01 ^ (~b02 | b03)
                    let e02 = b02 ^ (b03 & b04)
                    let e03 = b03 ^ (b04 | b00)
                    let e04 = b04 ^ (b00 & b01)
                    let b05 = rotl(a03 ^ d3, 28)
                    let b06 = rotl(a09 ^ d4, 20)
                    let b07 = rotl(a10 ^ d0, 3)
                    let b08 = rotl(a16 ^ d1, 45)
                    let b09 = rotl(a22 ^ d2, 61)
                    let e05 = b05 ^ (b06 | b07)
                    let e06 = b06 ^ (b07 & b08)
                    let e07 = b07 ^ (b08 | ~b09)
                    let e08 = b08 ^ (b09 | b05)
                    let e09 = b09 ^ (b05 & b06)
                    let b10 = rotl(a01 ^ d1, 1)
                    let b11 = rotl(a07 ^ d2, 6)
                    let b12 = rotl(a13 ^ d3, 25)
                    let b13 = rotl(a19 ^ d4, 8)
                    let b14 = rotl(a20 ^ d0, 18)
                    let e10 = b10 ^ (b11 | b12)
                    let e11 = b11 ^ (b12 & b13)
                    let e12 = b12 ^ (~b13 & b14)
                    let e13 = ~b13 ^ (b14 | b10)
                    let e14 = b14 ^ (b10 & b11)
                    let b15 = rotl(a04 ^ d4, 27)
                    let b16 = rotl(a05 ^ d0, 36)
                    let b17 = rotl(a11 ^ d1, 10)
                    let b18 = rotl(a17 ^ d2, 15)
                    let b19 = rotl(a23 ^ d3, 56)
                    let e15 = b15 ^ (b16 & b17)
                    let e16 = b16 ^ (b17 | b18)
                    let e17 = b17 ^ (~b18 | b19)
                    let e18 = ~b18 ^ (b19 & b15)
                    let e19 = b19 ^ (b15 | b16)
                    let b20 = rotl(a02 ^ d2, 62)
                    let b21 = rotl(a08 ^ d3, 55)
                    let b22 = rotl(a14 ^ d4, 39)
                    let b23 = rotl(a15 ^ d0, 41)
                    let b24 = rotl(a21 ^ d1, 2)
                    let e20 = b20 ^ (~b21 & b22)
                    let e21 = ~b21 ^ (b22 | b23)
                    let e22 = b22 ^ (b23 & b24)
                    let e23 = b23 ^ (b24 | b20)
                    let e24 = b24 ^ (b20 & b21)
                    (a00, a01, a02, a03, a04) = (e00, e01, e02, e03, e04)
                    (a05, a06, a07, a08, a09) = (e05, e06, e07, e08, e09)
                    (a10, a11, a12, a13, a14) = (e10, e11, e12, e13, e14)
                    (a15, a16, a17, a18, a19) = (e15, e16, e17, e18, e19)
                    (a20, a21, a22, a23, a24) = (e20, e21, e22, e23, e24)
                }
                do {
                    let rc = constants[round &+ 1]
                    // θ: column parities, then each lane absorbs its neighbours' parities.
                    let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
                    let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
                    let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
                    let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
                    let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
                    let d0 = c4 ^ rotl(c1, 1)
                    let d1 = c0 ^ rotl(c2, 1)
                    let d2 = c1 ^ rotl(c3, 1)
                    let d3 = c2 ^ rotl(c4, 1)
                    let d4 = c3 ^ rotl(c0, 1)
                    // ρ, π, χ plane by plane (five rotated lanes live at a time), χ in lane-complemented form;
                    // ι into lane 0.
                    let b00 = a00 ^ d0
                    let b01 = rotl(a06 ^ d1, 44)
                    let b02 = rotl(a12 ^ d2, 43)
                    let b03 = rotl(a18 ^ d3, 21)
                    let b04 = rotl(a24 ^ d4, 14)
                    let e00 = b00 ^ (b01 | b02) ^ rc
                    let e01 = b01 ^ (~b02 | b03)
                    let e02 = b02 ^ (b03 & b04)
                    let e03 = b03 ^ (b04 | b00)
                    let e04 = b04 ^ (b00 & b01)
                    let b05 = rotl(a03 ^ d3, 28)
                    let b06 = rotl(a09 ^ d4, 20)
                    let b07 = rotl(a10 ^ d0, 3)
                    let b08 = rotl(a16 ^ d1, 45)
                    let b09 = rotl(a22 ^ d2, 61)
                    let e05 = b05 ^ (b06 | b07)
                    let e06 = b06 ^ (b07 & b08)
                    let e07 = b07 ^ (b08 | ~b09)
                    let e08 = b08 ^ (b09 | b05)
                    let e09 = b09 ^ (b05 & b06)
                    let b10 = rotl(a01 ^ d1, 1)
                    let b11 = rotl(a07 ^ d2, 6)
                    let b12 = rotl(a13 ^ d3, 25)
                    let b13 = rotl(a19 ^ d4, 8)
                    let b14 = rotl(a20 ^ d0, 18)
                    let e10 = b10 ^ (b11 | b12)
                    let e11 = b11 ^ (b12 & b13)
                    let e12 = b12 ^ (~b13 & b14)
                    let e13 = ~b13 ^ (b14 | b10)
                    let e14 = b14 ^ (b10 & b11)
                    let b15 = rotl(a04 ^ d4, 27)
                    let b16 = rotl(a05 ^ d0, 36)
                    let b17 = rotl(a11 ^ d1, 10)
                    let b18 = rotl(a17 ^ d2, 15)
                    let b19 = rotl(a23 ^ d3, 56)
                    let e15 = b15 ^ (b16 & b17)
                    let e16 = b16 ^ (b17 | b18)
                    let e17 = b17 ^ (~b18 | b19)
                    let e18 = ~b18 ^ (b19 & b15)
                    let e19 = b19 ^ (b15 | b16)
                    let b20 = rotl(a02 ^ d2, 62)
                    let b21 = rotl(a08 ^ d3, 55)
                    let b22 = rotl(a14 ^ d4, 39)
                    let b23 = rotl(a15 ^ d0, 41)
                    let b24 = rotl(a21 ^ d1, 2)
                    let e20 = b20 ^ (~b21 & b22)
                    let e21 = ~b21 ^ (b22 | b23)
                    let e22 = b22 ^ (b23 & b24)
                    let e23 = b23 ^ (b24 | b20)
                    let e24 = b24 ^ (b20 & b21)
                    (a00, a01, a02, a03, a04) = (e00, e01, e02, e03, e04)
                    (a05, a06, a07, a08, a09) = (e05, e06, e07, e08, e09)
                    (a10, a11, a12, a13, a14) = (e10, e11, e12, e13, e14)
                    (a15, a16, a17, a18, a19) = (e15, e16, e17, e18, e19)
                    (a20, a21, a22, a23, a24) = (e20, e21, e22, e23, e24)
                }
            }
        }
        state.a00 = a00
        state.a01 = ~a01
        state.a02 = ~a02
        state.a03 = a03
        state.a04 = a04
        state.a05 = a05
        state.a06 = a06
        state.a07 = a07
        state.a08 = ~a08
        state.a09 = a09
        state.a10 = a10
        state.a11 = a11
        state.a12 = ~a12
        state.a13 = a13
        state.a14 = a14
        state.a15 = a15
        state.a16 = a16
        state.a17 = ~a17
        state.a18 = a18
        state.a19 = a19
        state.a20 = ~a20
        state.a21 = a21
        state.a22 = a22
        state.a23 = a23
        state.a24 = a24
    }
}
