import Foundation
import XCTest

/// Runs the built `fitreport` binary in a scratch folder and captures what it prints.
struct CLIHarness {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
    }

    /// The scratch folder the command runs in (its `output/` holds the runs).
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "fitreport-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    /// The `fitreport` binary beside the test bundle (`.build/<config>/fitreport`).
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            dir = bundle.bundleURL.deletingLastPathComponent()
        }
        let candidate = dir.appendingPathComponent("fitreport")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        // Fall back to the package's debug build folder.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/fitreport")
    }

    /// Runs `fitreport` with `arguments`, or `executable` with `prefix + arguments`.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], executable: String? = nil,
             prefix: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? Self.binary
        process.arguments = prefix + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Folders under output/runs (hidden staging folders included).
    func runFolders() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory + "/output/runs")) ?? []
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
