import Testing
@testable import EVM

/// 0x02 sha256, 0x03 ripemd160 and 0x04 identity against published digests.
@Suite struct PrecompileHashTests {
    static let quickFox = Array("The quick brown fox jumps over the lazy dog".utf8)
    static let two448 = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

    @Test func sha256KnownDigests() {
        #expect(SHA256.hash([]) == hexBytes("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        #expect(SHA256.hash(Array("abc".utf8)) == hexBytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(SHA256.hash(Self.two448) == hexBytes("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
        #expect(SHA256.hash(Self.quickFox) == hexBytes("d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"))
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000))
                == hexBytes("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
    }

    @Test func sha256PaddingBoundaries() {
        // 55, 56 and 64 bytes straddle the one-or-two padding blocks decision.
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 55)) == hexBytes("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"))
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 56)) == hexBytes("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"))
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 64)) == hexBytes("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"))
    }

    @Test func ripemd160KnownDigests() {
        #expect(RIPEMD160.hash([]) == hexBytes("9c1185a5c5e9fc54612808977ee8f548b2258d31"))
        #expect(RIPEMD160.hash(Array("a".utf8)) == hexBytes("0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"))
        #expect(RIPEMD160.hash(Array("abc".utf8)) == hexBytes("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"))
        #expect(RIPEMD160.hash(Array("message digest".utf8)) == hexBytes("5d0689ef49d2fae572b881b123a85ffa21595f36"))
        #expect(RIPEMD160.hash(Self.two448) == hexBytes("12a053384a9c0c88e405a06c27dcf49ada62eb2b"))
        #expect(RIPEMD160.hash(Self.quickFox) == hexBytes("37f332f68db77bd9d7edd4969571ad671cf9dd3b"))
        #expect(RIPEMD160.hash([UInt8](repeating: 0x61, count: 1_000_000))
                == hexBytes("52783243c1697bdbe16d37f97f68f08325dc1528"))
    }

    @Test func sha256PrecompileGasAndOutput() {
        // 60 + 12 per 32-byte word.
        #expect(runPrecompile(2, []) == .success(gasUsed: 60, output: SHA256.hash([])))
        let abc = Array("abc".utf8)
        #expect(runPrecompile(2, abc, gas: 72) == .success(gasUsed: 72, output: SHA256.hash(abc)))
        #expect(runPrecompile(2, abc, gas: 71) == .failure)
        let thirtyThree = [UInt8](repeating: 7, count: 33)
        #expect(runPrecompile(2, thirtyThree, gas: 84) == .success(gasUsed: 84, output: SHA256.hash(thirtyThree)))
        #expect(runPrecompile(2, [], gas: 59) == .failure)
    }

    @Test func ripemd160PrecompileIsLeftPaddedTo32Bytes() {
        // 600 + 120 per word; the 20-byte digest is returned in a 32-byte word.
        let expected = [UInt8](repeating: 0, count: 12) + hexBytes("9c1185a5c5e9fc54612808977ee8f548b2258d31")
        #expect(runPrecompile(3, [], gas: 600) == .success(gasUsed: 600, output: expected))
        #expect(runPrecompile(3, [], gas: 599) == .failure)
        let abc = Array("abc".utf8)
        let abcOut = [UInt8](repeating: 0, count: 12) + hexBytes("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        #expect(runPrecompile(3, abc, gas: 720) == .success(gasUsed: 720, output: abcOut))
        #expect(runPrecompile(3, abc, gas: 719) == .failure)
    }

    @Test func identityCopiesInput() {
        #expect(runPrecompile(4, [], gas: 15) == .success(gasUsed: 15, output: []))
        let data = (0..<65).map { UInt8($0) }
        // 15 + 3 × 3 words.
        #expect(runPrecompile(4, data, gas: 24) == .success(gasUsed: 24, output: data))
        #expect(runPrecompile(4, data, gas: 23) == .failure)
    }
}
