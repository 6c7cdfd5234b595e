import Benchmark
import Primitives

/// Primitives on the hot path: Keccak, U256 arithmetic, RLP of an account leaf.
/// Each benchmark runs its body `scaledIterations` times; the reported time is per iteration.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], scalingFactor: .kilo,
                                           maxDuration: .seconds(2), maxIterations: 1_000)

    Benchmark("Keccak-f[1600] permutation") { benchmark in
        var state = KeccakState()
        for _ in benchmark.scaledIterations { KeccakF1600.permute(&state) }
        blackHole(state)
    }

    let input32 = [UInt8](repeating: 0xab, count: 32)
    Benchmark("keccak256 32 bytes") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(input32)) }
    }

    let input136 = [UInt8](repeating: 0xcd, count: 136)
    Benchmark("keccak256 136 bytes") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(input136)) }
    }

    let a = U256(w0: 0x0123_4567_89ab_cdef, w1: 0xfedc_ba98_7654_3210, w2: 0x1111_2222_3333_4444, w3: 0x0555_6666_7777_8888)
    let b = U256(w0: 0x9999_aaaa_bbbb_cccc, w1: 0xdddd_eeee_ffff_0000, w2: 0x1234_5678_9abc_def0, w3: 0x0000_0000_0000_00ff)
    let m = U256(w0: 0xffff_ffff_0000_0001, w1: 0x1234, w2: 0, w3: 0x7fff_ffff_ffff_ffff)

    Benchmark("U256 add") { benchmark in
        var x = a
        for _ in benchmark.scaledIterations { x = x &+ b; blackHole(x) }
    }
    Benchmark("U256 mul") { benchmark in
        var x = a
        for _ in benchmark.scaledIterations { x = x &* b; blackHole(x) }
    }
    Benchmark("U256 div (256 by 200 bits)") { benchmark in
        for i in benchmark.scaledIterations { blackHole((a &+ U256(UInt64(i))).evmDiv(b)) }
    }
    Benchmark("U256 mulmod") { benchmark in
        for i in benchmark.scaledIterations { blackHole((a &+ U256(UInt64(i))).mulMod(b, m)) }
    }
    Benchmark("U256 exp (256-bit exponent)") { benchmark in
        for i in benchmark.scaledIterations { blackHole(b.power(a &+ U256(UInt64(i)))) }
    }

    Benchmark("RLP account leaf [nonce, balance, storageRoot, codeHash]") { benchmark in
        let root = Bytes32(w0: 0x56e81f171bcc55a6, w1: 0xff8345e692c0f86e, w2: 0x5b48e01b996cadc0, w3: 0x01622fb5e363b421)
        let code = Bytes32(w0: 0xc5d2460186f7233c, w1: 0x927e7db2dcc703c0, w2: 0xe500b653ca82273b, w3: 0x7bfad8045d85a470)
        for i in benchmark.scaledIterations {
            var w = RLPWriter()
            let list = w.beginList()
            w.append(UInt64(i))
            w.append(a)
            w.append(root)
            w.append(code)
            w.endList(list)
            blackHole(w.bytes)
        }
    }
}
