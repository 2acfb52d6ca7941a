import Dispatch
import Foundation
import Plotting
import RunRecord
import Synchronization

/// The animation of the fit (`figures/training.webp`): one frame per snapshot of the record's prediction history —
/// the data, the fitted curve at that step, the step and the loss in the title, and beside it the loss curve drawn up
/// to that step — the first frame held for a second and the last for 2.5 s.
public enum TrainingAnimation {
    public static let fileName = "figures/training.webp"
    /// Display time of the first, the middle and the last frames, in milliseconds.
    public static let firstFrameMilliseconds = 1000
    public static let frameMilliseconds = 60
    public static let lastFrameMilliseconds = 2500
    /// Frame size: 8 × 3.6 in at 100 dpi (800 × 360 px at scale 1).
    public static let widthInches = 8.0
    public static let heightInches = 3.6

    /// The frames as figures with their display times; empty when the record has no prediction history or data.
    public static func frames(_ record: RunRecord, settings: FigureSettings = .blog) -> [(Figure, Int)] {
        guard let history = record.predictionHistory, !history.steps.isEmpty, history.values.count == history.steps.count,
              let data = record.data, data.rowCount > 0, data.inputs.count == 1
        else { return [] }
        let style = PlotStyle.named(settings.style) ?? .default
        let x = data.x, y = data.y
        // Fixed limits for every frame, so only the curve moves: the data and every curve, a curve that leaves the
        // data's range by more than its span clipped.
        let dataRange = AxisLimits.dataInterval(of: y) ?? 0...1
        let span = max(dataRange.upperBound - dataRange.lowerBound, 1e-12)
        let curves = history.values.flatMap { $0 }.filter {
            $0.isFinite && $0 >= dataRange.lowerBound - span && $0 <= dataRange.upperBound + span
        }
        let yLimits = AxisLimits.autoscale(AxisLimits.dataInterval(of: y + curves))
        let xLimits = AxisLimits.autoscale(AxisLimits.dataInterval(of: x + history.x))
        let loss = record.primaryLoss
        let lossSteps = loss?.steps ?? [], lossValues = loss?.values ?? []
        let logLoss = ReportFigures.useLogScale(lossValues, choice: settings.lossScale)
        let lastStep = max(history.steps.last ?? 1, lossSteps.last ?? 1)
        let lossX = lossSteps.map { Double($0) + 1 }
        let lossYLimits: ClosedRange<Double>? = {
            let finite = lossValues.filter { $0.isFinite && (!logLoss || $0 > 0) }
            guard let lo = finite.min(), let hi = finite.max(), hi > lo else { return nil }
            return logLoss ? AxisLimits.logNonsingular(lo / 1.5...hi * 1.5)
                           : AxisLimits.autoscale(lo...hi)
        }()
        let axisName = record.stepAxis.label
        let lossName = loss?.label ?? "loss"
        let reference = data.prediction(.reference)
        let sortedX = ReportFigures.sortedByX(x, x)
        var out: [(Figure, Int)] = []
        for (index, step) in history.steps.enumerated() {
            var fit: [Series] = [.scatter(ScatterSeries(x: x, y: y, label: "y_true", markerArea: 30, alpha: 0.75))]
            if let reference {
                fit.append(.line(LineSeries(x: sortedX, y: ReportFigures.sortedByX(x, reference.values),
                                            label: reference.name, color: .black, width: 1.5, dash: [5.5, 2.4])))
            }
            fit.append(.line(LineSeries(x: history.x, y: history.values[index], label: "y_pred", color: .red,
                                        width: 3)))
            let fitAxes = Axes(xLabel: ReportFigures.inputLabel(data.inputs.first?.name), yLabel: "$y$",
                               legend: true, xLimits: xLimits, yLimits: yLimits, series: fit)
            // The loss up to this step (the record's loss at step s belongs to the parameters step s starts with).
            let upTo = lossSteps.firstIndex { $0 > step } ?? lossSteps.count
            var lossSeries: [Series] = []
            var current: Double?
            if upTo > 0 {
                lossSeries.append(.line(LineSeries(x: Array(lossX[..<upTo]), y: Array(lossValues[..<upTo]))))
                current = lossValues[upTo - 1]
                lossSeries.append(.scatter(ScatterSeries(x: [lossX[upTo - 1]], y: [lossValues[upTo - 1]], color: .red,
                                                         markerArea: 25)))
            }
            var lossAxes = Axes(xLabel: "\(axisName) + 1", yLabel: lossName, grid: true,
                                xLimits: 1...Double(lastStep + 1) * 1.2, yLimits: lossYLimits, series: lossSeries)
            lossAxes.xScale = .log
            lossAxes.yScale = logLoss ? .log : .linear
            var title = "\(axisName) \(step)"
            if let current { title += " · \(lossName) \(NumberFormat.short(current, digits: 4))" }
            let figure = Figure(widthInches: widthInches, heightInches: heightInches, dpi: settings.dpi,
                                panels: [fitAxes, lossAxes], columns: 2, title: title, style: style)
            let duration = index == 0 ? firstFrameMilliseconds
                : index == history.steps.count - 1 ? lastFrameMilliseconds : frameMilliseconds
            out.append((figure, duration))
        }
        return out
    }

    /// Renders the frames (in parallel) and encodes them as an animated WebP; `nil` when there are no frames.
    public static func render(_ record: RunRecord, settings: FigureSettings = .blog, canvas: CairoCanvas = CairoCanvas())
        throws -> [UInt8]?
    {
        let frames = frames(record, settings: settings)
        guard !frames.isEmpty else { return nil }
        // One thread draws the frames in order while this one encodes them: libwebp's encoder is sequential, so
        // drawing frame k + 1 overlaps encoding frame k.
        let queue = FrameQueue()
        DispatchQueue.global(qos: .userInitiated).async {
            for i in frames.indices {
                if queue.stop.load(ordering: .relaxed) { break }
                let result = Result { try canvas.renderFrame(frames[i].0, durationMilliseconds: frames[i].1) }
                queue.frames.withLock { $0[i] = result }
                queue.ready.signal()
            }
        }
        defer { queue.stop.store(true, ordering: .relaxed) }
        var encoder: WebPAnimation.Encoder?
        for i in frames.indices {
            queue.ready.wait()
            guard let result = queue.frames.withLock({ $0.removeValue(forKey: i) }) else {
                throw ReportError.figure(name: "training", reason: "frame \(i) was not drawn")
            }
            let frame = try result.get()
            if encoder == nil { encoder = try WebPAnimation.Encoder(width: frame.width, height: frame.height) }
            try encoder?.add(frame)
        }
        return try encoder?.finish()
    }

    /// Frames handed from the drawing thread to the encoding one.
    private final class FrameQueue: Sendable {
        let frames = Locked<[Int: Result<RasterFrame, any Error>]>([:])
        let ready = DispatchSemaphore(value: 0)
        let stop = Atomic<Bool>(false)
    }
}
