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
    /// Number of generated inputs: 1 gives `x`, more give `x1`…`xk` drawn uniformly from `x-range`.
    public var inputs = 1
    /// `LOW:HIGH`, for example `0:1`.
    public var xRange = "0:1"
    /// A CSV file to fit instead of generated data.
    public var data: String?
    /// Input columns of `data`: header names or 1-based indices, comma-separated (default: the first column).
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
    /// Fraction of the rows held out (seeded) to measure a validation loss every epoch.
    public var validation: Double?
    /// A second data file (same columns) used as the validation set.
    public var validationData: String?
    /// Rows per mini-batch (unset: full batch).
    public var batchSize: Int?
    /// `constant`, `step:EVERY:FACTOR`, `exp:GAMMA` or `cosine[:MIN_LR]`.
    public var lrSchedule = "constant"
    /// Epochs of linear learning-rate warm-up.
    public var warmup = 0
    /// Patience in epochs: stop when the monitored loss has not improved for that long.
    public var earlyStop: Int?
    /// Smallest change of the monitored loss that counts as an improvement.
    public var minDelta = 0.0
    /// Stop when the training loss changes by less than this fraction over 100 epochs.
    public var tolerance: Double?
    /// Clip the gradient's L2 norm to this value.
    public var clipGradNorm: Double?
    /// End with the parameters of the best epoch.
    public var restoreBest = false
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
    /// The figures to draw, comma-separated (default: every figure the run supports; the landscape and the
    /// trajectories for models with 2–10 parameters).
    public var figures: String?
    /// The two parameters of the loss landscape, `a,b` (default: the two that travelled farthest).
    public var landscape: String?
    /// Write the animation of the fit, `figures/training.webp`.
    public var animate: Bool?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case model, generate, noise, points, inputs, xRange = "x-range", data, x, y, loss, huberDelta = "huber-delta"
        case optimizer, momentum, nesterov, beta1, beta2, eps, lr, epochs, seed, `init`, normalize
        case validation, validationData = "validation-data", batchSize = "batch-size", lrSchedule = "lr-schedule"
        case warmup, earlyStop = "early-stop", minDelta = "min-delta", tolerance, clipGradNorm = "clip-grad-norm"
        case restoreBest = "restore-best", scale, size, dpi, style, lossScale = "loss-scale", smooth
        case figures, landscape, animate
    }

    /// The key names a config file may use.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }
}
