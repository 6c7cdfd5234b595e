import Blocks
import Foundation
import Ledger
import Primitives
import Testing

/// `pre` parsing: accepted forms and the errors that name the offending field.
@Suite struct AllocationParserTests {
    static let a = "0x00000000000000000000000000000000000000aa"

    func parse(_ text: String) throws -> [Address: GenesisAccount] {
        try ShardedLedger.parseAllocation(try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }

    func error(_ text: String) -> AllocationError? {
        do { _ = try parse(text); return nil } catch let e as AllocationError { return e } catch { return nil }
    }

    @Test func acceptsHexDecimalAndIntegers() throws {
        let p = try parse("""
        {"\(Self.a)": {"balance": "0x0de0b6b3a7640000", "nonce": 7, "code": "0x6001",
                       "storage": {"0x00": "0x01", "0x02": "0x00", "10": "255"}}}
        """)
        let g = try #require(p[try Address(hex: Self.a)])
        #expect(g.balance == U256(1_000_000_000_000_000_000))
        #expect(g.nonce == 7)
        #expect(g.code == [0x60, 0x01])
        #expect(g.storage == [U256(0): U256(1), U256(10): U256(255)])
    }

    @Test func rejectsMalformedFields() {
        #expect(error(#"{"\#(Self.a)": {"balance": "0xzz"}}"#)?.field == "pre[\(Self.a)].balance")
        #expect(error(#"{"\#(Self.a)": {"balance": "0x1", "nonce": "0x10000000000000000"}}"#)?.field == "pre[\(Self.a)].nonce")
        #expect(error(#"{"\#(Self.a)": {"balance": "0x1\#(String(repeating: "0", count: 64))"}}"#)?.field == "pre[\(Self.a)].balance")
        #expect(error(#"{"\#(Self.a)": {"balance": "0x1", "code": "0x123"}}"#)?.field == "pre[\(Self.a)].code")
        #expect(error(#"{"\#(Self.a)": {"balance": "0x1", "storage": {"0xg1": "0x1"}}}"#)?.field == "pre[\(Self.a)].storage[0xg1]")
        #expect(error(#"{"\#(Self.a)": {"balance": "0x1", "storage": {"0x1": "0x01", "0x01": "0x2"}}}"#)?.field.hasPrefix("pre[\(Self.a)].storage[") == true)
        #expect(error(#"{"0x00aa": {"balance": "0x1"}}"#)?.field == "pre[0x00aa]")
        #expect(error(#"{"\#(Self.a)": {"balance": "-5"}}"#)?.field == "pre[\(Self.a)].balance")
        #expect(error(#"{"\#(Self.a)": {"balance": true}}"#)?.field == "pre[\(Self.a)].balance")
        #expect(error(#"[1, 2]"#)?.field == "pre")
    }

    @Test func rejectsAddressesDifferingOnlyInCase() {
        let e = error("""
        {"0x00000000000000000000000000000000000000Aa": {"balance": "0x1"},
         "0x00000000000000000000000000000000000000aA": {"balance": "0x2"}}
        """)
        #expect(e?.reason.contains("case") == true)
    }

    @Test func rejectsEmptyAccount() {
        let e = error(#"{"\#(Self.a)": {"balance": "0x0", "nonce": "0x0", "code": "0x", "storage": {}}}"#)
        #expect(e?.field == "pre[\(Self.a)]")
        #expect(e?.reason.contains("empty") == true)
    }
}
