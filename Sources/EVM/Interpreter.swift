import Primitives
import StateAccess
import Blocks

/// A message: what a call frame runs (EELS `Message`).
struct Message {
    var caller: Address
    /// The account whose storage and balance the code acts on (`current_target`).
    var target: Address
    /// Where the code came from (differs from `target` for CALLCODE and DELEGATECALL).
    var codeAddress: Address
    var value: U256
    var data: [UInt8]
    var gas: Int64
    var depth: Int
    var isStatic: Bool
    var isCreate: Bool
    var transfersValue: Bool
}

/// What a frame produced.
struct FrameResult {
    var success: Bool
    var gasLeft: Int64
    var output: [UInt8]
    /// nil on success; "Revert" or the halt's name otherwise.
    var error: String?
}

/// The registers of one running frame. A local value in the dispatch loop; instruction bodies
/// take it `inout`, so hot fields stay in registers.
struct Machine {
    let code: UnsafeMutablePointer<UInt8>
    let analyzed: AnalyzedCode
    var pc: Int = 0
    var gas: Int64
    /// The frame's stack: 1024 slots, `sp` items in use.
    let stack: UnsafeMutablePointer<U256>
    var sp: Int = 0
    let memory: Memory
    var returnData: [UInt8] = []
    var output: [UInt8] = []
    let msg: Message

    init(code: AnalyzedCode, gas: Int64, stack: UnsafeMutablePointer<U256>, memory: Memory, msg: Message) {
        self.code = code.bytes
        self.analyzed = code
        self.gas = gas
        self.stack = stack
        self.memory = memory
        self.msg = msg
    }

    // MARK: Stack (bounds are checked once per instruction from the opcode table)

    @inline(__always) mutating func pop() -> U256 { sp &-= 1; return stack[sp] }
    @inline(__always) mutating func push(_ v: U256) { stack[sp] = v; sp &+= 1 }
    /// The item `i` below the top (0 = top).
    @inline(__always) func peek(_ i: Int) -> U256 { stack[sp &- 1 &- i] }
    @inline(__always) func setTop(_ v: U256) { stack[sp &- 1] = v }

    // MARK: Gas

    @inline(__always)
    mutating func charge(_ cost: UInt64) throws(Halt) {
        if cost > UInt64(bitPattern: gas) { throw .outOfGas }
        gas &-= Int64(bitPattern: cost)
    }

    // MARK: Memory

    /// Expands memory to cover `[offset, offset+size)`, charging for it, and returns the offset.
    /// A zero size never expands (and its offset may be anything). Offsets or sizes beyond
    /// `maxMemorySize` run out of gas without allocating.
    @inline(__always)
    mutating func expandMemory(_ offset: U256, _ size: U256) throws(Halt) -> Int {
        if size.isZero { return 0 }
        guard let o = offset.uint64, let s = size.uint64, o <= maxMemorySize, s <= maxMemorySize else {
            throw .outOfGas
        }
        let end = o &+ s
        if end > UInt64(memory.size) { try growMemory(end) }
        return Int(o)
    }

    @inline(never)
    mutating func growMemory(_ end: UInt64) throws(Halt) {
        let newWords = (end &+ 31) / 32
        let oldWords = UInt64(memory.size / 32)
        try charge(memoryCost(words: newWords) &- memoryCost(words: oldWords))
        memory.grow(to: Int(newWords &* 32))
    }

    /// A size already validated by `expandMemory` (nonzero sizes fit in 32 bits).
    @inline(__always)
    static func smallSize(_ size: U256) -> Int { Int(truncatingIfNeeded: size.w0) }
}

extension TransactionExecutor {
    /// The dispatch loop. Returns `true` when the frame stopped normally (STOP, RETURN,
    /// SELFDESTRUCT) and `false` on REVERT; exceptional halts are thrown.
    func run(_ m: inout Machine) throws(Halt) -> Bool {
        let table = opTable
        while true {
            let op = m.code[m.pc]
            let info = table[Int(op)]
            if info.gas < 0 { throw .invalidOpcode(op) }
            if m.sp < Int(info.minStack) { throw .stackUnderflow }
            if m.sp > Int(info.maxStack) { throw .stackOverflow }
            m.gas &-= Int64(info.gas)
            if m.gas < 0 { throw .outOfGas }

            switch op {
            case 0x00: return true
            case 0x01: m.opAdd()
            case 0x02: m.opMul()
            case 0x03: m.opSub()
            case 0x04: m.opDiv()
            case 0x05: m.opSDiv()
            case 0x06: m.opMod()
            case 0x07: m.opSMod()
            case 0x08: m.opAddMod()
            case 0x09: m.opMulMod()
            case 0x0a: try m.opExp()
            case 0x0b: m.opSignExtend()
            case 0x10: m.opLt()
            case 0x11: m.opGt()
            case 0x12: m.opSlt()
            case 0x13: m.opSgt()
            case 0x14: m.opEq()
            case 0x15: m.opIsZero()
            case 0x16: m.opAnd()
            case 0x17: m.opOr()
            case 0x18: m.opXor()
            case 0x19: m.opNot()
            case 0x1a: m.opByte()
            case 0x1b: m.opShl()
            case 0x1c: m.opShr()
            case 0x1d: m.opSar()
            case 0x20: try opKeccak256(&m)
            case 0x30: m.opAddress()
            case 0x31: try opBalance(&m)
            case 0x32: opOrigin(&m)
            case 0x33: m.opCaller()
            case 0x34: m.opCallValue()
            case 0x35: m.opCallDataLoad()
            case 0x36: m.opCallDataSize()
            case 0x37: try m.opCallDataCopy()
            case 0x38: m.opCodeSize()
            case 0x39: try m.opCodeCopy()
            case 0x3a: opGasPrice(&m)
            case 0x3b: try opExtCodeSize(&m)
            case 0x3c: try opExtCodeCopy(&m)
            case 0x3d: m.opReturnDataSize()
            case 0x3e: try m.opReturnDataCopy()
            case 0x3f: try opExtCodeHash(&m)
            case 0x40: opBlockHash(&m)
            case 0x41: opCoinbase(&m)
            case 0x42: opTimestamp(&m)
            case 0x43: opNumber(&m)
            case 0x44: opPrevRandao(&m)
            case 0x45: opGasLimit(&m)
            case 0x46: opChainId(&m)
            case 0x47: try opSelfBalance(&m)
            case 0x48: opBaseFee(&m)
            case 0x49: opBlobHash(&m)
            case 0x4a: opBlobBaseFee(&m)
            case 0x50: m.opPop()
            case 0x51: try m.opMload()
            case 0x52: try m.opMstore()
            case 0x53: try m.opMstore8()
            case 0x54: try opSload(&m)
            case 0x55: try opSstore(&m)
            case 0x56: try m.opJump()
            case 0x57: try m.opJumpi()
            case 0x58: m.opPc()
            case 0x59: m.opMsize()
            case 0x5a: m.opGas()
            case 0x5b: m.pc &+= 1
            case 0x5c: opTload(&m)
            case 0x5d: try opTstore(&m)
            case 0x5e: try m.opMcopy()
            case 0x5f: m.opPush0()
            case 0x60: m.opPush1()
            case 0x61...0x7f: m.opPush(Int(op) &- 0x5f)
            case 0x80...0x8f: m.opDup(Int(op) &- 0x7f)
            case 0x90...0x9f: m.opSwap(Int(op) &- 0x8f)
            case 0xa0...0xa4: try opLog(&m, topics: Int(op) &- 0xa0)
            case 0xf0: try opCreate(&m, isCreate2: false)
            case 0xf1: try opCall(&m, kind: .call)
            case 0xf2: try opCall(&m, kind: .callCode)
            case 0xf3: try m.opReturn(); return true
            case 0xf4: try opCall(&m, kind: .delegateCall)
            case 0xf5: try opCreate(&m, isCreate2: true)
            case 0xfa: try opCall(&m, kind: .staticCall)
            case 0xfd: try m.opReturn(); return false
            case 0xff: try opSelfDestruct(&m); return true
            default: throw .invalidOpcode(op)
            }
        }
    }
}
