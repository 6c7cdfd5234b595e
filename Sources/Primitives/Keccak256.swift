/// Keccak-256 with Ethereum's padding (0x01, not SHA-3's 0x06). Placeholder signature: the
/// implementation (unrolled Keccak-f[1600], one-shot and streaming) is being written.
public enum Keccak256 {
    /// The hash of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> Bytes32 where C.Element == UInt8 {
        fatalError("unimplemented")
    }
}
