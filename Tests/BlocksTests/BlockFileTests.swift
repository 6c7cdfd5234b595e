import Foundation
import Testing
import Primitives
@testable import Blocks

@Suite struct BlockFileTests {
    static let sample = """
    {"fork": "cancun",
     "env": {"chainId": "0x1", "coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": "0x1",
             "timestamp": 1700000000, "gasLimit": "30000000", "baseFee": "0x7",
             "blockHashes": {"0": "0x44"}},
     "pre": {"0x00000000000000000000000000000000000000aa": {"balance": "0x56bc75e2d63100000", "nonce": "0x0",
                 "code": "0x6001", "storage": {"0x2": "0x3b9aca00", "0x3": "0x0"}}},
     "txs": [
       {"from": "0x00000000000000000000000000000000000000aa", "to": "0x00000000000000000000000000000000000000bb",
        "nonce": "0x0", "gas": "0x5208", "gasPrice": "0xa", "value": "0x1", "data": "0x"},
       {"from": "0x00000000000000000000000000000000000000aa", "to": null, "nonce": "0x1", "gas": "0x13880",
        "maxFeePerGas": "0x14", "maxPriorityFeePerGas": "0x1", "value": "0x0", "data": "0x6000",
        "accessList": [{"address": "0x00000000000000000000000000000000000000bb", "storageKeys": ["0x01"]}]}
     ]}
    """

    @Test func decodesEveryField() throws {
        let block = try BlockFile.decode(Data(Self.sample.utf8))
        #expect(block.fork == .cancun)
        #expect(block.env.timestamp == 1_700_000_000)
        #expect(block.env.gasLimit == 30_000_000)
        #expect(block.env.baseFee == U256(7))
        #expect(block.env.blockHashes[0] == Bytes32(U256(0x44)))
        let a = try #require(block.pre[Address(low: 0xaa)])
        #expect(a.code == [0x60, 0x01])
        #expect(a.storage == [U256(2): U256(1_000_000_000)])  // zero slot dropped
        #expect(block.transactions.count == 2)
        #expect(block.transactions[0].kind == .legacy)
        #expect(block.transactions[1].kind == .dynamicFee)
        #expect(block.transactions[1].to == nil)
        #expect(block.transactions[1].accessList?.first?.storageKeys == [U256(1)])
    }

    @Test func encodingRoundTripsAndIsDeterministic() throws {
        let block = try BlockFile.decode(Data(Self.sample.utf8))
        let once = BlockFile.encode(block)
        let again = try BlockFile.decode(once)
        #expect(again == block)
        #expect(BlockFile.encode(again) == once)
    }

    /// Every malformed input gets an error that names the field.
    @Test(arguments: [
        ("{", ""),
        (#"{"env": {}, "pre": {}, "txs": []}"#, "env.coinbase"),
        (#"{"fork": "frontier", "env": {}, "pre": {}, "txs": []}"#, "fork"),
        (#"{"env": {"coinbase": "0x12", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {}, "txs": []}"#, "env.coinbase"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": "0x1g"}, "pre": {}, "txs": []}"#, "env.gasLimit"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {"0x00000000000000000000000000000000000000aa": {"balance": "0x0"}}, "txs": []}"#, "pre.0x00000000000000000000000000000000000000aa"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {"0x00000000000000000000000000000000000000aa": {"balance": "0x1"}, "0x00000000000000000000000000000000000000AA": {"balance": "0x1"}}, "txs": []}"#, "pre.0x00000000000000000000000000000000000000aa"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {}, "txs": [{"from": "0x00000000000000000000000000000000000000aa", "nonce": "0x0", "gas": true, "gasPrice": "0x1"}]}"#, "txs[0].gas"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {}, "txs": [{"from": "0x00000000000000000000000000000000000000aa", "nonce": "0x0", "gas": "0x1", "gasPrice": "0x1", "data": "0x123"}]}"#, "txs[0].data"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": "0x10000000000000000"}, "pre": {}, "txs": []}"#, "env.gasLimit"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1, "baseFee": "0x1\#(String(repeating: "0", count: 64))"}, "pre": {}, "txs": []}"#, "env.baseFee"),
        (#"{"env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": 1, "timestamp": 1, "gasLimit": 1}, "pre": {}, "txs": [{"from": "0x00000000000000000000000000000000000000aa", "nonce": "0x0", "gas": "0x1"}]}"#, "txs[0].gasPrice"),
    ])
    func rejectsMalformedInputNamingTheField(text: String, path: String) {
        do {
            _ = try BlockFile.decode(Data(text.utf8))
            Issue.record("accepted malformed input \(text)")
        } catch {
            #expect(error.path.lowercased() == path.lowercased(), "\(error)")
            #expect(!error.message.isEmpty)
        }
    }
}
