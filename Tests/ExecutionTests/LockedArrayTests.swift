import Testing
@testable import Execution

/// The per-element lock of `LockedArray` (an `Atomic` word, spin then yield): mutual exclusion
/// with more workers than cores, so holders get preempted and waiters take the yield path.
/// Under `scripts/tsan.sh` the same test checks that the lock's acquire/release pairs order
/// the plain reads and writes inside it.
@Suite struct LockedArrayTests {
    struct Pair { var a = 0; var b = 0 }

    @Test func eightWorkersNeverLoseAnUpdateOrSeeAHalfWrittenValue() {
        let workers = 8, perWorker = 20_000, elements = 3
        let array = LockedArray(repeating: Pair(), count: elements, cacheLinePadded: false)
        let torn = LockedArray(repeating: 0, count: 1)
        let pool = WorkerPool(count: workers)
        pool.run { w in
            for i in 0..<perWorker {
                let broken = array.withLock((i + w) % elements) { p -> Bool in
                    // Two plain read-modify-writes that must stay together.
                    let ok = p.a == p.b
                    p.a += 1
                    p.b += 1
                    return !ok
                }
                if broken { torn.withLock(0) { $0 += 1 } }
            }
        }
        var total = 0
        for e in 0..<elements { total += array.withLock(e) { $0.a } }
        #expect(total == workers * perWorker)
        #expect(torn.withLock(0) { $0 } == 0)
        for e in 0..<elements { #expect(array.withLock(e) { $0.a == $0.b }) }
    }
}
