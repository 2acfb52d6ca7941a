import Foundation
import Testing
@testable import Importers
import RunRecord

@Suite struct FormatDetectionTests {
    @Test func fixturesWrittenByTheRealTools() throws {
        #expect(try FormatDetection.detect(try TextImportFixtures.path("keras/training.log")) == .keras)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("keras/training_semicolon.log")) == .keras)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("lightning/version_0")) == .lightning)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("lightning/version_0/metrics.csv")) == .lightning)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("lightning")) == .lightning)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("plain/history.jsonl")) == .jsonl)
        #expect(try FormatDetection.detect(try TextImportFixtures.path("plain/predictions.csv")) == .csv)
        // `epoch,loss,val_loss` is exactly what Keras' CSVLogger writes, so a hand-made history like it is read as
        // Keras; both importers give the same series.
        #expect(try FormatDetection.detect(try TextImportFixtures.path("plain/history.csv")) == .keras)
    }

    @Test func folders() throws {
        let tensorboard = try TextImportFixtures.folder()
        try TextImportFixtures.write("", "run1/train/events.out.tfevents.1700000000.host.1.0", in: tensorboard)
        #expect(try FormatDetection.detect(tensorboard) == .tensorboard)

        let dvclive = try TextImportFixtures.folder()
        try TextImportFixtures.write("step\tloss\n0\t1\n", "plots/metrics/loss.tsv", in: dvclive)
        #expect(try FormatDetection.detect(dvclive) == .dvclive)
        let dvcYAML = try TextImportFixtures.folder()
        try TextImportFixtures.write("", "dvc.yaml", in: dvcYAML)
        try TextImportFixtures.write("{}", "metrics.json", in: dvcYAML)
        #expect(try FormatDetection.detect(dvcYAML) == .dvclive)

        let mlflow = try TextImportFixtures.folder()
        try TextImportFixtures.write("run_id: x\n", "meta.yaml", in: mlflow)
        try TextImportFixtures.write("0 1.0 0\n", "metrics/loss", in: mlflow)
        // TensorBoard logs among an MLflow run's artifacts do not make it a TensorBoard folder.
        try TextImportFixtures.write("", "artifacts/tb/events.out.tfevents.1.host", in: mlflow)
        #expect(try FormatDetection.detect(mlflow) == .mlflow)

        let lightning = try TextImportFixtures.folder()
        try TextImportFixtures.write("epoch,step,loss\n0,0,1\n", "version_1/metrics.csv", in: lightning)
        #expect(try FormatDetection.detect(lightning) == .lightning)
    }

    @Test func files() throws {
        let folder = try TextImportFixtures.folder()
        func detect(_ name: String, _ text: String) throws -> ImportFormat {
            try FormatDetection.detect(try TextImportFixtures.write(text, name, in: folder))
        }
        #expect(try detect("events.out.tfevents.1700000000.host", "") == .tensorboard)
        #expect(try detect("h.jsonl", "{}") == .jsonl)
        #expect(try detect("h.ndjson", "{}") == .jsonl)
        #expect(try detect("h.csv", "step,loss\n0,1\n") == .csv)
        #expect(try detect("h.tsv", "epoch\tacc\tloss\n0\t1\t2\n") == .keras)
        #expect(try detect("u.csv", "epoch,loss,acc\n0,1,0.5\n") == .csv)  // not sorted: not Keras
        #expect(try detect("training.log", "epoch;loss;val_loss\n0;1;2\n") == .keras)
        #expect(try detect("h.txt", "iteration loss\n0 1\n") == .csv)
        #expect(try detect("e.csv", "epoch,step,loss\n0,1,2\n") == .csv)  // epoch+step outside metrics.csv
        #expect(try detect("v/metrics.csv", "epoch,step,loss\n0,1,2\n") == .lightning)
        try TextImportFixtures.write("lr: 1\n", "w/hparams.yaml", in: folder)
        #expect(try detect("w/metrics.csv", "step,loss\n0,1\n") == .lightning)
        #expect(try detect("n/metrics.csv", "step,loss\n0,1\n") == .csv)
        #expect(try detect("history", "  {\"step\": 0}\n") == .jsonl)
    }

    @Test func unknownInputsNameTheFormatsAndTheFlag() throws {
        let folder = try TextImportFixtures.folder()
        let data = try TextImportFixtures.write("1 2 3", "weights.dat", in: folder)
        TextImportFixtures.expectError("weights.dat", "--format", ImportFormat.names) {
            _ = try FormatDetection.detect(data)
        }
        let log = try TextImportFixtures.write("Epoch 1/10\n", "train.log", in: folder)
        TextImportFixtures.expectError("train.log", "--format") { _ = try FormatDetection.detect(log) }
        let empty = try TextImportFixtures.folder()
        TextImportFixtures.expectError(empty, "--format", ImportFormat.names) { _ = try FormatDetection.detect(empty) }
        TextImportFixtures.expectError("/nonexistent/run", "no such file or folder") {
            _ = try FormatDetection.detect("/nonexistent/run")
        }
        let emptyCSV = try TextImportFixtures.write("", "empty.csv", in: folder)
        TextImportFixtures.expectError("empty.csv", "empty") { _ = try FormatDetection.detect(emptyCSV) }
    }
}
