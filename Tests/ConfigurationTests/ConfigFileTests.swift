import Configuration
import Foundation
import Training
import XCTest

final class ConfigFileTests: XCTestCase {
    func parse(_ text: String) throws -> RunConfig { try ConfigFile.parse(text, file: "cfg.yaml") }

    func assertError(_ text: String, location: String?, contains words: [String], file: StaticString = #filePath,
                     line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            guard let e = error as? ConfigError else { return XCTFail("\(error)", file: file, line: line) }
            if let location { XCTAssertEqual(e.location, location, file: file, line: line) }
            for w in words { XCTAssert(e.description.contains(w), "\(e) lacks \(w)", file: file, line: line) }
        }
    }

    func testYAMLSettingsApplyOverDefaults() throws {
        let c = try parse("""
            model: a*sin(b*x) + c
            lr: 0.05
            epochs: 3000
            optimizer: adam
            x-range: [0, 6]
            init:
              a: 1
              b: 1.9
            normalize: true
            """)
        XCTAssertEqual(c.model, "a*sin(b*x) + c")
        XCTAssertEqual(c.lr, 0.05)
        XCTAssertEqual(c.epochs, 3000)
        XCTAssertEqual(c.optimizer, "adam")
        XCTAssertEqual(c.xRange, "0.0:6.0")
        XCTAssertEqual(c.normalize, true)
        XCTAssertEqual(try c.resolve().training.initialValues, ["a": 1, "b": 1.9])
        XCTAssertEqual(c.points, 100)  // untouched default
    }

    func testJSONIsAccepted() throws {
        let c = try parse(#"{"lr": 0.01, "seed": 3, "loss": "huber", "huber-delta": 0.5}"#)
        XCTAssertEqual(c.lr, 0.01)
        XCTAssertEqual(c.seed, 3)
        XCTAssertEqual(try c.resolve().training.loss, .huber(delta: 0.5))
    }

    /// A run.json's `config` object is what counts; the rest of the manifest is ignored.
    func testRunJSONConfigIsUsed() throws {
        var original = RunConfig()
        original.lr = 0.02
        original.model = "a*x + b"
        original.`init` = "a=2"
        let encoder = JSONEncoder()
        let config = String(decoding: try encoder.encode(original), as: UTF8.self)
        let text = #"{"tool_version": "0.2.0", "run_id": "x", "params": {"a": 1}, "config": \#(config)}"#
        XCTAssertEqual(try parse(text), original)
    }

    func testErrorsNameTheKeyAndPosition() {
        assertError("lr: 0.1\nepoch: 5\n", location: "cfg.yaml:2:8", contains: ["epoch", "did you mean 'epochs'"])
        assertError("lr: fast\n", location: "cfg.yaml:1:5", contains: ["lr", "expected a number", "'fast'"])
        assertError("lr: \"0.1\"\n", location: nil, contains: ["lr", "expected a number"])
        assertError("epochs: 2.5\n", location: nil, contains: ["epochs", "whole number"])
        assertError("normalize: maybe\n", location: nil, contains: ["normalize", "true or false"])
        assertError("model: [1, 2]\n", location: nil, contains: ["model", "expected a string", "a list"])
        assertError("init:\n  a: one\n", location: "cfg.yaml:2:6", contains: ["init.a", "expected a number"])
        assertError("lr: [1\n", location: nil, contains: ["invalid YAML/JSON"])
        assertError("- 1\n- 2\n", location: nil, contains: ["mapping"])
        assertError("seed: -1\n", location: nil, contains: ["seed", "≥ 0"])
    }

    /// What the YAML reader refuses is located in the file, with the context libyaml gives.
    func testYAMLErrorsAreLocated() {
        assertError("lr: [1\n", location: "cfg.yaml:2:1",
                    contains: ["invalid YAML/JSON: while parsing a flow sequence in line 1, column 5: did not find"])
        assertError("lr: 0.1\nepochs: 5\nlr: 0.2\n", location: "cfg.yaml:1:1",
                    contains: ["the key 'lr' appears twice in one mapping. Keep one of them."])
        assertError("lr: *rate\n", location: "cfg.yaml:1:5", contains: ["found undefined alias 'rate'"])
        assertError("lr: 0.1\nmodel: x\u{1}\n", location: "cfg.yaml:2:9", contains: ["control characters"])
        var bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...8 {
            bomb.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let start = Date()
        assertError(bomb.joined(separator: "\n"), location: "cfg.yaml",
                    contains: ["more than 100000 values", "aliases"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        let deep = "init: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        assertError(deep, location: "cfg.yaml:1:262", contains: ["nested more than 256 deep"])
    }

    func testMissingFileIsNamed() {
        XCTAssertThrowsError(try ConfigFile.load("/nonexistent/cfg.yaml")) { error in
            XCTAssert("\(error)".contains("not found: /nonexistent/cfg.yaml"), "\(error)")
        }
    }

    func testResolveRejectsBadValuesByKey() {
        func check(_ edit: (inout RunConfig) -> Void, _ words: [String], line: UInt = #line) {
            var c = RunConfig()
            edit(&c)
            XCTAssertThrowsError(try c.resolve(), line: line) { error in
                for w in words { XCTAssert("\(error)".contains(w), "\(error) lacks \(w)", line: line) }
            }
        }
        check({ $0.lr = -1 }, ["lr", "positive"])
        check({ $0.epochs = -1 }, ["epochs", "zero"])
        check({ $0.points = 1 }, ["points", "at least 2"])
        check({ $0.noise = -0.5 }, ["noise"])
        check({ $0.xRange = "1:0" }, ["x-range", "reversed"])
        check({ $0.xRange = "a:b" }, ["x-range", "LOW:HIGH"])
        check({ $0.loss = "l3" }, ["loss", "mse, mae or huber"])
        check({ $0.optimizer = "rmsprop" }, ["optimizer", "sgd, momentum or adam"])
        check({ $0.`init` = "a=1,zz=2" }, ["init", "'zz' is not a parameter"])
        check({ $0.`init` = "a:1" }, ["init", "NAME=NUMBER"])
        check({ $0.model = "a*x^^2" }, ["model", "column 5", "    ^"])
        check({ $0.generate = "20*x + k" }, ["generate", "k"])
        check({ $0.x = "time" }, ["x", "--data"])
        check({ $0.scale = 100 }, ["scale"])
        check({ $0.data = "/nonexistent.csv" }, ["data", "/nonexistent.csv"])
        check({ $0.momentum = 1.5; $0.optimizer = "momentum" }, ["momentum"])
    }

    func testResolvedDefaultsAreTheBlogRun() throws {
        let r = try RunConfig().resolve()
        XCTAssertEqual(r.training, TrainingConfig())
    }
}
