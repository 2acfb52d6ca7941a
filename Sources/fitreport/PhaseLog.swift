import Foundation

/// The `--verbose` log of a command's phases on stderr, one line each:
/// `2026-12-02T01:22:03+0000 info fitreport: epochs=5 optimizer=sgd [fitreport] training`
/// (local time, then the details sorted by name, then the phase).
///
/// Five lines per run did not need a logging framework: swift-log took about 6 s of CPU in every release build, for
/// the newcomer waiting on the first report too. The line keeps the layout swift-log's `StreamLogHandler` gave it, so
/// scripts that read it still work.
struct PhaseLog: Sendable {
    /// Whether lines are written (`--verbose`).
    let enabled: Bool

    /// Writes `phase` with its details, when enabled.
    func info(_ phase: String, metadata: KeyValuePairs<String, String> = [:]) {
        guard enabled else { return }
        let details = metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let line = "\(Self.timestamp()) info fitreport:\(details) [fitreport] \(phase)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Now as `YYYY-MM-DDTHH:MM:SS±hhmm`, local time.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
