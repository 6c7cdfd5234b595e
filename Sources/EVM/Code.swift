import Primitives

/// Contract code ready to run: the bytes followed by 33 zero bytes (so PUSH32 at the very end
/// reads zeros and the byte after the last instruction is STOP: the dispatch loop never bounds-
/// checks the program counter), and one byte per code byte saying whether it is a valid JUMPDEST
/// (an 0x5b that is not inside PUSH data).
///
/// Immutable after analysis, shared through the executor's cache keyed by code hash.
final class AnalyzedCode {
    let bytes: UnsafeMutablePointer<UInt8>
    let count: Int
    let jumpdests: UnsafeMutablePointer<UInt8>

    static let padding = 33

    init<C: Collection>(_ code: C) where C.Element == UInt8 {
        let n = code.count
        count = n
        bytes = .allocate(capacity: n + AnalyzedCode.padding)
        bytes.initialize(repeating: 0, count: n + AnalyzedCode.padding)
        var i = 0
        for b in code { bytes[i] = b; i += 1 }
        jumpdests = .allocate(capacity: max(n, 1))
        jumpdests.initialize(repeating: 0, count: max(n, 1))
        var pc = 0
        while pc < n {
            let op = bytes[pc]
            if op == 0x5b {
                jumpdests[pc] = 1
                pc += 1
            } else if op >= 0x60 && op <= 0x7f {
                pc += Int(op) - 0x5f + 1
            } else {
                pc += 1
            }
        }
    }

    deinit {
        bytes.deallocate()
        jumpdests.deallocate()
    }

    @inline(__always)
    func isJumpdest(_ dest: U256) -> Bool {
        guard let d = dest.uint64, d < UInt64(count) else { return false }
        return jumpdests[Int(d)] != 0
    }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: bytes, count: count)) }

    static let empty = AnalyzedCode([UInt8]())
}

// AnalyzedCode is immutable after init; the shared empty instance is safe to share.
extension AnalyzedCode: @unchecked Sendable {}
