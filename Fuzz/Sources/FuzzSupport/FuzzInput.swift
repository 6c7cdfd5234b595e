import CFuzzerDriver

/// Reads a fuzzer's bytes as a stream of small decisions; past the end every read is zero, so
/// any input, however short, describes a complete case.
public struct FuzzInput {
    public let bytes: [UInt8]
    public var position = 0

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    }

    public var isAtEnd: Bool { position >= bytes.count }

    public mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// A value in 0..<bound (bound > 0).
    public mutating func int(below bound: Int) -> Int { Int(byte()) % bound }

    public mutating func uint64(bytes count: Int) -> UInt64 {
        var v: UInt64 = 0
        for _ in 0..<count { v = v << 8 | UInt64(byte()) }
        return v
    }

    /// Up to `max` bytes, length taken from the input.
    public mutating func chunk(max: Int) -> [UInt8] {
        let wanted = Int(uint64(bytes: 2)) % (max + 1)
        let start = Swift.min(position, bytes.count)
        let n = Swift.min(wanted, bytes.count - start)
        defer { position += n }
        return Array(bytes[start..<start + n])
    }
}

/// The entry point of a fuzzer executable: libFuzzer's driver with `target` as the test function.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    fuzz_run_driver(argc, argv, target)
}
