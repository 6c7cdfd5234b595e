import Primitives
import StateAccess
import Blocks

// Message calls and contract creation (EELS `cancun/vm/interpreter.py`).
extension TransactionExecutor {
    /// EELS `process_message`: value transfer and code execution under a checkpoint that is
    /// reverted when the frame fails. A successful call leaves its target touched if it is
    /// empty (EIP-161; `incorporate_child_on_success`).
    func processMessage(_ msg: Message, code: AnalyzedCode) throws(ExecutionInterrupt) -> FrameResult {
        if code.count == 0 && !isPrecompile(msg.codeAddress) { return try transferOnly(msg) }
        let cp = checkpoint()
        let target: AccountEntry
        do {
            target = try account(msg.target)
            if msg.transfersValue && !msg.value.isZero {
                let from = try account(msg.caller)
                setBalance(from, from.info.balance &- msg.value)
                setBalance(target, target.info.balance &+ msg.value)
            }
        } catch {
            throw Self.interruptOf(error)
        }
        let r = try executeCode(msg, code: code)
        if r.success {
            if target.existsAndIsEmpty { touch(target) }
            commit(cp)
        } else {
            revert(to: cp)
        }
        return r
    }

    /// A message to an account without code (and not a precompile) cannot fail: the value
    /// moves, the target is touched, and no checkpoint is needed.
    func transferOnly(_ msg: Message) throws(ExecutionInterrupt) -> FrameResult {
        do {
            let target = try account(msg.target)
            if msg.transfersValue && !msg.value.isZero {
                let from = try account(msg.caller)
                setBalance(from, from.info.balance &- msg.value)
                setBalance(target, target.info.balance &+ msg.value)
            }
            if target.existsAndIsEmpty { touch(target) }
        } catch {
            throw Self.interruptOf(error)
        }
        return FrameResult(success: true, gasLeft: msg.gas, output: [], error: nil)
    }

    /// EELS `process_create_message`: the new account starts with empty storage and nonce 1,
    /// runs the init code, and on success pays 200 gas per byte of the returned code
    /// (EIP-170 size limit, EIP-3541 no 0xEF prefix).
    func processCreateMessage(_ msg: Message, initCode: [UInt8]) throws(ExecutionInterrupt) -> FrameResult {
        let cp = checkpoint()
        let e: AccountEntry
        do { e = try account(msg.target) } catch { throw Self.interruptOf(error) }
        markCreated(e)
        incrementNonce(e)
        var r = try processMessage(msg, code: initCode.isEmpty ? AnalyzedCode.empty : AnalyzedCode(initCode))
        if r.success {
            let code = r.output
            let cost = Gas.codeDeposit &* UInt64(code.count)
            var failure: Halt? = nil
            if code.first == 0xEF {
                failure = .invalidContractPrefix
            } else if cost > UInt64(r.gasLeft) || code.count > Gas.maxCodeSize {
                failure = .outOfGas
            }
            if let f = failure {
                revert(to: cp)
                r = FrameResult(success: false, gasLeft: 0, output: [], error: f.name)
            } else {
                r.gasLeft -= Int64(cost)
                setCode(e, code)
                commit(cp)
            }
        } else {
            revert(to: cp)
        }
        return r
    }

    static func interruptOf(_ halt: Halt) -> ExecutionInterrupt {
        if case .interrupt(let i) = halt { return i }
        return .unsupported("unexpected halt \(halt.name) outside a frame")
    }

    /// EELS `execute_code`: a precompile, or the interpreter over `code`.
    func executeCode(_ msg: Message, code: AnalyzedCode) throws(ExecutionInterrupt) -> FrameResult {
        if !msg.isCreate && isPrecompile(msg.codeAddress) {
            switch Precompiles.run(msg.codeAddress, input: msg.data, gasLimit: UInt64(msg.gas), fork: fork) {
            case .success(let used, let output):
                if used > UInt64(msg.gas) { return FrameResult(success: false, gasLeft: 0, output: [], error: "OutOfGas") }
                return FrameResult(success: true, gasLeft: msg.gas - Int64(used), output: output, error: nil)
            case .failure:
                return FrameResult(success: false, gasLeft: 0, output: [], error: Halt.precompileFailure.name)
            case .unsupported(let what):
                throw .unsupported(what)
            }
        }
        if code.count == 0 { return FrameResult(success: true, gasLeft: msg.gas, output: [], error: nil) }
        if stackBase &- StackGuard.currentAddress() > stackBudget { return try executeCodeOnLargeStack(msg, code: code) }
        let depth = msg.depth
        while stacks.count <= depth {
            stacks.append(.allocate(capacity: Gas.stackLimit))
            memories.append(Memory())
        }
        let memory = memories[depth]
        memory.reset()
        var m = Machine(code: code, gas: msg.gas, stack: stacks[depth], memory: memory, msg: msg)
        do {
            let ok = try run(&m)
            return FrameResult(success: ok, gasLeft: m.gas, output: m.output, error: ok ? nil : "Revert")
        } catch {
            if case .interrupt(let i) = error { throw i }
            return FrameResult(success: false, gasLeft: 0, output: [], error: error.name)
        }
    }

    /// Continues a deep call chain on a helper thread with a large stack (see `StackGuard`).
    @inline(never)
    func executeCodeOnLargeStack(_ msg: Message, code: AnalyzedCode) throws(ExecutionInterrupt) -> FrameResult {
        let savedBase = stackBase, savedBudget = stackBudget
        defer { stackBase = savedBase; stackBudget = savedBudget }
        final class Out: @unchecked Sendable { var result: Result<FrameResult, ExecutionInterrupt> = .failure(.unsupported("helper thread did not run")) }
        let out = Out()
        StackGuard.runOnLargeStack {
            self.stackBase = StackGuard.currentAddress()
            self.stackBudget = StackGuard.helperBudget
            do throws(ExecutionInterrupt) { out.result = .success(try self.executeCode(msg, code: code)) } catch { out.result = .failure(error) }
        }
        return try out.result.get()
    }

    /// keccak(rlp([sender, nonce]))[12:]
    func createAddress(sender: Address, nonce: UInt64) -> Address {
        var w = RLPWriter()
        let l = w.beginList()
        w.append(sender)
        w.append(nonce)
        w.endList(l)
        return Address(U256(keccak(w.bytes)))
    }

    /// keccak(0xff ++ sender ++ salt ++ keccak(initcode))[12:]
    func create2Address(sender: Address, salt: U256, initCode: [UInt8]) -> Address {
        var buf = [UInt8]()
        buf.reserveCapacity(85)
        buf.append(0xff)
        buf.append(contentsOf: sender.bytes)
        buf.append(contentsOf: Bytes32(salt).bytes)
        buf.append(contentsOf: keccak(initCode).bytes)
        return Address(U256(keccak(buf)))
    }
}
