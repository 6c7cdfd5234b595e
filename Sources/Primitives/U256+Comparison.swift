/// Ordering and literals. Comparison is unsigned, as in EVM `LT`/`GT`; the signed forms live in
/// `U256+Signed.swift`.
extension U256: Comparable, ExpressibleByIntegerLiteral {
    public typealias IntegerLiteralType = UInt64

    @inlinable
    public init(integerLiteral value: UInt64) { self.init(w0: value, w1: 0, w2: 0, w3: 0) }

    /// Borrow-out of `a - b`: a straight `sub/sbb` chain with no data-dependent branches.
    @inlinable @inline(__always)
    public static func < (a: U256, b: U256) -> Bool {
        a.subtractingReportingOverflow(b).overflow
    }
}
