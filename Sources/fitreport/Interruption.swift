import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT/SIGTERM into a flag the long-running steps poll, so they can stop cleanly: the unfinished run
/// folder is removed and the process exits with 130.
final class Interruption {
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private var sources: [any DispatchSourceSignal] = []

    /// Starts listening; the default handlers are replaced while this object lives.
    init() {
        let queue = DispatchQueue(label: "fitreport.signals")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [flag] in flag.raised.store(true, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// True once a signal arrived.
    var requested: Bool { flag.raised.load(ordering: .relaxed) }
}
