/// The blog's loop written out by hand, independent of the engine: MSE of a·x² + b·x + c with its analytic gradient,
/// plain SGD, the loss recorded before each update. Tests compare the engine's runs with it.
enum BlogReference {
    static func sgd(xs: [Double], ys: [Double], initial: [Double], epochs: Int, lr: Double)
        -> (history: [Double], parameters: [Double])
    {
        var (a, b, c) = (initial[0], initial[1], initial[2])
        let n = Double(xs.count)
        var history: [Double] = []
        history.reserveCapacity(epochs)
        for _ in 0..<epochs {
            var loss = 0.0, ga = 0.0, gb = 0.0, gc = 0.0
            for (x, y) in zip(xs, ys) {
                let r = a * x * x + b * x + c - y
                loss += r * r
                ga += 2 * r * x * x
                gb += 2 * r * x
                gc += 2 * r
            }
            history.append(loss / n)
            a -= lr * ga / n
            b -= lr * gb / n
            c -= lr * gc / n
        }
        return (history, [a, b, c])
    }
}
