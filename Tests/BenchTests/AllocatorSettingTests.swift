import Testing
import Allocator

/// What the sweep asks of the allocator before it measures (`AllocatorInfo.keepFreedPages`).
@Suite struct AllocatorSettingTests {
    /// The setting is accepted by whichever allocator serves the process; under jemalloc it
    /// reads back as "never purge" for arenas made from now on.
    @Test func freedPagesAreKept() {
        let setting = AllocatorInfo.keepFreedPages()
        #expect(setting != nil)
        if AllocatorInfo.name == "jemalloc" {
            #expect(setting == "jemalloc decay off")
            #expect(AllocatorInfo.dirtyDecayMilliseconds == -1)
        } else {
            #expect(setting?.hasPrefix("glibc") == true)
            #expect(AllocatorInfo.dirtyDecayMilliseconds == nil)
        }
    }
}
