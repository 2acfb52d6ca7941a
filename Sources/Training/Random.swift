/// SplitMix64 (Steele, Lea, Flood 2014): used only to expand a 64-bit seed into xoshiro's 256-bit state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The run's pseudo-random generator: xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64.
///
/// Gaussian numbers come from Marsaglia's polar method, whose only transcendental step is a logarithm computed by
/// `DeterministicMath.log` with plain IEEE-754 arithmetic, so one seed yields the same bits on every platform.
/// Uniform doubles take the top 53 bits of a 64-bit output.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second value of the last polar-method pair, returned by the next `nextGaussian()`.
    private var spareGaussian: Double?

    /// Seeds the 256-bit state with four consecutive SplitMix64 outputs.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal N(0, 1) draw (Marsaglia polar method; values come in pairs).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let factor = (-2 * DeterministicMath.log(s) / s).squareRoot()
            spareGaussian = v * factor
            return u * factor
        }
    }

    /// `count` standard normal draws.
    public mutating func gaussians(_ count: Int) -> [Double] {
        (0..<count).map { _ in nextGaussian() }
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
