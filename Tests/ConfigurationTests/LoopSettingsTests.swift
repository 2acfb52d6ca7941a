import Configuration
import Foundation
import Testing
import Training

/// The training-loop settings from a config file and flags into the resolved `TrainingConfig`.
@Suite struct LoopSettingsTests {
    @Test func configFileSetsEveryLoopSetting() throws {
        let c = try ConfigFile.parse("""
            validation: 0.25
            batch-size: 16
            lr-schedule: step:100:0.5
            warmup: 10
            early-stop: 50
            min-delta: 0.001
            tolerance: 1e-8
            clip-grad-norm: 5
            restore-best: true
            epochs: 1000
            """, file: "loop.yaml")
        let t = try c.resolve().training
        #expect(t.validation == .fraction(0.25))
        #expect(t.batchSize == 16)
        #expect(t.schedule == .step(every: 100, factor: 0.5))
        #expect(t.warmup == 10)
        #expect(t.earlyStopPatience == 50)
        #expect(t.minDelta == 0.001)
        #expect(t.tolerance == 1e-8)
        #expect(t.clipGradNorm == 5)
        #expect(t.restoreBest)
    }

    @Test func builtinModelsExpandOverTheInputs() throws {
        var c = RunConfig()
        c.model = "poly:3"
        let poly = try c.resolve().training.model
        #expect(poly.parameterNames == ["a0", "a1", "a2", "a3"])
        #expect(poly.builtin == .polynomial(degree: 3))
        c.model = "mlp:4,3:relu"
        c.inputs = 2
        c.generate = "x1*x2"
        let mlp = try c.resolve().training.model
        #expect(mlp.inputNames == ["x1", "x2"])
        // 2·4 + 4 weights and biases, 4·3 + 3, 3·1 + 1.
        #expect(mlp.parameterNames.count == 12 + 15 + 4)
    }

    @Test func generatedInputsAreNamedX1ToXk() throws {
        var c = RunConfig()
        c.inputs = 3
        c.generate = "x1 + 2*x2 - x3"
        c.model = "a*x1 + b*x2 + c*x3 + d"
        let t = try c.resolve().training
        #expect(t.model.inputNames == ["x1", "x2", "x3"])
        #expect(t.generator?.inputCount == 3)
        #expect(t.model.parameterNames == ["a", "b", "c", "d"])
    }

    @Test func sweepsSplitTheNewListSettings() throws {
        let grid = SweepGrid(settings: [("batch-size", "8,32"), ("lr-schedule", "constant,cosine:0.0001")])
        let runs = try grid.expand(over: RunConfig())
        #expect(runs.map(\.config.batchSize) == [8, 8, 32, 32])
        #expect(runs.map(\.config.lrSchedule) == ["constant", "cosine:0.0001", "constant", "cosine:0.0001"])
    }

    @Test func badLoopSettingsNameTheirKey() throws {
        func message(_ key: String, _ value: String) -> String {
            var c = RunConfig()
            do {
                try c.set(key, to: value)
                _ = try c.resolve()
                return ""
            } catch {
                return error.description
            }
        }
        #expect(message("validation", "1.5").contains("validation"))
        #expect(message("batch-size", "0").contains("batch-size"))
        #expect(message("lr-schedule", "cosine:x").contains("lr-schedule"))
        #expect(message("warmup", "-1").contains("warmup"))
        #expect(message("early-stop", "0").contains("early-stop"))
        #expect(message("tolerance", "-1").contains("tolerance"))
        #expect(message("clip-grad-norm", "0").contains("clip-grad-norm"))
        #expect(message("inputs", "0").contains("inputs"))
    }
}
