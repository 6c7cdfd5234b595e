import Primitives
import StateAccess

enum CallKind { case call, callCode, delegateCall, staticCall }

// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2, SELFDESTRUCT (EIP-6780).
extension TransactionExecutor {
    /// The four calls (EELS `system.py` `call`…`staticcall` and `generic_call`).
    func opCall(_ m: inout Machine, kind: CallKind) throws(Halt) {
        // STACK
        let gasArg = m.pop()
        let to = Address(m.pop())
        let value: U256
        switch kind {
        case .call, .callCode: value = m.pop()
        case .delegateCall: value = m.msg.value
        case .staticCall: value = .zero
        }
        let inOffset = m.pop(), inSize = m.pop(), outOffset = m.pop(), outSize = m.pop()

        // GAS: memory for both ranges, then access, new account and value costs, then EIP-150.
        let inO = try m.expandMemory(inOffset, inSize)
        let outO = try m.expandMemory(outOffset, outSize)
        var extra = accountAccessCost(to)
        let transfers = (kind == .call || kind == .callCode) && !value.isZero
        if kind == .call {
            let target = try account(to)
            if transfers && !target.isAlive { extra += Gas.newAccount }
        }
        if transfers { extra += Gas.callValue }
        let gasLeft = UInt64(m.gas)
        if gasLeft < extra { throw .outOfGas }
        let childGas = min(gasArg.clampedUInt64, Gas.allButOne64th(gasLeft - extra))
        try m.charge(childGas + extra)
        if kind == .call && transfers && m.msg.isStatic { throw .staticViolation }
        let stipend: UInt64 = transfers ? Gas.callStipend : 0

        // OPERATION
        m.returnData = []
        if transfers {
            let me = try account(m.msg.target)
            if me.info.balance < value {
                m.gas += Int64(childGas + stipend)
                m.push(.zero)
                m.pc &+= 1
                return
            }
        }
        if m.msg.depth + 1 > Gas.callDepthLimit {
            m.gas += Int64(childGas + stipend)
            m.push(.zero)
            m.pc &+= 1
            return
        }
        let input = m.memory.read(inO, inSize.isZero ? 0 : Machine.smallSize(inSize))
        let codeAccount = try account(to)
        let code = self.code(of: codeAccount)
        let child: Message
        switch kind {
        case .call:
            child = Message(caller: m.msg.target, target: to, codeAddress: to, value: value, data: input,
                            gas: Int64(childGas + stipend), depth: m.msg.depth + 1, isStatic: m.msg.isStatic,
                            isCreate: false, transfersValue: true)
        case .callCode:
            child = Message(caller: m.msg.target, target: m.msg.target, codeAddress: to, value: value, data: input,
                            gas: Int64(childGas + stipend), depth: m.msg.depth + 1, isStatic: m.msg.isStatic,
                            isCreate: false, transfersValue: true)
        case .delegateCall:
            child = Message(caller: m.msg.caller, target: m.msg.target, codeAddress: to, value: value, data: input,
                            gas: Int64(childGas), depth: m.msg.depth + 1, isStatic: m.msg.isStatic,
                            isCreate: false, transfersValue: false)
        case .staticCall:
            child = Message(caller: m.msg.target, target: to, codeAddress: to, value: .zero, data: input,
                            gas: Int64(childGas), depth: m.msg.depth + 1, isStatic: true,
                            isCreate: false, transfersValue: true)
        }
        let r: FrameResult
        do { r = try processMessage(child, code: code) } catch { throw .interrupt(error) }
        if !r.success { ripemdTouchException(child.target) }
        m.gas += r.gasLeft
        m.returnData = r.output
        m.push(r.success ? .one : .zero)
        if !outSize.isZero {
            let n = min(Machine.smallSize(outSize), r.output.count)
            if n > 0 { m.memory.write(outO, n, from: r.output, sourceOffset: .zero) }
        }
        m.pc &+= 1
    }

    /// EELS `incorporate_child_on_error`: the empty precompile 0x03 stays touched even when the
    /// call to it failed (mainnet block 2675119).
    func ripemdTouchException(_ target: Address) {
        guard target == Address(low: 3), let e = tx.accounts[target], e.existsAndIsEmpty else { return }
        touch(e)
    }

    /// CREATE and CREATE2 (EELS `create`, `create2`, `generic_create`).
    func opCreate(_ m: inout Machine, isCreate2: Bool) throws(Halt) {
        // STACK
        let value = m.pop(), offset = m.pop(), size = m.pop()
        let salt = isCreate2 ? m.pop() : .zero

        // GAS (32000 static in the table)
        let o = try m.expandMemory(offset, size)
        let n = size.isZero ? 0 : Machine.smallSize(size)
        let words = Gas.words(UInt64(n))
        if isShanghai { try m.charge(Gas.initCodeWord &* words) }
        if isCreate2 { try m.charge(Gas.keccakWord &* words) }

        // OPERATION
        if isShanghai && n > Gas.maxInitCodeSize { throw .outOfGas }
        let initCode = m.memory.read(o, n)
        let me = try account(m.msg.target)
        let address = isCreate2
            ? create2Address(sender: m.msg.target, salt: salt, initCode: initCode)
            : createAddress(sender: m.msg.target, nonce: me.info.nonce)
        _ = warmAccount(address)
        let childGas = Gas.allButOne64th(UInt64(m.gas))
        m.gas -= Int64(childGas)
        if m.msg.isStatic { throw .staticViolation }
        m.returnData = []
        if me.info.balance < value || me.info.nonce == UInt64.max || m.msg.depth + 1 > Gas.callDepthLimit {
            m.gas += Int64(childGas)
            m.push(.zero)
            m.pc &+= 1
            return
        }
        let target = try account(address)
        if target.hasCodeOrNonce {
            incrementNonce(me)
            m.push(.zero)
            m.pc &+= 1
            return
        }
        if try hasStorage(address) {
            incrementNonce(me)
            m.push(.zero)
            m.pc &+= 1
            return
        }
        incrementNonce(me)
        let child = Message(caller: m.msg.target, target: address, codeAddress: address, value: value, data: [],
                            gas: Int64(childGas), depth: m.msg.depth + 1, isStatic: false, isCreate: true,
                            transfersValue: true)
        let r: FrameResult
        do { r = try processCreateMessage(child, initCode: initCode) } catch { throw .interrupt(error) }
        m.gas += r.gasLeft
        if r.success {
            m.returnData = []
            m.push(U256(address))
        } else {
            m.returnData = r.output
            m.push(.zero)
        }
        m.pc &+= 1
    }

    /// SELFDESTRUCT: the balance goes to the beneficiary; the account is deleted only when it was
    /// created in this transaction (EIP-6780, Cancun; always before Cancun).
    func opSelfDestruct(_ m: inout Machine) throws(Halt) {
        let beneficiaryAddress = Address(m.pop())
        var cost: UInt64 = 0
        if !isWarm(beneficiaryAddress) { cost += Gas.coldAccountAccess }
        let beneficiary = try account(beneficiaryAddress)
        let originator = try account(m.msg.target)
        if !beneficiary.isAlive && !originator.info.balance.isZero { cost += Gas.selfDestructNewAccount }
        try m.charge(cost)
        if m.msg.isStatic { throw .staticViolation }
        let amount = originator.info.balance
        if isCancun {
            // EIP-6780: move the balance (no change when the beneficiary is the originator);
            // only an account created in this transaction is deleted, burning what it still holds.
            if beneficiary !== originator {
                setBalance(originator, .zero)
                setBalance(beneficiary, beneficiary.info.balance &+ amount)
            }
            if originator.created {
                setBalance(originator, .zero)
                markDestructed(originator)
            }
        } else {
            setBalance(beneficiary, beneficiary.info.balance &+ amount)
            setBalance(originator, .zero)
            markDestructed(originator)
        }
        if beneficiary.existsAndIsEmpty { touch(beneficiary) }
        m.pc &+= 1
    }
}
