import Primitives

/// The memory of one call frame: a zero-initialised byte buffer whose size is a multiple of 32.
/// One per call depth, owned by the executor and reused across frames and transactions (the
/// allocation survives; `size` is reset).
final class Memory {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Active size in bytes (a multiple of 32): what MSIZE reports.
    var size: Int = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Grows the active size to `newSize` (a multiple of 32), zeroing the new bytes.
    func grow(to newSize: Int) {
        if newSize > capacity {
            var c = capacity
            while c < newSize { c *= 2 }
            let nb = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 16)
            nb.copyMemory(from: base, byteCount: size)
            base.deallocate()
            base = nb
            capacity = c
        }
        (base + size).initializeMemory(as: UInt8.self, repeating: 0, count: newSize - size)
        size = newSize
    }

    func reset() { size = 0 }

    /// A copy of `count` bytes at `offset` (already expanded).
    @inline(__always)
    func read(_ offset: Int, _ count: Int) -> [UInt8] {
        if count == 0 { return [] }
        return Array(UnsafeRawBufferPointer(start: base + offset, count: count))
    }

    /// Copies `count` bytes from `source` at `sourceOffset` (zero-padding past the end of the
    /// source) into memory at `offset` (already expanded).
    @inline(__always)
    func write(_ offset: Int, _ count: Int, from source: UnsafeRawPointer?, sourceCount: Int, sourceOffset: U256) {
        if count == 0 { return }
        let dst = base + offset
        var copied = 0
        if let s = source, let so = sourceOffset.uint64, so < UInt64(sourceCount) {
            copied = min(count, sourceCount - Int(so))
            dst.copyMemory(from: s + Int(so), byteCount: copied)
        }
        if copied < count { (dst + copied).initializeMemory(as: UInt8.self, repeating: 0, count: count - copied) }
    }

    func write(_ offset: Int, _ count: Int, from source: [UInt8], sourceOffset: U256) {
        source.withUnsafeBytes { b in
            write(offset, count, from: b.baseAddress, sourceCount: b.count, sourceOffset: sourceOffset)
        }
    }
}

/// The largest memory size this EVM will expand to. Any larger request runs out of gas (the
/// gas cost of 4 GiB of memory is about 3.6e13, beyond any real transaction).
let maxMemorySize: UInt64 = 0xFFFF_FFFF

/// The total cost of `words` words of memory: 3·w + w²/512.
@inline(__always)
func memoryCost(words: UInt64) -> UInt64 { 3 &* words &+ (words &* words) / 512 }
