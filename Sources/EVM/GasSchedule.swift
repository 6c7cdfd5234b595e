import Blocks

/// Gas constants (EELS `cancun/vm/gas.py`, `interpreter.py`, `fork.py`).
enum Gas {
    static let warmAccess: UInt64 = 100
    static let coldAccountAccess: UInt64 = 2600
    static let coldSload: UInt64 = 2100
    static let storageSet: UInt64 = 20000
    static let storageUpdate: UInt64 = 5000
    static let storageClearRefund: Int64 = 4800
    static let callValue: UInt64 = 9000
    static let callStipend: UInt64 = 2300
    static let newAccount: UInt64 = 25000
    static let selfDestructNewAccount: UInt64 = 25000
    static let codeDeposit: UInt64 = 200
    static let keccakWord: UInt64 = 6
    static let copyWord: UInt64 = 3
    static let expByte: UInt64 = 50
    static let logData: UInt64 = 8
    static let logTopic: UInt64 = 375
    static let initCodeWord: UInt64 = 2

    static let txBase: UInt64 = 21000
    static let txCreate: UInt64 = 32000
    static let txDataZero: UInt64 = 4
    static let txDataNonZero: UInt64 = 16
    static let accessListAddress: UInt64 = 2400
    static let accessListStorageKey: UInt64 = 1900

    static let maxCodeSize = 24576
    static let maxInitCodeSize = 2 * 24576
    static let stackLimit = 1024
    static let callDepthLimit = 1024

    static let blobGasPerBlob: UInt64 = 1 << 17
    static let maxBlobsPerBlock = 6
    static let minBlobGasPrice: UInt64 = 1
    static let blobBaseFeeUpdateFraction: UInt64 = 3_338_477

    /// Words (32 bytes) needed for `size` bytes, for sizes already known to be small.
    @inline(__always)
    static func words(_ size: UInt64) -> UInt64 { (size &+ 31) / 32 }

    /// All but one 64th (EIP-150).
    @inline(__always)
    static func allButOne64th(_ gas: UInt64) -> UInt64 { gas - gas / 64 }
}

/// Static gas and stack bounds of one opcode under one fork.
struct OpInfo {
    /// Static gas; negative when the opcode is undefined under this fork.
    var gas: Int32
    /// Items the opcode reads: fewer on the stack is a stack underflow.
    var minStack: Int16
    /// Largest stack height before the opcode that does not overflow 1024 after it.
    var maxStack: Int16
}

/// The per-fork opcode table: every one of the 256 bytes is either defined (static gas ≥ 0) or
/// undefined (an invalid opcode).
final class OpTable: @unchecked Sendable {
    let entries: UnsafeMutablePointer<OpInfo>
    let names: [String]

    private init(fork: Fork) {
        let entries = UnsafeMutablePointer<OpInfo>.allocate(capacity: 256)
        entries.initialize(repeating: OpInfo(gas: -1, minStack: 0, maxStack: 1024), count: 256)
        self.entries = entries
        var names = (0..<256).map { "0x" + String($0, radix: 16) }
        func def(_ op: Int, _ name: String, _ gas: Int32, _ pops: Int, _ pushes: Int) {
            let growth = max(0, pushes - pops)
            entries[op] = OpInfo(gas: gas, minStack: Int16(pops), maxStack: Int16(Gas.stackLimit - growth))
            names[op] = name
        }
        def(0x00, "STOP", 0, 0, 0)
        def(0x01, "ADD", 3, 2, 1); def(0x02, "MUL", 5, 2, 1); def(0x03, "SUB", 3, 2, 1)
        def(0x04, "DIV", 5, 2, 1); def(0x05, "SDIV", 5, 2, 1); def(0x06, "MOD", 5, 2, 1)
        def(0x07, "SMOD", 5, 2, 1); def(0x08, "ADDMOD", 8, 3, 1); def(0x09, "MULMOD", 8, 3, 1)
        def(0x0a, "EXP", 10, 2, 1); def(0x0b, "SIGNEXTEND", 5, 2, 1)
        def(0x10, "LT", 3, 2, 1); def(0x11, "GT", 3, 2, 1); def(0x12, "SLT", 3, 2, 1)
        def(0x13, "SGT", 3, 2, 1); def(0x14, "EQ", 3, 2, 1); def(0x15, "ISZERO", 3, 1, 1)
        def(0x16, "AND", 3, 2, 1); def(0x17, "OR", 3, 2, 1); def(0x18, "XOR", 3, 2, 1)
        def(0x19, "NOT", 3, 1, 1); def(0x1a, "BYTE", 3, 2, 1)
        def(0x1b, "SHL", 3, 2, 1); def(0x1c, "SHR", 3, 2, 1); def(0x1d, "SAR", 3, 2, 1)
        def(0x20, "KECCAK256", 30, 2, 1)
        def(0x30, "ADDRESS", 2, 0, 1); def(0x31, "BALANCE", 0, 1, 1); def(0x32, "ORIGIN", 2, 0, 1)
        def(0x33, "CALLER", 2, 0, 1); def(0x34, "CALLVALUE", 2, 0, 1); def(0x35, "CALLDATALOAD", 3, 1, 1)
        def(0x36, "CALLDATASIZE", 2, 0, 1); def(0x37, "CALLDATACOPY", 3, 3, 0); def(0x38, "CODESIZE", 2, 0, 1)
        def(0x39, "CODECOPY", 3, 3, 0); def(0x3a, "GASPRICE", 2, 0, 1); def(0x3b, "EXTCODESIZE", 0, 1, 1)
        def(0x3c, "EXTCODECOPY", 0, 4, 0); def(0x3d, "RETURNDATASIZE", 2, 0, 1)
        def(0x3e, "RETURNDATACOPY", 3, 3, 0); def(0x3f, "EXTCODEHASH", 0, 1, 1)
        def(0x40, "BLOCKHASH", 20, 1, 1); def(0x41, "COINBASE", 2, 0, 1); def(0x42, "TIMESTAMP", 2, 0, 1)
        def(0x43, "NUMBER", 2, 0, 1); def(0x44, "PREVRANDAO", 2, 0, 1); def(0x45, "GASLIMIT", 2, 0, 1)
        def(0x46, "CHAINID", 2, 0, 1); def(0x47, "SELFBALANCE", 5, 0, 1); def(0x48, "BASEFEE", 2, 0, 1)
        def(0x50, "POP", 2, 1, 0); def(0x51, "MLOAD", 3, 1, 1); def(0x52, "MSTORE", 3, 2, 0)
        def(0x53, "MSTORE8", 3, 2, 0); def(0x54, "SLOAD", 0, 1, 1); def(0x55, "SSTORE", 0, 2, 0)
        def(0x56, "JUMP", 8, 1, 0); def(0x57, "JUMPI", 10, 2, 0); def(0x58, "PC", 2, 0, 1)
        def(0x59, "MSIZE", 2, 0, 1); def(0x5a, "GAS", 2, 0, 1); def(0x5b, "JUMPDEST", 1, 0, 0)
        for n in 1...32 { def(0x5f + n, "PUSH\(n)", 3, 0, 1) }
        for n in 1...16 { def(0x7f + n, "DUP\(n)", 3, n, n + 1) }
        for n in 1...16 { def(0x8f + n, "SWAP\(n)", 3, n + 1, n + 1) }
        for n in 0...4 { def(0xa0 + n, "LOG\(n)", Int32(375 * (n + 1)), n + 2, 0) }
        def(0xf0, "CREATE", 32000, 3, 1); def(0xf1, "CALL", 0, 7, 1); def(0xf2, "CALLCODE", 0, 7, 1)
        def(0xf3, "RETURN", 0, 2, 0); def(0xf4, "DELEGATECALL", 0, 6, 1); def(0xf5, "CREATE2", 32000, 4, 1)
        def(0xfa, "STATICCALL", 0, 6, 1); def(0xfd, "REVERT", 0, 2, 0); def(0xff, "SELFDESTRUCT", 5000, 1, 0)
        if fork >= .shanghai {
            def(0x5f, "PUSH0", 2, 0, 1)
        }
        if fork >= .cancun {
            def(0x49, "BLOBHASH", 3, 1, 1); def(0x4a, "BLOBBASEFEE", 2, 0, 1)
            def(0x5c, "TLOAD", 100, 1, 1); def(0x5d, "TSTORE", 100, 2, 0); def(0x5e, "MCOPY", 3, 3, 0)
        }
        names[0xfe] = "INVALID"
        self.names = names
    }

    static let paris = OpTable(fork: .paris)
    static let shanghai = OpTable(fork: .shanghai)
    static let cancun = OpTable(fork: .cancun)

    static func table(for fork: Fork) -> OpTable {
        switch fork {
        case .paris: return paris
        case .shanghai: return shanghai
        case .cancun: return cancun
        }
    }

    func isDefined(_ op: UInt8) -> Bool { entries[Int(op)].gas >= 0 }
}
