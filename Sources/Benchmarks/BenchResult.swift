import Foundation

/// The measurements of one workload.
public struct BenchResult: Sendable, Equatable, Codable {
    /// Stable identifier, shared with the peer scripts in `bench/peers/` (e.g. `train-n100`).
    public var name: String
    /// What was measured, for people.
    public var summary: String
    /// Unit of `samples` and `spread`: `us/epoch`, `ms` or `s`.
    public var unit: String
    /// One value per repetition, in order.
    public var samples: [Double]
    /// Median, quartiles and extremes of `samples`.
    public var spread: Spread
    /// Size of the produced file (rendering workloads).
    public var bytes: Int?
    /// Threads the workload was allowed to use.
    public var threads: Int?
    /// Which engine path ran (`fused-residual`, `block-program`, `interpreter`, …).
    public var engine: String?
    /// Process CPU time ÷ wall time over the whole workload (including untimed setup): about 1 per busy thread
    /// on an idle machine, less when other processes compete for the cores.
    public var cpuPerWall: Double?

    /// A result; `spread` is computed from `samples`.
    public init(name: String, summary: String, unit: String, samples: [Double], bytes: Int? = nil,
                threads: Int? = nil, engine: String? = nil)
    {
        self.name = name
        self.summary = summary
        self.unit = unit
        self.samples = samples
        self.spread = Spread(samples)
        self.bytes = bytes
        self.threads = threads
        self.engine = engine
    }
}

/// The machine a benchmark ran on.
public struct MachineInfo: Sendable, Equatable, Codable {
    /// CPU model name.
    public var cpu: String
    /// Active processor count.
    public var cores: Int
    /// Operating system family.
    public var system: String

    /// The current machine (CPU model from /proc/cpuinfo where available).
    public static func current() -> MachineInfo {
        var cpu = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":")
        {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #if os(Linux)
        let system = "Linux"
        #else
        let system = "Darwin"
        #endif
        return MachineInfo(cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount, system: system)
    }
}
