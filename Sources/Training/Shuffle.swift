extension Xoshiro256StarStar {
    /// A uniform integer in 0..<bound (Lemire's multiply-and-reject method: no modulo bias, and the same draws on
    /// every platform, unlike the standard library's unspecified `next(upperBound:)`).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A random permutation of 0..<count: Fisher–Yates from the last position down, one `nextIndex` per swap.
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            order.swapAt(i, nextIndex(below: i + 1))
            i -= 1
        }
        return order
    }
}
