import Foundation
import Synchronization

/// Signals received since the process started (SIGINT and SIGTERM alike). A global: a C signal handler captures
/// nothing.
private let signalCount = Atomic<Int>(0)

/// The SIGINT/SIGTERM handler: counts, and uses only async-signal-safe calls (`write`, `alarm`).
private func countSignal(_: Int32) {
    let count = signalCount.add(1, ordering: .relaxed).newValue
    if count == 1 {
        let message: StaticString = """

            fitreport: stopping after this epoch and writing the run (press Ctrl-C again to abort without writing)

            """
        message.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
    } else if count == 2 {
        alarm(2)  // SIGALRM: `exitInterrupted`, if the process has not exited by then
    }
}

private func exitInterrupted(_: Int32) { _exit(130) }

/// Turns SIGINT/SIGTERM into flags the long-running steps poll.
///
/// The first signal asks training to stop after the current epoch; the run is then written with status
/// "interrupted" and the process exits with 130. A second signal aborts: the run folder being written is abandoned
/// (it only ever exists as a hidden `.<id>.partial` folder, which is removed), and if the process has not exited
/// two seconds later it exits at once with 130.
///
/// The handlers are installed with `sigaction(2)` before `init` returns, so no signal can fall between two states:
/// the dispatch signal sources used before set SIG_IGN first and were armed asynchronously, leaving a short window
/// in which a Ctrl-C was dropped. (A signal before `init` has its default effect: the process ends, having written
/// nothing.)
package final class Interruption: Sendable {
    /// Installs the handlers (they stay for the life of the process).
    package init() {
        Self.install(SIGALRM, exitInterrupted)
        Self.install(SIGINT, countSignal)
        Self.install(SIGTERM, countSignal)
    }

    private static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }

    /// True once a signal arrived: stop training after the current epoch.
    package var requested: Bool { signalCount.load(ordering: .relaxed) >= 1 }

    /// True once a second signal arrived: abandon the run being written.
    package var aborted: Bool { signalCount.load(ordering: .relaxed) >= 2 }
}
