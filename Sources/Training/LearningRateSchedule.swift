/// How the learning rate changes from epoch to epoch after any warmup, as PyTorch's schedulers do when stepped
/// once per epoch. ``LearningRatePlan`` combines a schedule with a base rate, a warmup and the number of epochs.
///
/// Text forms (``init(parsing:)``, ``text``): `constant`, `step:EVERY:FACTOR`, `exp:GAMMA`, `cosine`,
/// `cosine:MIN_LR`.
public enum LearningRateSchedule: Sendable, Equatable, Hashable {
    /// The base rate at every epoch.
    case constant
    /// Multiplied by `factor` every `every` epochs: lr_e = base·factor^⌊e/every⌋ (torch `StepLR(step_size: every,
    /// gamma: factor)`). `every` ≥ 1; `factor` finite and > 0 (below 1 to decay).
    case step(every: Int, factor: Double)
    /// Multiplied by `gamma` every epoch: lr_e = base·γ^e (torch `ExponentialLR(gamma)`). `gamma` finite and > 0.
    case exponential(gamma: Double)
    /// Half a cosine from the base rate down to `minimum` over the schedule's epochs:
    /// lr_e = min + (base − min)(1 + cos(π·e/T))/2 with T the number of epochs after warmup (torch
    /// `CosineAnnealingLR(T_max: T, eta_min: minimum)`, closed form). `minimum` finite and ≥ 0.
    case cosine(minimum: Double)

    /// The accepted text forms, for messages.
    static let acceptedForms = "constant, step:EVERY:FACTOR (e.g. step:100:0.5), exp:GAMMA (e.g. exp:0.999), "
        + "cosine, or cosine:MIN_LR (e.g. cosine:1e-5)"

    /// Parses `constant`, `step:EVERY:FACTOR`, `exp:GAMMA`, `cosine` or `cosine:MIN_LR` (names in any case,
    /// blanks around the text and its parts ignored).
    ///
    /// - Throws: ``ScheduleError`` naming what is wrong (an unknown name, a missing or extra part, a value out of
    ///   range) and the accepted forms: EVERY must be a whole number ≥ 1, FACTOR and GAMMA finite numbers > 0,
    ///   MIN_LR a finite number ≥ 0.
    public init(parsing text: String) throws(ScheduleError) {
        let trimmed = text.trimmedBlanks
        guard !trimmed.isEmpty else {
            throw ScheduleError("the learning-rate schedule is empty; write one of " + Self.acceptedForms)
        }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmedBlanks }
        let name = parts[0].lowercased()
        let arguments = Array(parts.dropFirst())
        switch name {
        case "constant":
            guard arguments.isEmpty else {
                throw ScheduleError("'constant' takes no values, got '\(trimmed)'; write constant")
            }
            self = .constant
        case "step":
            guard arguments.count == 2 else {
                throw ScheduleError("'\(trimmed)': step needs two values, EVERY (epochs between decays) and FACTOR "
                    + "(the multiplier), written step:EVERY:FACTOR, e.g. step:100:0.5")
            }
            guard let every = Int(arguments[0]), every >= 1 else {
                throw ScheduleError("'\(trimmed)': step's EVERY must be a whole number of epochs ≥ 1, got "
                    + "'\(arguments[0])'; write step:EVERY:FACTOR, e.g. step:100:0.5")
            }
            let factor = try Self.number(arguments[1], in: trimmed, what: "step's FACTOR", rule: "> 0",
                                         example: "step:100:0.5") { $0 > 0 }
            self = .step(every: every, factor: factor)
        case "exp":
            guard arguments.count == 1 else {
                throw ScheduleError("'\(trimmed)': exp needs one value, GAMMA (the multiplier per epoch), written "
                    + "exp:GAMMA, e.g. exp:0.999")
            }
            let gamma = try Self.number(arguments[0], in: trimmed, what: "exp's GAMMA", rule: "> 0",
                                        example: "exp:0.999") { $0 > 0 }
            self = .exponential(gamma: gamma)
        case "cosine":
            guard arguments.count <= 1 else {
                throw ScheduleError("'\(trimmed)': cosine takes at most one value, MIN_LR (the rate it ends at), "
                    + "written cosine or cosine:MIN_LR, e.g. cosine:1e-5")
            }
            let minimum = try arguments.first.map { (value) throws(ScheduleError) in
                try Self.number(value, in: trimmed, what: "cosine's MIN_LR", rule: "≥ 0", example: "cosine:1e-5") {
                    $0 >= 0
                }
            } ?? 0
            self = .cosine(minimum: minimum)
        default:
            throw ScheduleError("unknown learning-rate schedule '\(trimmed)'; write one of " + Self.acceptedForms)
        }
    }

    /// The canonical text form, which ``init(parsing:)`` reads back to the same value: `constant`, `step:100:0.5`,
    /// `exp:0.999`, `cosine` (minimum 0) or `cosine:1e-05`. Numbers are written in Swift's shortest round-trip form.
    public var text: String {
        switch self {
        case .constant: "constant"
        case .step(let every, let factor): "step:\(every):\(factor)"
        case .exponential(let gamma): "exp:\(gamma)"
        case .cosine(let minimum): minimum == 0 ? "cosine" : "cosine:\(minimum)"
        }
    }

    /// The number in `value`, which must be finite and satisfy `accept`.
    private static func number(
        _ value: String, in text: String, what: String, rule: String, example: String, accept: (Double) -> Bool
    ) throws(ScheduleError) -> Double {
        guard let number = Double(value), number.isFinite, accept(number) else {
            throw ScheduleError("'\(text)': \(what) must be a finite number \(rule), got '\(value)'; e.g. \(example)")
        }
        return number
    }

}

/// A learning-rate schedule that could not be parsed: what is wrong and the forms that are accepted.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    /// The problem and what to write instead, in one or two sentences.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The learning rate of every epoch: an optional linear warmup, then a ``LearningRateSchedule``.
///
/// The rate changes once per epoch, as a PyTorch scheduler stepped after each epoch would make it. With a warmup of
/// N > 0 epochs this is torch's `SequentialLR([LinearLR(start_factor: 1/N, end_factor: 1, total_iters: N), main],
/// milestones: [N])`: epoch e < N runs at base·(1/N + (1 − 1/N)·e/N), and from epoch N on the main schedule runs as
/// if started at epoch e − N, cosine annealing over the remaining epochs − N epochs (at least 1).
///
/// Rates are computed in closed form from the epoch number, with plain IEEE arithmetic only (integer powers by
/// repeated squaring, the cosine by a fixed polynomial), so a plan gives the same bits on every platform. They
/// agree with torch's recursive (chainable) updates to rounding.
public struct LearningRatePlan: Sendable, Equatable {
    /// The rate after warmup, before the schedule changes it.
    public let base: Double
    /// The schedule after warmup.
    public let schedule: LearningRateSchedule
    /// Epochs of linear warmup (0 for none).
    public let warmup: Int
    /// The number of epochs of the run, warmup included.
    public let epochs: Int

    /// A plan for `epochs` epochs: `warmup` epochs of linear warmup (negative counts as 0), then `schedule` from
    /// `base`. Schedule values that ``LearningRateSchedule/init(parsing:)`` rejects do not trap: a step `every`
    /// below 1 counts as 1; other values are used as given.
    public init(base: Double, schedule: LearningRateSchedule, warmup: Int, epochs: Int) {
        self.base = base
        self.schedule = schedule
        self.warmup = max(0, warmup)
        self.epochs = max(0, epochs)
    }

    /// The number of epochs the cosine schedule anneals over: epochs − warmup, at least 1.
    var cosinePeriod: Int { max(1, epochs - warmup) }

    /// The learning rate of `epoch` (0-based). Epochs past the run follow the same formulas (the cosine continues
    /// periodically, as torch's closed form does); negative epochs count as 0.
    public func rate(epoch: Int) -> Double {
        let epoch = max(0, epoch)
        if epoch < warmup {
            let n = Double(warmup)
            return base * (1 / n + (1 - 1 / n) * Double(epoch) / n)
        }
        let e = epoch - warmup
        switch schedule {
        case .constant:
            return base
        case .step(let every, let factor):
            return base * Self.power(factor, e / max(1, every))
        case .exponential(let gamma):
            return base * Self.power(gamma, e)
        case .cosine(let minimum):
            return minimum + (base - minimum) * (1 + Self.cosPi(Double(e) / Double(cosinePeriod))) / 2
        }
    }

    /// True when every epoch of the run (0 ..< `epochs`) has the same rate: a run of at most one epoch; or no warmup
    /// longer than one epoch and a schedule that does not move the rate within the run (`constant`, a factor of 1, a
    /// first step beyond the last epoch, a cosine whose minimum is the base); or a base of 0 that no schedule moves.
    public var isConstant: Bool {
        if epochs <= 1 { return true }
        // Epochs run by the schedule; its first one (e = 0) has the base rate whatever the schedule.
        let scheduled = epochs - warmup
        if base == 0 {
            // Warmup and the multiplicative schedules keep 0; a cosine heads for its minimum.
            if case .cosine(let minimum) = schedule { return minimum == 0 || scheduled <= 1 }
            return true
        }
        if warmup >= 2 { return false }
        switch schedule {
        case .constant: return true
        case .step(let every, let factor): return factor == 1 || scheduled <= max(1, every)
        case .exponential(let gamma): return gamma == 1 || scheduled <= 1
        case .cosine(let minimum): return minimum == base || scheduled <= 1
        }
    }

    /// x^n for n ≥ 0 by repeated squaring (plain multiplications, so the same bits everywhere).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        var factor = x
        var n = n
        while n > 0 {
            if n & 1 == 1 { result *= factor }
            n >>= 1
            if n > 0 { factor *= factor }
        }
        return result
    }

    /// cos(π·t) with plain IEEE arithmetic: t reduced to [0, 1/4] by the symmetries of the cosine, then a Taylor
    /// polynomial of cos or sin (|π·t| ≤ π/4, terms to degree 22; truncation below 1e-20). Error of a few ulp.
    static func cosPi(_ t: Double) -> Double {
        guard t.isFinite else { return .nan }
        // cos(πt) is even with period 2.
        var u = Swift.abs(t).truncatingRemainder(dividingBy: 2)
        if u > 1 { u = 2 - u }
        // cos(π(1 − u)) = −cos(πu).
        var sign = 1.0
        if u > 0.5 {
            u = 1 - u
            sign = -1
        }
        // Now u ∈ [0, 1/2]; beyond 1/4 use cos(πu) = sin(π(1/2 − u)).
        if u > 0.25 {
            let x = Double.pi * (0.5 - u)
            return sign * sinSeries(x)
        }
        return sign * cosSeries(Double.pi * u)
    }

    private static func cosSeries(_ x: Double) -> Double {
        let x2 = x * x
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while k < 22 {
            term *= -x2 / (k * (k + 1))
            sum += term
            k += 2
        }
        return sum
    }

    private static func sinSeries(_ x: Double) -> Double {
        let x2 = x * x
        var term = x
        var sum = x
        var k = 2.0
        while k < 22 {
            term *= -x2 / (k * (k + 1))
            sum += term
            k += 2
        }
        return sum
    }
}
