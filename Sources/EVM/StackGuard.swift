#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deep call chains (the EVM allows 1024 nested frames) recurse through the interpreter, which
/// can need more machine stack than the calling thread has (worker threads may have 512 KiB,
/// and debug builds use several KiB per frame). The executor measures how much of the caller's
/// stack it has used; past a budget it continues the call chain on a helper thread with a large
/// stack and waits for it. Only pathological transactions ever hop; normal ones pay one
/// comparison per call frame.
enum StackGuard {
    /// How much of the calling thread's stack execution may use before hopping.
    static let callerBudget: UInt = 256 << 10
    /// Stack of a helper thread, and how much of it may be used before hopping again.
    static let helperStackSize = 512 << 20
    static let helperBudget: UInt = 496 << 20

    /// An address on the current stack (stacks grow down on every supported platform).
    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Runs `body` on a new thread with a large stack and waits for it.
    static func runOnLargeStack(_ body: @escaping () -> Void) {
        let box = StackHopBox(body)
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, helperStackSize)
        let context = Unmanaged.passRetained(box).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let rc = pthread_create(&thread, &attr, { raw in
            let b = Unmanaged<StackHopBox>.fromOpaque(raw!).takeRetainedValue()
            b.body()
            return nil
        }, context)
        if rc != 0 {
            // No thread: run here and hope; releasing the retained box.
            Unmanaged<StackHopBox>.fromOpaque(context).takeRetainedValue().body()
            return
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
    }
}

/// The work handed to a helper thread; the joining thread reads its effects after `pthread_join`.
final class StackHopBox: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
