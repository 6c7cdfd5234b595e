import Primitives

// KECCAK256, MLOAD, MSTORE, MSTORE8, MSIZE, MCOPY (EIP-5656), and the copies from call data,
// code and return data into memory.
extension Machine {
    /// KECCAK256: 30 + 6 per word + memory.
    @inline(__always) mutating func opKeccak256() throws(Halt) {
        let offset = pop(), size = peek(0)
        let o = try expandMemory(offset, size)
        let n = Machine.smallSize(size)
        try charge(Gas.keccakWord &* Gas.words(UInt64(n)))
        let h = keccak(UnsafeRawBufferPointer(start: memory.base + o, count: n))
        setTop(U256(h))
        pc &+= 1
    }

    @inline(__always) mutating func opMload() throws(Halt) {
        let offset = peek(0)
        let o = try expandMemory(offset, U256(32))
        setTop(U256(loadingFrom: UnsafeRawPointer(memory.base + o)))
        pc &+= 1
    }

    @inline(__always) mutating func opMstore() throws(Halt) {
        let offset = pop(), value = pop()
        let o = try expandMemory(offset, U256(32))
        value.store(to: memory.base + o)
        pc &+= 1
    }

    @inline(__always) mutating func opMstore8() throws(Halt) {
        let offset = pop(), value = pop()
        let o = try expandMemory(offset, .one)
        memory.base.storeBytes(of: UInt8(truncatingIfNeeded: value.w0), toByteOffset: o, as: UInt8.self)
        pc &+= 1
    }

    @inline(__always) mutating func opMsize() { push(U256(UInt64(memory.size))); pc &+= 1 }

    /// MCOPY dst src size: 3 + 3 per word + memory for both ranges.
    @inline(__always) mutating func opMcopy() throws(Halt) {
        let dst = pop(), src = pop(), size = pop()
        if !size.isZero {
            let d = try expandMemory(dst, size)
            let s = try expandMemory(src, size)
            let n = Machine.smallSize(size)
            try charge(Gas.copyWord &* Gas.words(UInt64(n)))
            (memory.base + d).copyMemory(from: memory.base + s, byteCount: n)
        }
        pc &+= 1
    }

    /// A copy into memory: 3 static (in the table) + 3 per word + memory.
    @inline(__always)
    mutating func copyCost(_ memOffset: U256, _ size: U256) throws(Halt) -> (Int, Int) {
        let o = try expandMemory(memOffset, size)
        let n = size.isZero ? 0 : Machine.smallSize(size)
        try charge(Gas.copyWord &* Gas.words(UInt64(n)))
        return (o, n)
    }

    @inline(__always) mutating func opCallDataLoad() {
        let offset = peek(0)
        var word = U256.zero
        msg.data.withUnsafeBytes { b in
            guard let o = offset.uint64, o < UInt64(b.count) else { return }
            let start = Int(o)
            if start + 32 <= b.count {
                word = U256(loadingFrom: b.baseAddress! + start)
            } else {
                var tmp = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                withUnsafeMutableBytes(of: &tmp) { t in
                    t.baseAddress!.copyMemory(from: b.baseAddress! + start, byteCount: b.count - start)
                    word = U256(loadingFrom: t.baseAddress!)
                }
            }
        }
        setTop(word)
        pc &+= 1
    }

    @inline(__always) mutating func opCallDataSize() { push(U256(UInt64(msg.data.count))); pc &+= 1 }

    @inline(__always) mutating func opCallDataCopy() throws(Halt) {
        let memOffset = pop(), dataOffset = pop(), size = pop()
        let (o, n) = try copyCost(memOffset, size)
        memory.write(o, n, from: msg.data, sourceOffset: dataOffset)
        pc &+= 1
    }

    @inline(__always) mutating func opCodeSize() { push(U256(UInt64(analyzed.count))); pc &+= 1 }

    @inline(__always) mutating func opCodeCopy() throws(Halt) {
        let memOffset = pop(), codeOffset = pop(), size = pop()
        let (o, n) = try copyCost(memOffset, size)
        memory.write(o, n, from: UnsafeRawPointer(analyzed.bytes), sourceCount: analyzed.count, sourceOffset: codeOffset)
        pc &+= 1
    }

    @inline(__always) mutating func opReturnDataSize() { push(U256(UInt64(returnData.count))); pc &+= 1 }

    /// RETURNDATACOPY: reading past the end of the return data is an exceptional halt (EIP-211).
    @inline(__always) mutating func opReturnDataCopy() throws(Halt) {
        let memOffset = pop(), dataOffset = pop(), size = pop()
        let (o, n) = try copyCost(memOffset, size)
        let (end, overflow) = dataOffset.addingReportingOverflow(size)
        if overflow || end > U256(UInt64(returnData.count)) { throw .returnDataOutOfBounds }
        memory.write(o, n, from: returnData, sourceOffset: dataOffset)
        pc &+= 1
    }
}

extension TransactionExecutor {
    /// KECCAK256, and when it hashed 64 bytes (how Solidity and Vyper locate a mapping entry:
    /// key and slot) a hint to the view that the running contract's slot of that hash may be
    /// read soon (`StateView.prefetchStorage`). Out of line, so that the dispatch loop keeps
    /// its code (inlined, the hint grew it by a third of a kilobyte); one call is nothing
    /// beside the hash itself.
    @inline(never)
    func opKeccak256(_ m: inout Machine) throws(Halt) {
        let mappingKey = m.peek(1) == U256(UInt64(64))
        try m.opKeccak256()
        if mappingKey { view.prefetchStorage(m.msg.target, slot: m.peek(0)) }
    }
}
