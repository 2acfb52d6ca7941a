extension UnsafeMutablePointer where Pointee == Double {
    /// Allocates room for `count` doubles (at least one) starting on a 64-byte boundary, a cache line and one AVX-512
    /// vector. The engine's columns and scratch blocks are read eight lanes at a time; with the default 16-byte
    /// alignment every other vector load straddles two cache lines, and how many do changed from one process to the
    /// next with where malloc put the buffers (train-n100 ran at 0.067 or 0.11 µs/epoch depending on the process).
    /// Release with `deallocate()`.
    static func allocateAligned(capacity count: Int) -> UnsafeMutablePointer<Double> {
        let capacity = Swift.max(count, 1)
        return UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: capacity)
    }
}
