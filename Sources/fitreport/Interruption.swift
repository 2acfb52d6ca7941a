import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT/SIGTERM into flags the long-running steps poll.
///
/// The first signal asks training to stop after the current epoch; the run is then written with status
/// "interrupted" and the process exits with 130. A second signal aborts: the run folder being written is abandoned
/// (it only ever exists as a hidden `.<id>.partial` folder, which is removed), and if the process has not exited
/// two seconds later it exits at once with 130.
final class Interruption {
    private final class Counter: Sendable {
        let signals = Atomic<Int>(0)
    }

    private let counter = Counter()
    private var sources: [any DispatchSourceSignal] = []

    /// Starts listening; the default handlers are replaced while this object lives.
    init() {
        let queue = DispatchQueue(label: "fitreport.signals")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [counter] in
                let count = counter.signals.add(1, ordering: .relaxed).newValue
                if count == 1 {
                    FileHandle.standardError.write(Data(("\nfitreport: stopping after this epoch and writing the run "
                        + "(press Ctrl-C again to abort without writing)\n").utf8))
                } else if count == 2 {
                    queue.asyncAfter(deadline: .now() + 2) { _exit(130) }
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// True once a signal arrived: stop training after the current epoch.
    var requested: Bool { counter.signals.load(ordering: .relaxed) >= 1 }

    /// True once a second signal arrived: abandon the run being written.
    var aborted: Bool { counter.signals.load(ordering: .relaxed) >= 2 }
}
