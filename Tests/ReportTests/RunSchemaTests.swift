import Configuration
import Foundation
import Plotting
import Report
import RunRecord
import TrainerRecord
import Training
import XCTest

/// `schemas/run.schema.json` describes every run.json fitreport writes, and only those: the tests write runs of
/// every shape and validate them, break them and see validation fail, and check that version-1 files do not pass.
final class RunSchemaTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schemaPath = repository.appendingPathComponent("schemas/run.schema.json").path
    static let templates = repository.appendingPathComponent("templates").path
    static let v1Runs = repository.appendingPathComponent("Tests/CLITests/Fixtures/v1-runs").path

    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-schema-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: Helpers

    func schemaNode() throws -> JSONNode {
        try JSONNode.parse(try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath)))
    }

    func runValidator() throws -> JSONSchemaValidator {
        let validator = JSONSchemaValidator(schema: try schemaNode())
        XCTAssertEqual(validator.schemaProblems, [], "the schema uses only what the validator implements")
        return validator
    }

    func errors(_ schema: String, _ instance: String) throws -> [SchemaError] {
        try JSONSchemaValidator(schemaText: schema).validate(JSONNode.parse(instance))
    }

    /// Trains with `edit` applied to a short default configuration and writes the run; returns its run.json.
    func trainAndWrite(_ edit: (inout RunConfig) -> Void = { _ in }) throws -> JSONNode {
        var config = RunConfig()
        config.epochs = 50
        edit(&config)
        let resolved = try config.resolve()
        let run = try Trainer.run(resolved.training)
        return try write(run.record(resolved: resolved))
    }

    func write(_ record: RunRecord, settings: ReportSettings? = nil,
               sourceFiles: [(path: String, storedAs: String)] = []) throws -> JSONNode {
        var settings = settings ?? ReportSettings(formats: [.svg])
        settings.templatesDirectory = Self.templates
        let written = try ReportWriter(outputRoot: root, settings: settings).write(record, sourceFiles: sourceFiles)
        return try JSONNode.parse(try Data(contentsOf: URL(fileURLWithPath: written.directory + "/run.json")))
    }

    func assertValid(_ json: JSONNode, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try runValidator().validate(json)
        XCTAssertEqual(found, [], "\(label): \(found.map(\.description).joined(separator: "\n"))",
                       file: file, line: line)
    }

    static func member(_ node: JSONNode, _ path: String...) -> JSONNode? {
        var node: JSONNode? = node
        for key in path {
            switch node {
            case .object(let members)?: node = members[key]
            case .array(let items)?: node = Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return node
    }

    /// `node` with the value at `path` replaced (or removed, for `nil`; object members only).
    static func replacing(_ path: ArraySlice<String>, in node: JSONNode, with value: JSONNode?) -> JSONNode {
        guard let key = path.first else { return value ?? node }
        switch node {
        case .object(var members):
            members[key] = path.count == 1
                ? value : members[key].map { replacing(path.dropFirst(), in: $0, with: value) }
            return .object(members)
        case .array(var items):
            guard let i = Int(key), items.indices.contains(i) else { return node }
            items[i] = replacing(path.dropFirst(), in: items[i], with: value)
            return .array(items)
        default:
            return node
        }
    }

    // MARK: (a) The validator

    func testValidatorAcceptsMatchingInstances() throws {
        let cases: [(String, String)] = [
            (#"{"type": "integer"}"#, "3"),
            (#"{"type": "integer"}"#, "3.0"),
            (#"{"type": "number"}"#, "3"),
            (#"{"type": ["string", "null"]}"#, "null"),
            (#"{"type": "boolean"}"#, "false"),
            (#"{"enum": ["a", 1, true]}"#, "1"),
            (#"{"const": {"a": [1, 2]}}"#, #"{"a": [1.0, 2]}"#),
            (#"{"type": "string", "pattern": "^[0-9a-f]{4}$"}"#, #""00ff""#),
            (#"{"type": "number", "minimum": 0}"#, "0"),
            (#"{"type": "number", "maximum": 1}"#, "1"),
            (#"{"type": "array", "items": {"type": "string"}}"#, #"["a", "b"]"#),
            (#"{"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}, "#
                + #""additionalProperties": false}"#, #"{"a": 1}"#),
            (#"{"additionalProperties": {"type": "string"}}"#, #"{"x/y": "z"}"#),
            (#"{"oneOf": [{"type": "number"}, {"enum": ["NaN"]}]}"#, #""NaN""#),
            (#"{"anyOf": [{"type": "number"}, {"type": "integer"}]}"#, "1"),
            (##"{"$defs": {"n": {"type": "number"}}, "items": {"$ref": "#/$defs/n"}}"##, "[1, 2.5]"),
            (#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d"}"#, "{}"),
            ("true", #"{"anything": [null]}"#),
        ]
        for (schema, instance) in cases {
            XCTAssertEqual(try errors(schema, instance), [], "\(schema) should accept \(instance)")
        }
    }

    func testValidatorRejectsMismatchesWithTheirPaths() throws {
        let cases: [(schema: String, instance: String, path: String, message: String)] = [
            (#"{"type": "integer"}"#, "1.5", "", "expected integer"),
            (#"{"type": "number"}"#, "true", "", "found boolean"),
            (#"{"type": "boolean"}"#, "1", "", "found integer"),
            (#"{"type": "string"}"#, "null", "", "found null"),
            (#"{"properties": {"a": {"items": {"type": "string"}}}}"#, #"{"a": ["x", 2]}"#, "/a/1", "expected string"),
            (#"{"required": ["a", "b"]}"#, #"{"a": 1}"#, "", "missing required key 'b'"),
            (#"{"properties": {"a": {}}, "additionalProperties": false}"#, #"{"a": 1, "b": 2}"#, "",
             "unexpected key 'b'"),
            (#"{"additionalProperties": {"type": "string"}}"#, #"{"x/y": 1}"#, "/x~1y", "expected string"),
            (#"{"enum": ["train", "validation"]}"#, #""test""#, "", "is not one of"),
            (#"{"enum": [1]}"#, "true", "", "is not one of"),
            (#"{"const": 2}"#, "1", "", "expected 2"),
            (#"{"pattern": "^[0-9a-f]{64}$"}"#, #""ABC""#, "", "does not match"),
            (#"{"minimum": 0}"#, "-1", "", "less than"),
            (#"{"maximum": 1}"#, "1.5", "", "greater than"),
            (#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#, "1", "", "not exactly one"),
            (#"{"oneOf": [{"type": "number"}, {"enum": ["NaN"]}]}"#, #""nan""#, "", "matches none"),
            (#"{"anyOf": [{"type": "number"}, {"type": "null"}]}"#, #""x""#, "", "matches none"),
            (##"{"$defs": {"s": {"type": "string"}}, "properties": {"k": {"$ref": "#/$defs/s"}}}"##, #"{"k": 1}"#, "/k",
             "expected string"),
            ("false", "1", "", "no value"),
        ]
        for c in cases {
            let found = try errors(c.schema, c.instance)
            XCTAssert(found.contains { $0.path == c.path && $0.message.contains(c.message) },
                      "\(c.schema) on \(c.instance): expected '\(c.message)' at '\(c.path)', got \(found)")
        }
    }

    /// A keyword the validator does not implement fails validation, even in a branch no instance reaches.
    func testValidatorFailsOnKeywordsItDoesNotImplement() throws {
        let cases: [(schema: String, keyword: String)] = [
            (#"{"type": "string", "maxLength": 3}"#, "maxLength"),
            (#"{"properties": {"a": {"format": "date-time"}}}"#, "format"),
            (#"{"$defs": {"unused": {"uniqueItems": true}}}"#, "uniqueItems"),
            (#"{"oneOf": [{"not": {}}, true]}"#, "not"),
            (#"{"patternProperties": {"^x": {}}}"#, "patternProperties"),
            (#"{"items": [{"type": "string"}]}"#, "items"),
            (#"{"$ref": "other.json#/x"}"#, "$ref"),
            (##"{"$ref": "#/$defs/missing"}"##, "$ref"),
            (#"{"type": "float"}"#, "type"),
            (#"{"pattern": "("}"#, "pattern"),
        ]
        for c in cases {
            let validator = try JSONSchemaValidator(schemaText: c.schema)
            XCTAssertFalse(validator.schemaProblems.isEmpty, c.schema)
            let found = validator.validate(.string("x"))
            XCTAssert(found.contains { $0.description.contains(c.keyword) }, "\(c.schema): \(found)")
        }
    }

    // MARK: The schema

    func testSchemaDescribesEveryPropertyAndMatchesTheEnums() throws {
        let schema = try schemaNode()
        _ = try runValidator()
        var undescribed: [String] = []
        func walk(_ node: JSONNode, _ path: String) {
            switch node {
            case .object(let members):
                if case .object(let properties)? = members["properties"] {
                    for (name, sub) in properties where Self.member(sub, "description") == nil {
                        undescribed.append(path + "/properties/" + name)
                    }
                }
                for (key, value) in members { walk(value, path + "/" + key) }
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, path + "/\(i)") }
            default:
                break
            }
        }
        walk(schema, "#")
        XCTAssertEqual(undescribed, [])

        func strings(_ path: String...) -> [String] {
            var node: JSONNode? = schema
            for key in path { node = node.flatMap { Self.member($0, key) } }
            guard case .array(let items)? = node else { return [] }
            return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        XCTAssertEqual(strings("properties", "status", "enum"),
                       [RunStatus.complete, .diverged(epoch: 0), .interrupted(epoch: 0), .imported].map(\.name))
        XCTAssertEqual(strings("properties", "step_axis", "enum"), [StepAxis.epoch, .step].map(\.rawValue))
        XCTAssertEqual(strings("$defs", "source", "properties", "kind", "enum"), SourceKind.allCases.map(\.rawValue))
        XCTAssertEqual(strings("$defs", "series", "properties", "split", "enum"), Split.allCases.map(\.rawValue))
        XCTAssertEqual(strings("$defs", "prediction", "properties", "role", "enum"),
                       PredictionRole.allCases.map(\.rawValue))
        XCTAssertEqual(strings("$defs", "report", "properties", "formats", "items", "enum"),
                       ImageFormat.allCases.map(\.rawValue))
    }

    // MARK: (b) Every run.json written validates

    func testDefaultTrainerRunValidates() throws {
        let json = try trainAndWrite()
        try assertValid(json, "default run")
        XCTAssertEqual(Self.member(json, "reference_name"), .string("least squares"))
        XCTAssertEqual(Self.member(json, "status"), .string("complete"))
    }

    /// Validation, mini-batches, a schedule and early stopping: run.json still matches the schema, with the split.
    func testTrainingLoopRunValidates() throws {
        let json = try trainAndWrite {
            $0.validation = 0.2
            $0.batchSize = 16
            $0.lrSchedule = "cosine"
            $0.earlyStop = 10
            $0.model = "poly:3"
        }
        try assertValid(json, "training-loop run")
        XCTAssertEqual(Self.member(json, "data", "split"), .string("split"))
        XCTAssertEqual(Self.member(json, "series", "1", "name"), .string("val_loss"))
        XCTAssertEqual(Self.member(json, "series", "2", "name"), .string("lr"))
    }

    func testDivergedRunValidates() throws {
        let json = try trainAndWrite { $0.lr = 10; $0.epochs = 300 }
        try assertValid(json, "diverged run")
        XCTAssertEqual(Self.member(json, "status"), .string("diverged"))
        guard case .number(let epoch)? = Self.member(json, "status_epoch") else {
            return XCTFail("a diverged run records its epoch")
        }
        // The last loss is non-finite (written as a string) or exploded past the divergence threshold.
        switch Self.member(json, "series", "0", "last", "value") {
        case .string(let s)?: XCTAssert(["NaN", "Infinity"].contains(s), s)
        case .number(let v)?: XCTAssertGreaterThan(v, 1e6)
        default: XCTFail("the loss series has a last point")
        }
        XCTAssertEqual(Self.member(json, "series", "0", "count"), .number(epoch + 1))
    }

    func testNonLinearModelRunValidates() throws {
        let json = try trainAndWrite { $0.model = "a*exp(b*x) + c"; $0.generate = "2*exp(x) - 1" }
        try assertValid(json, "non-linear run")
        // The Levenberg–Marquardt reference, with its error bars, band and correlations.
        XCTAssertEqual(Self.member(json, "reference_name"), .string("least squares"))
        XCTAssertNotNil(Self.member(json, "parameters", "0", "reference"))
        XCTAssertNotNil(Self.member(json, "parameters", "0", "standard_error"))
        XCTAssertNotNil(Self.member(json, "data", "band"))
        XCTAssertNotNil(Self.member(json, "correlations"))
        guard case .array(let predictions)? = Self.member(json, "data", "predictions") else {
            return XCTFail("the run has data")
        }
        XCTAssertEqual(predictions.compactMap { Self.member($0, "role") },
                       [.string("before"), .string("after"), .string("reference")])
    }

    /// A record with everything optional set: several series off step 0 with epochs, several inputs, predictions of
    /// every role, nested settings, notes, imported source files, non-finite metrics, an interrupted status.
    func testHandBuiltRecordWithEverythingValidates() throws {
        let log = Data(#"{"step": 100, "loss": 2.5}\n"#.utf8)
        let logPath = root + "/metrics.jsonl"
        try log.write(to: URL(fileURLWithPath: logPath))
        let rows = 24
        let x1 = (0..<rows).map { Double($0) / Double(rows) }
        let x2 = x1.map { $0 * $0 }
        let y = zip(x1, x2).map { 3 * $0 - $1 + 0.5 }
        let steps = (1...8).map { $0 * 100 }
        let record = RunRecord(
            title: "Hand-built run", source: RunSource(kind: .swiftAPI, toolVersion: "9.9.9", files: [
                SourceFile(path: "logs/metrics.jsonl", sha256: Hashing.sha256(log), bytes: log.count),
            ]),
            model: "y = a·x₁ + b·x₂ + c",
            settings: [
                KeyValue("lr", .number(3e-4)),
                KeyValue("amp", .bool(true)),
                KeyValue("scheduler", .null),
                KeyValue("optimizer", .object([KeyValue("name", .string("adam")),
                                               KeyValue("betas", .array([.number(0.9), .number(0.999)])),
                                               KeyValue("extra", .object([]))])),
                KeyValue("layers", .array([.object([KeyValue("units", .number(64))]), .array([]), .null])),
            ],
            overview: [KeyValue("Data", "synthetic, two inputs"), KeyValue("Optimizer", "Adam")],
            stepAxis: .step,
            series: [
                ScalarSeries(name: "loss", steps: steps, values: steps.map { 100 / Double($0) },
                             epochs: steps.map { Double($0) / 200 }),
                ScalarSeries(name: "val_loss", steps: [200, 400, 600, 800], values: [0.6, 0.4, 0.3, .nan]),
                ScalarSeries(name: "lr", steps: steps, values: steps.map { _ in 3e-4 }),
                ScalarSeries(name: "val_accuracy", steps: [400, 800], values: [0.5, 0.75]),
                ScalarSeries(name: "grad_norm", split: .other, steps: [100, 200], values: [1.5, .infinity]),
            ],
            data: RunData(inputs: [Column("x1", x1), Column("x2", x2)], target: Column("y", y), predictions: [
                Prediction(name: "start", role: .before, values: y.map { _ in 0 }),
                Prediction(name: "fit", role: .after, values: y.map { $0 + 0.01 }),
                Prediction(name: "closed form", role: .reference, values: y),
                Prediction(name: "baseline", role: .other, values: y.map { _ in 0.9 }),
            ], band: ConfidenceBand(level: 0.9, lower: y.map { $0 - 0.1 }, upper: y.map { $0 + 0.1 })),
            parameters: [Parameter(name: "a", initial: 0, final: 2.99, reference: 3, standardError: 0.02,
                                   lower: 2.96, upper: 3.04),
                         Parameter(name: "b", final: .nan, standardError: .infinity),
                         Parameter(name: "c")],
            referenceName: "closed form",
            metrics: [KeyValue("R²", 0.99), KeyValue("perplexity", .infinity), KeyValue("low", -.infinity),
                      KeyValue("undefined", .nan)],
            status: .interrupted(epoch: 3), summary: "Stopped by hand after four epochs.",
            notes: ["A first note.", "A second note with <markup> & \"quotes\"."],
            durations: [KeyValue("data", 0.25), KeyValue("training", 1.5)])
        var withErrorBars = record
        withErrorBars.correlations = [[1, .nan, 0.5], [.nan, 1, .nan], [0.5, .nan, 1]]
        withErrorBars.confidenceLevel = 0.9
        let settings = ReportSettings(formats: [.png, .svg, .pdf], selfContained: true, name: "hand built/run 1")
        let json = try write(withErrorBars, settings: settings, sourceFiles: [(logPath, "logs/metrics.jsonl")])
        try assertValid(json, "hand-built run")

        // Every top-level key of the schema is written for this record.
        guard case .object(let members) = json, case .object(let properties)? = Self.member(try schemaNode(),
                                                                                           "properties") else {
            return XCTFail("run.json and the schema are objects")
        }
        XCTAssertEqual(Set(members.keys), Set(properties.keys))
        XCTAssertNotNil(Self.member(json, "artifacts", "source/logs/metrics.jsonl"))
        XCTAssertEqual(Self.member(json, "metrics", "3", "value"), .string("NaN"))
        XCTAssertEqual(Self.member(json, "series", "0", "has_epochs"), .bool(true))
        XCTAssertNil(Self.member(json, "series", "2", "lower_is_better"), "lr is neither a loss nor a score")
        XCTAssertEqual(Self.member(json, "settings", "2", "value"), .null)
        XCTAssertEqual(Self.member(json, "correlations", "0", "1"), .string("NaN"))
        XCTAssertEqual(Self.member(json, "parameters", "1", "standard_error"), .string("Infinity"))
        XCTAssertEqual(Self.member(json, "data", "band"),
                       .object(["level": .number(0.9), "lower": .string("band_lower"), "upper": .string("band_upper")]))
    }

    /// A reference fit with error bars (standard errors, intervals, a band, correlations) validates, and breaking
    /// its new parts fails.
    func testReferenceFitWithErrorBarsValidates() throws {
        let json = try write(UncertaintyFixtures.record())
        try assertValid(json, "reference fit with error bars")
        XCTAssertEqual(Self.member(json, "confidence_level"), .number(0.95))
        XCTAssertEqual(Self.member(json, "correlations", "1", "0"), .number(-0.9995))
        XCTAssertEqual(Self.member(json, "parameters", "1", "standard_error"), .number(0.42131))
        XCTAssertEqual(Self.member(json, "parameters", "1", "lower"), .number(6.5078))
        XCTAssertEqual(Self.member(json, "data", "band", "upper"), .string("band_upper"))
        let validator = try runValidator()
        let cases: [(path: [String], value: JSONNode?, errorPath: String, message: String)] = [
            (["correlations"], .string("x"), "/correlations", "expected array"),
            (["correlations", "0", "1"], .string("nan"), "/correlations/0/1", "matches none"),
            (["confidence_level"], .number(95), "/confidence_level", "greater than"),
            (["parameters", "0", "standard_error"], .bool(true), "/parameters/0/standard_error", "matches none"),
            (["parameters", "0", "interval"], .number(1), "/parameters/0", "unexpected key 'interval'"),
            (["data", "band", "lower"], nil, "/data/band", "missing required key 'lower'"),
            (["data", "band", "file"], .string("reference.csv"), "/data/band", "unexpected key 'file'"),
            (["data", "band", "level"], .number(-0.5), "/data/band/level", "less than"),
        ]
        for c in cases {
            let broken = Self.replacing(c.path[...], in: json, with: c.value)
            XCTAssertNotEqual(broken, json, "\(c.path) changed the document")
            let found = validator.validate(broken)
            XCTAssert(found.contains { $0.path == c.errorPath && $0.message.contains(c.message) },
                      "\(c.path) = \(String(describing: c.value)): expected '\(c.message)' at '\(c.errorPath)', "
                          + "got \(found)")
        }
    }

    /// Records without a reference fit's error bars write none of its keys.
    func testRecordsWithoutErrorBarsWriteNoneOfTheirKeys() throws {
        var data = UncertaintyFixtures.data()
        data.band = nil
        let parameters = UncertaintyFixtures.parameters.map {
            Parameter(name: $0.name, initial: $0.initial, final: $0.final, reference: $0.reference)
        }
        let json = try write(UncertaintyFixtures.record(data: data, parameters: parameters, correlations: nil,
                                                         level: nil))
        try assertValid(json, "reference fit without error bars")
        XCTAssertNil(Self.member(json, "correlations"))
        XCTAssertNil(Self.member(json, "confidence_level"))
        XCTAssertNil(Self.member(json, "data", "band"))
        for i in 0..<3 {
            for key in ["standard_error", "lower", "upper"] { XCTAssertNil(Self.member(json, "parameters", "\(i)", key)) }
        }
    }

    /// Records of every source kind and status, including one with no series and no data at all.
    func testRecordsOfEverySourceKindAndStatusValidate() throws {
        let statuses: [RunStatus] = [.imported, .complete, .diverged(epoch: 2), .interrupted(epoch: 0)]
        for (i, kind) in SourceKind.allCases.enumerated() {
            let record = RunRecord(
                title: "Imported \(kind.rawValue)", source: RunSource(kind: kind, toolVersion: "1.0"),
                series: i == 0 ? [] : [ScalarSeries(name: "train/loss", steps: [5, 10, 15], values: [3, 2, 1])],
                status: statuses[i % statuses.count])
            try assertValid(try write(record), "\(kind.rawValue) run")
        }
    }

    // MARK: (c) Broken run.json files fail

    func testMutatedRunJSONFailsValidation() throws {
        let json = try trainAndWrite { $0.epochs = 20 }
        let validator = try runValidator()
        XCTAssertEqual(validator.validate(json), [])
        let cases: [(path: [String], value: JSONNode?, errorPath: String, message: String)] = [
            (["run_id"], nil, "", "missing required key 'run_id'"),
            (["schema_version"], nil, "", "missing required key 'schema_version'"),
            (["environment", "font"], nil, "/environment", "missing required key 'font'"),
            (["bogus"], .string("x"), "", "unexpected key 'bogus'"),
            (["report", "dpi"], .number(100), "/report", "unexpected key 'dpi'"),
            (["status"], .string("bogus"), "/status", "is not one of"),
            (["schema_version"], .number(1), "/schema_version", "expected 2"),
            (["step_axis"], .string("iteration"), "/step_axis", "is not one of"),
            (["source", "kind"], .string("pytorch"), "/source/kind", "is not one of"),
            (["series", "0", "split"], .string("test"), "/series/0/split", "is not one of"),
            (["series", "0", "count"], .number(-1), "/series/0/count", "less than 0"),
            (["metrics", "0", "value"], .string("nan"), "/metrics/0/value", "matches none"),
            (["timings", "0", "value"], .bool(true), "/timings/0/value", "found boolean"),
            (["settings", "0", "note"], .string("x"), "/settings/0", "unexpected key 'note'"),
            (["data", "predictions", "0", "role"], .string("during"), "/data/predictions/0/role", "is not one of"),
            (["artifacts", "history.csv"], .string(String(repeating: "A", count: 64)), "/artifacts/history.csv",
             "does not match"),
            (["created_at"], .string("yesterday"), "/created_at", "does not match"),
            (["status"], .string("diverged"), "", "matches none of the anyOf"),
            (["notes"], .string("one note"), "/notes", "expected array"),
        ]
        for c in cases {
            let broken = Self.replacing(c.path[...], in: json, with: c.value)
            XCTAssertNotEqual(broken, json, "\(c.path) changed the document")
            let found = validator.validate(broken)
            XCTAssert(found.contains { $0.path == c.errorPath && $0.message.contains(c.message) },
                      "\(c.path) = \(String(describing: c.value)): expected '\(c.message)' at '\(c.errorPath)', "
                          + "got \(found)")
        }
    }

    // MARK: (d) Version 1 is not version 2

    func testVersion1RunJSONDoesNotValidate() throws {
        let validator = try runValidator()
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.v1Runs).sorted()
        XCTAssertGreaterThanOrEqual(folders.count, 2)
        for folder in folders {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.v1Runs)/\(folder)/run.json"))
            let found = try validator.validate(data)
            XCTAssert(found.contains { $0.path == "" && $0.message == "missing required key 'schema_version'" },
                      "\(folder): \(found)")
            XCTAssert(found.contains { $0.path == "" && $0.message == "unexpected key 'config'" }, "\(folder)")
        }
    }
}
