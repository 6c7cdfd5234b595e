import FuzzSupport
import Foundation
import Blocks

/// Block-file parsing of arbitrary bytes: an error naming a field or a block, never a crash; an
/// accepted block encodes to a file that decodes to the same block and encodes identically.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBlockFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Data(FuzzInput(data, size).bytes)
    if let block = try? BlockFile.decode(bytes) {
        let encoded = BlockFile.encode(block)
        guard let again = try? BlockFile.decode(encoded) else { preconditionFailure("BlockFile: own encoding rejected") }
        precondition(again == block, "BlockFile: round trip changed the block")
        precondition(BlockFile.encode(again) == encoded, "BlockFile: encoding not deterministic")
    }
    return 0
}

/// SwiftPM links this executable with `main` aliased to `FuzzBlockFile_main`.
@_cdecl("FuzzBlockFile_main")
public func fuzzBlockFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzBlockFile)
}
