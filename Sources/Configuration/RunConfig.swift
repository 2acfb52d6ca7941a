/// A run's settings as a user writes them: on the command line (`--lr 0.01`), in a config file (`lr: 0.01`) and in
/// `run.json`'s `config` object. Keys are the long flag names. Defaults reproduce the blog's run.
///
/// `resolve()` turns it into a `TrainingConfig` (parsing formulas, loading data); the fully resolved value is what
/// `run.json` stores, so `fitreport run --config RUN/run.json` reruns a run.
public struct RunConfig: Sendable, Equatable, Codable {
    public var model = "a*x^2 + b*x + c"
    public var generate = "20*x^2 + 5*x - 3"
    public var noise = 1.0
    public var points = 100
    /// `LOW:HIGH`, for example `0:1`.
    public var xRange = "0:1"
    /// A CSV file to fit instead of generated data.
    public var data: String?
    /// Column of `data` holding x: a header name or a 1-based index (default: the first column).
    public var x: String?
    /// Column of `data` holding y (default: the second column).
    public var y: String?
    public var loss = "mse"
    public var huberDelta = 1.0
    public var optimizer = "sgd"
    public var momentum = 0.9
    public var nesterov = false
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var eps = 1e-8
    public var lr = 1e-3
    public var epochs = 15000
    public var seed: UInt64 = 0
    /// Initial values, `a=1,b=0.5`; the other parameters are drawn from N(0, 1).
    public var `init`: String?
    public var normalize = false
    /// PNG scale: 1 → 640×480 px.
    public var scale = 1.0
    /// Figure size in inches, `WIDTHxHEIGHT`.
    public var size = "6.4x4.8"
    /// PNG pixels per inch at scale 1.
    public var dpi = 100.0
    /// Figure style: `default` (matplotlib-like) or `dark`.
    public var style = "default"
    /// Loss axis: `auto` (log when the loss spans more than two decades), `log` or `linear`.
    public var lossScale = "auto"
    /// Exponential moving average factor drawn over the loss curve (0 = off, e.g. 0.9).
    public var smooth = 0.0

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case model, generate, noise, points, xRange = "x-range", data, x, y, loss, huberDelta = "huber-delta"
        case optimizer, momentum, nesterov, beta1, beta2, eps, lr, epochs, seed, `init`, normalize, scale
        case size, dpi, style, lossScale = "loss-scale", smooth
    }

    /// The key names a config file may use.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }
}
