import Foundation
import Training

/// A one-line progress display on stderr while training: epoch, loss, epochs/s and ETA, redrawn at most 10 times a
/// second, and only when stderr is a terminal.
package final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drew = false

    /// - Parameter enabled: `false` silences it (for `--quiet`); it is also silent when stderr is not a terminal.
    package init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Called after each epoch; cheap unless a redraw is due.
    package func update(_ state: Trainer.Progress) {
        let epoch = state.epoch
        guard enabled, epoch % 64 == 0 || epoch + 1 == total || total < 64 else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        drew = true
        FileHandle.standardError.write(Data(Self.line(epoch: epoch, total: total, loss: state.loss,
                                                      validationLoss: state.validationLoss,
                                                      learningRate: state.learningRate,
                                                      elapsed: (now - start).seconds).utf8))
    }

    /// Clears the line (if anything was drawn).
    package func finish() {
        guard enabled, drew else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// `\r[#####.....]  42% epoch 6300/15000  loss 1.2345  val 1.31  lr 0.001  52310 epochs/s  ETA 0.2 s`
    package static func line(epoch: Int, total: Int, loss: Double, validationLoss: Double? = nil, learningRate: Double? = nil,
                     elapsed: Double, width: Int = 24) -> String {
        let done = min(max(epoch + 1, 0), total)
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        var numbers = String(format: "%3d%% epoch %d/%d  loss %.5g", Int(fraction * 100), done, total, loss)
        if let validationLoss { numbers += String(format: "  val %.5g", validationLoss) }
        if let learningRate { numbers += String(format: "  lr %.3g", learningRate) }
        return "\r[\(bar)] " + numbers + String(format: "  %.0f epochs/s  ETA %.1f s", rate, eta)
    }

    /// The observer `Trainer.run` calls after every epoch: updates the bar, and asks to stop once `interruption` has
    /// a signal. Made here, in an optimised module, because it runs once per epoch; the command-line module that
    /// passes it on is compiled without optimisation.
    package func observer(stoppingOn interruption: Interruption) -> Trainer.Observer {
        { state in
            self.update(state)
            return !interruption.requested
        }
    }
}
