import FuzzSupport
import Primitives

/// RLP decoding of arbitrary bytes: an error or an item, never a crash; the decoder accepts only
/// canonical encodings, so an accepted input re-encodes to exactly itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRLP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    if let item = try? RLP.decode(input) {
        let again = RLP.encode(item)
        precondition(again == input, "RLP: accepted input does not re-encode to itself")
    }
    return 0
}

/// SwiftPM links this executable with `main` aliased to `FuzzRLP_main`.
@_cdecl("FuzzRLP_main")
public func fuzzRLPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzRLP)
}
