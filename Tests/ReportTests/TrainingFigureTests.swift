import Configuration
import Foundation
import Plotting
import RunRecord
import TrainerRecord
import Training
import XCTest
@testable import Report
@testable import RunArtifacts

/// The figures that explain training: parameter trajectories, the loss landscape with gradient descent's path, the
/// animation of the fit, `params_history.csv`, and `--figures`.
final class TrainingFigureTests: XCTestCase {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-training-figures-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func record(_ change: (inout RunConfig) -> Void = { _ in }) throws -> (RunRecord, TrainingRun, ResolvedRun) {
        var config = RunConfig()
        change(&config)
        let resolved = try config.resolve()
        let run = try Trainer.run(resolved.training)
        return (run.record(resolved: resolved), run, resolved)
    }

    func lines(_ axes: Axes) -> [LineSeries] {
        axes.series.compactMap { if case .line(let l) = $0 { l } else { nil } }
    }

    func scatters(_ axes: Axes) -> [ScatterSeries] {
        axes.series.compactMap { if case .scatter(let s) = $0 { s } else { nil } }
    }

    func testDefaultRunHasLandscapeAndTrajectories() throws {
        let (record, run, resolved) = try record()
        let names = ReportFigures.make(for: record, settings: resolved.figures).map(\.name)
        XCTAssertEqual(names, ["dataset", "before", "loss", "after", "residuals", "landscape", "trajectories"])
        XCTAssertEqual(record.parameterHistory?.names, ["a", "b", "c"])
        XCTAssertEqual(record.parameterHistory?.steps.last, 15000)
        XCTAssertEqual(record.parameterHistory?.values.last, run.finalParameters)
        // The landscape's plane: a and b travelled farthest.
        XCTAssertEqual(record.landscape?.xParameter, "a")
        XCTAssertEqual(record.landscape?.yParameter, "b")
        // The seed model is linear in its parameters: the landscape is the MSE minimised over c at each (a, b), so
        // its lowest grid point is the least-squares optimum (within a cell) and the narrow valley runs through it.
        let landscape = try XCTUnwrap(record.landscape)
        XCTAssertEqual(landscape.minimisedOver, ["c"])
        XCTAssertTrue(landscape.fixed.isEmpty)
        let optimum = try XCTUnwrap(run.leastSquares?.parameters)
        let index = landscape.loss.indices.min { landscape.loss[$0] < landscape.loss[$1] }!
        let (i, j) = (index % landscape.xValues.count, index / landscape.xValues.count)
        let dx = landscape.xValues[1] - landscape.xValues[0], dy = landscape.yValues[1] - landscape.yValues[0]
        // Within two cells: the valley is narrow and diagonal, so the lowest grid point may sit a cell along it.
        XCTAssertEqual(landscape.xValues[i], optimum[0], accuracy: 2 * dx)
        XCTAssertEqual(landscape.yValues[j], optimum[1], accuracy: 2 * dy)
        // The profile's minimum is the training MSE at the optimum (the engine evaluated it with c at its best).
        let lowest = landscape.loss[index]
        XCTAssertEqual(lowest, run.leastSquares!.loss, accuracy: 0.05 * run.leastSquares!.loss)
        let axes = try XCTUnwrap(ReportFigures.landscape(landscape, record: record))
        XCTAssertEqual(axes.title, "MSE over (a, b), minimised over c")
    }

    /// A slice, not a profile, for a model that is not linear in its parameters: the others at their final values.
    func testNonlinearModelLandscapeIsASliceAtTheFinalValues() throws {
        let (record, run, _) = try record {
            $0.model = "a*sin(b*x) + c"
            $0.generate = "3*sin(2*x) + 0.5"
            $0.`init` = "a=1,b=1.9,c=0"
            $0.optimizer = "adam"
            $0.lr = 0.05
            $0.epochs = 500
        }
        let landscape = try XCTUnwrap(record.landscape)
        XCTAssertNil(landscape.minimisedOver)
        let fixedIndex = ["a", "b", "c"].firstIndex { $0 != landscape.xParameter && $0 != landscape.yParameter }!
        XCTAssertEqual(landscape.fixed.map(\.value), [run.finalParameters[fixedIndex]])
    }

    func testTrajectoriesEndAtTheFinalParametersWithTheReferenceDashed() throws {
        let (record, run, _) = try record()
        let axes = try XCTUnwrap(ReportFigures.trajectories(record.parameterHistory!, record: record))
        XCTAssertEqual(axes.xScale, .log, "15000 epochs span decades")
        let solid = lines(axes).filter { $0.dash.isEmpty }
        let dashed = lines(axes).filter { !$0.dash.isEmpty }
        XCTAssertEqual(solid.count, 3)
        XCTAssertEqual(dashed.count, 3)
        for (j, line) in solid.enumerated() {
            XCTAssertEqual(line.y.last, run.finalParameters[j])
            XCTAssertEqual(line.y.first, run.initialParameters[j])
            XCTAssertEqual(line.x.last, 15001)
            // The reference in the same colour, at the least-squares value.
            XCTAssertEqual(dashed[j].color, line.color)
            XCTAssertEqual(dashed[j].y, [run.leastSquares!.parameters[j], run.leastSquares!.parameters[j]])
        }
        // A short run stays on a linear axis.
        let (short, _, _) = try self.record { $0.epochs = 50 }
        XCTAssertEqual(ReportFigures.trajectories(short.parameterHistory!, record: short)?.xScale, .linear)
    }

    /// For a model of two parameters the plane is the parameters themselves: the grid's minimum is within a cell of
    /// the least-squares optimum, where the optimum marker is, and the path starts and ends at the run's initial and
    /// final parameters.
    func testLandscapeMinimumMarkerIsAtTheLeastSquaresOptimum() throws {
        let (record, run, _) = try record {
            $0.model = "a*x + b"
            $0.generate = "3*x + 1"
            $0.epochs = 3000
            $0.lr = 0.1
        }
        let landscape = try XCTUnwrap(record.landscape)
        let optimum = run.leastSquares!.parameters
        let index = landscape.loss.indices.min { landscape.loss[$0] < landscape.loss[$1] }!
        let (i, j) = (index % landscape.xValues.count, index / landscape.xValues.count)
        let dx = landscape.xValues[1] - landscape.xValues[0], dy = landscape.yValues[1] - landscape.yValues[0]
        XCTAssertEqual(landscape.xValues[i], optimum[0], accuracy: dx)
        XCTAssertEqual(landscape.yValues[j], optimum[1], accuracy: dy)
        // The axis ranges hold the path and the optimum.
        for p in [run.initialParameters, run.finalParameters, optimum] {
            XCTAssertTrue(landscape.xValues.first! < p[0] && p[0] < landscape.xValues.last!)
            XCTAssertTrue(landscape.yValues.first! < p[1] && p[1] < landscape.yValues.last!)
        }
        let axes = try XCTUnwrap(ReportFigures.landscape(landscape, record: record))
        let marker = try XCTUnwrap(scatters(axes).first { $0.label?.hasPrefix("optimum") == true })
        XCTAssertEqual(marker.x, [optimum[0]])
        XCTAssertEqual(marker.y, [optimum[1]])
        let path = try XCTUnwrap(lines(axes).first { $0.label == "gradient descent" })
        XCTAssertEqual(path.x.first, run.initialParameters[0])
        XCTAssertEqual(path.x.last, run.finalParameters[0])
        XCTAssertEqual(path.y.last, run.finalParameters[1])
        // Contours: several levels, each a viridis colour; the lowest levels close around the optimum.
        let contours = lines(axes).filter { $0.label == nil && $0.width == 1 }
        XCTAssertGreaterThanOrEqual(contours.count, 8)
        // The grid was evaluated with the engine: its value at the optimum's nearest point is the MSE there.
        XCTAssertEqual(landscape.lossName, "MSE")
    }

    func testLandscapePlaneCanBeChosen() throws {
        let (record, _, _) = try record { $0.landscape = "b,c"; $0.epochs = 500 }
        XCTAssertEqual(record.landscape?.xParameter, "b")
        XCTAssertEqual(record.landscape?.yParameter, "c")
        XCTAssertThrowsError(try { var c = RunConfig(); c.landscape = "a,z"; _ = try c.resolve() }())
        XCTAssertThrowsError(try { var c = RunConfig(); c.landscape = "a"; _ = try c.resolve() }())
        XCTAssertThrowsError(try { var c = RunConfig(); c.figures = "loss,nope"; _ = try c.resolve() }())
    }

    func testFiguresOptionChoosesFigures() throws {
        let (record, _, resolved) = try record { $0.figures = "trajectories,loss"; $0.epochs = 200 }
        XCTAssertNil(record.landscape, "not computed when not drawn")
        XCTAssertEqual(ReportFigures.make(for: record, settings: resolved.figures).map(\.name), ["loss", "trajectories"])
        // One parameter: no landscape or trajectories by default.
        let (single, _, singleResolved) = try self.record { $0.model = "a*x"; $0.epochs = 200 }
        XCTAssertNil(single.landscape)
        XCTAssertFalse(ReportFigures.make(for: single, settings: singleResolved.figures).map(\.name)
            .contains("trajectories"))
    }

    func testParamsHistoryFileIsWrittenHashedAndReadBack() throws {
        let (record, _, resolved) = try record { $0.epochs = 3000 }
        var settings = ReportSettings(templatesDirectory: Self.templates)
        settings.figures = resolved.figures
        let written = try ReportWriter(outputRoot: root, settings: settings).write(record)
        let path = written.directory + "/params_history.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("epoch,a,b,c\n0,"), String(text.prefix(80)))
        XCTAssertEqual(text.split(separator: "\n").count, 1 + 2000)
        let stored = try StoredRun(directory: written.directory)
        XCTAssertEqual(stored.manifest.artifacts["params_history.csv"], Hashing.sha256(try Data(contentsOf: URL(fileURLWithPath: path))))
        XCTAssertEqual(try stored.loadRecord().parameterHistory, record.parameterHistory)
        for figure in ["landscape", "trajectories"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: written.directory + "/figures/\(figure).svg"))
        }
        let svg = try Data(contentsOf: URL(fileURLWithPath: written.directory + "/figures/landscape.svg"))
        XCTAssertLessThanOrEqual(svg.count, 300_000, "landscape SVG ≤ 300 KB")
        let page = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        XCTAssertTrue(page.contains("params_history.csv"))
    }

    func testAnimationFramesAndPage() throws {
        let (record, _, resolved) = try record { $0.animate = true }
        let history = try XCTUnwrap(record.predictionHistory)
        XCTAssertTrue((60...120).contains(history.steps.count), "\(history.steps.count) frames")
        XCTAssertEqual(history.steps.first, 0)
        XCTAssertEqual(history.steps.last, 15000)
        let frames = TrainingAnimation.frames(record, settings: resolved.figures)
        XCTAssertEqual(frames.count, history.steps.count)
        XCTAssertEqual(frames.first?.1, TrainingAnimation.firstFrameMilliseconds)
        XCTAssertEqual(frames.last?.1, TrainingAnimation.lastFrameMilliseconds)
        XCTAssertEqual(frames.last?.0.title?.hasPrefix("Epoch 15000 · MSE"), true)

        var settings = ReportSettings(templatesDirectory: Self.templates)
        settings.figures = resolved.figures
        let clock = ContinuousClock()
        let start = clock.now
        let bytes = try XCTUnwrap(try TrainingAnimation.render(record, settings: resolved.figures))
        let elapsed = clock.now - start
        print("animation: \(frames.count) frames, \(bytes.count) bytes, \(elapsed)")
        XCTAssertLessThanOrEqual(bytes.count, 2_000_000)
        let decoded = try WebPAnimation.decode(bytes)
        XCTAssertEqual(decoded.frames.count, frames.count)
        XCTAssertEqual(decoded.width, 800)
        XCTAssertEqual(decoded.height, 360)
        XCTAssertEqual(decoded.durations.first, TrainingAnimation.firstFrameMilliseconds)
        XCTAssertEqual(decoded.durations.last, TrainingAnimation.lastFrameMilliseconds)

        let written = try ReportWriter(outputRoot: root, settings: settings).write(record)
        let page = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        let after = try XCTUnwrap(page.range(of: "id=\"fig-after\""))
        let animation = try XCTUnwrap(page.range(of: "<img src=\"figures/training.webp\""))
        XCTAssertLessThan(after.lowerBound, animation.lowerBound, "shown under the after figure")
        XCTAssertTrue(page.contains("width=\"800\" height=\"360\""))
        let markdown = try String(contentsOfFile: written.directory + "/report.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("(figures/training.webp)"))
    }
}
