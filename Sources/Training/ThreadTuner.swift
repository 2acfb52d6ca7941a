/// Decides, epoch by epoch, whether sharing the blocks among threads is actually faster than running them on the
/// calling thread — on a machine whose other cores are busy it is not, because the caller ends up waiting for a
/// worker that lost its core. Results are bit-identical either way, so the choice only affects speed.
///
/// Every `period` evaluations, the first `probes` alternate between the two ways and time them; until the next
/// probe window, the way with the lower recent time is used.
struct ThreadTuner {
    static let period = 128
    static let probes = 8

    private var count = 0
    private var usePool = true
    private var pooledTime = Duration.zero
    private var serialTime = Duration.zero

    /// Whether the next evaluation should use the pool.
    func pooledNext() -> Bool {
        let phase = count % Self.period
        return phase < Self.probes ? phase % 2 == 0 : usePool
    }

    /// Records how long an evaluation took.
    mutating func record(pooled: Bool, duration: Duration) {
        let phase = count % Self.period
        if phase == 0 {
            pooledTime = .zero
            serialTime = .zero
        }
        if phase < Self.probes {
            // The first evaluation of a window warms the workers; count the later ones.
            if phase >= 2 {
                if pooled { pooledTime += duration } else { serialTime += duration }
            }
            if phase == Self.probes - 1 { usePool = pooledTime <= serialTime }
        }
        count &+= 1
    }
}
