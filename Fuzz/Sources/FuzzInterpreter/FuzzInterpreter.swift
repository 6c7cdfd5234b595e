import Primitives
import StateAccess
import Blocks
import EVM
import FuzzSupport

let sender = Address(low: 0x5e00)
let contract = Address(low: 0xc0de)
let helper = Address(low: 0x0be7)

/// One transaction to a contract with random bytecode (and a second random contract it may call),
/// random calldata, value and gas: it is included or rejected, never crashes, and is charged
/// between the intrinsic gas and its gas limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let gas = 21_000 + input.uint64(bytes: 3) * 4            // up to ~67M
    let value = U256(input.uint64(bytes: 1))
    let code = input.chunk(max: 4_096)
    let helperCode = input.chunk(max: 512)
    let calldata = input.chunk(max: 1_024)
    let create = input.byte() & 0x0f == 0x0f

    let state = InMemoryState()
    state.insert(sender, nonce: 0, balance: U256(1) << 100, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
    state.insert(contract, nonce: 1, balance: U256(1_000), code: code, codeHash: Keccak256.hash(code),
                 storage: [U256(0): U256(1), U256(1): U256(2)])
    state.insert(helper, nonce: 1, balance: .zero, code: helperCode, codeHash: Keccak256.hash(helperCode), storage: [:])
    let env = BlockEnvironment(chainId: 1, coinbase: Address(low: 0xc0b1), number: 100, timestamp: 1000,
                               gasLimit: 100_000_000, baseFee: U256(7), prevRandao: .zero, excessBlobGas: 0)
    let tx = Transaction(from: sender, to: create ? nil : contract, nonce: 0, gasLimit: gas, gasPrice: U256(10),
                         value: value, data: create ? code : calldata)
    let executor = TransactionExecutor(fork: .cancun, env: env)
    do {
        if case .included(let r) = try executor.execute(tx, view: state) {
            precondition(r.gasUsed <= gas && r.gasUsed >= 21_000, "gas used \(r.gasUsed) outside 21000…\(gas)")
            state.apply(r.writeSet)
        }
    } catch {
        // An unsupported precompile interrupts loudly by design; nothing else may be thrown here.
        guard case .unsupported = error else { preconditionFailure("unexpected interrupt \(error)") }
    }
    return 0
}

/// SwiftPM links this executable with `main` aliased to `FuzzInterpreter_main`.
@_cdecl("FuzzInterpreter_main")
public func fuzzInterpreterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzInterpreter)
}
