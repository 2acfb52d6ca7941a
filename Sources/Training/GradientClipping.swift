/// Gradient clipping by the total norm, as PyTorch's `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// torch `clip_grad_norm_(parameters, max_norm: maxNorm)` (L2 norm) on one flat gradient: with n = ‖g‖₂ and
    /// c = maxNorm/(n + 1e-6), the gradient is multiplied by c when c < 1 (that is, when n + 1e-6 > maxNorm —
    /// torch's `clamp(c, max: 1)`, so a norm within 1e-6 below `maxNorm` is also scaled, by a factor within 1e-6 of
    /// 1). Returns n, the norm before clipping.
    ///
    /// The norm is Σg² under a square root, recomputed with scaling by the largest |gᵢ| when that sum overflows or
    /// underflows, so gradients near the ends of the Double range get their true norm. When the norm is not finite
    /// (a NaN or infinite component) or `maxNorm` is negative or NaN, the gradient is left unchanged (torch would
    /// fill it with NaN); the returned norm shows what happened.
    @discardableResult
    public static func clipNorm(_ gradient: inout [Double], maxNorm: Double) -> Double {
        let norm = l2Norm(gradient)
        guard norm.isFinite, maxNorm >= 0 else { return norm }
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            for i in gradient.indices { gradient[i] *= coefficient }
        }
        return norm
    }

    /// ‖v‖₂ without spurious overflow or underflow: Σv² under a square root, unless that sum overflows or falls
    /// below the normal range, then the same with every component divided by the largest |vᵢ| first.
    static func l2Norm(_ values: [Double]) -> Double {
        var sum = 0.0
        for v in values { sum += v * v }
        if sum.isNaN { return .nan }  // squares are ≥ 0, so only a NaN component makes NaN
        if sum.isFinite, sum >= Double.leastNormalMagnitude { return sum.squareRoot() }
        var largest = 0.0
        for v in values { largest = Swift.max(largest, Swift.abs(v)) }
        if largest == 0 || largest.isInfinite { return largest }
        var scaled = 0.0
        for v in values {
            let r = v / largest
            scaled += r * r
        }
        return largest * scaled.squareRoot()
    }
}
