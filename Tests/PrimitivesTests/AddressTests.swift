import Testing
@testable import Primitives

@Suite struct AddressTests {
    @Test func hexRoundTrip() throws {
        let a = try Address(hex: "0x00000000000000000000000000000000000000Ff")
        #expect(a.hex == "0x00000000000000000000000000000000000000ff")
        #expect(a == Address(low: 0xff))
    }

    @Test func rejectsBadHex() {
        #expect(throws: ParseError.oddLength(3)) { try Address(hex: "0x123") }
        #expect(throws: ParseError.wrongWidth(expected: 20, got: 2)) { try Address(hex: "0x1234") }
        #expect(throws: ParseError.invalidCharacter("g", offset: 1)) { try Address(hex: "0g") }
    }

    @Test func wordConversionsRoundTrip() throws {
        let a = try Address(hex: "0x0102030405060708090a0b0c0d0e0f1011121314")
        #expect(Address(U256(a)) == a)
        let h = try Bytes32(hex: "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(Bytes32(U256(h)) == h)
        #expect(U256(h).w0 == 0x18191a1b1c1d1e1f)
        #expect(h.nibble(3) == 1)
    }
}
