import Foundation
import RunRecord
import Testing
@testable import ImportReaders
@testable import Importers

/// Damaged and random event files must never crash the importer: each either imports into a valid record or fails
/// with an `ImportError` that names the file and the record.
///
/// A short pass runs with the tests; a long one:
///
///     FITREPORT_FUZZ_ITERATIONS=200000 swift test -c release --filter TensorBoardFuzzTests
@Suite struct TensorBoardFuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["FITREPORT_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000
    }

    /// Valid files to start from: the fixtures (when present) and synthesized files covering every path.
    static func seeds() -> [[UInt8]] {
        var files = TBFixtures.eventFiles.compactMap { try? [UInt8](Data(contentsOf: $0)) }
        var hparams = TBProtoWriter()
        var entry = TBProtoWriter()
        entry.string(1, "lr")
        entry.bytes(2, [0x11, 0x7B, 0x14, 0xAE, 0x47, 0xE1, 0x7A, 0x84, 0x3F])
        var info = TBProtoWriter()
        info.bytes(1, entry.output)
        hparams.bytes(3, info.output)
        let histogram = TBEncoder.histogram("w")
        files.append(TBEncoder.file([
            .fileVersion(),
            .scalar("loss", step: 0, 1),
            .scalar("loss", step: 1, 0.5),
            .tensor("acc", step: 1, TBTensor(dtype: TensorDataType.float, shape: [], floatVal: [0.25])),
            .tensor("acc", step: 2, TBTensor(dtype: TensorDataType.double, shape: [1], doubleVal: [0.5]),
                    metadata: false),
            .tensor("h", step: 3, TBTensor(dtype: TensorDataType.half, halfVal: [0x3C00])),
            .tensor("i", step: 3, TBTensor(dtype: TensorDataType.int64, content: [1, 0, 0, 0, 0, 0, 0, 0])),
            TBEvent(wallTime: 2, step: 4, summary: [histogram]),
            TBEvent(wallTime: 2, summary: [
                TBValue(tag: "_hparams_/session_start_info", tensor: TBTensor(dtype: TensorDataType.string),
                        metadata: TBMetadata(pluginName: "hparams", pluginContent: hparams.output)),
            ]),
            TBEvent(wallTime: 3, step: 1, sessionLogStatus: 1),
            .scalar("loss", step: 1, 0.25),
        ]))
        return files
    }

    private static func randomBytes(_ count: Int, using g: inout TBSeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    /// Changes, inserts, deletes or cuts a few bytes of `bytes`.
    private static func mutate(_ bytes: [UInt8], using g: inout TBSeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            switch Int.random(in: 0..<6, using: &g) {
            case 0 where !out.isEmpty:
                out[Int.random(in: 0..<out.count, using: &g)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &g)
            case 1 where !out.isEmpty:
                out[Int.random(in: 0..<out.count, using: &g)] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x08, 0x0A, 0x12]
                    .randomElement(using: &g) ?? 0
            case 2:
                out.insert(contentsOf: randomBytes(Int.random(in: 1...4, using: &g), using: &g),
                           at: Int.random(in: 0...out.count, using: &g))
            case 3 where !out.isEmpty:
                let start = Int.random(in: 0..<out.count, using: &g)
                out.removeSubrange(start..<min(out.count, start + Int.random(in: 1...4, using: &g)))
            case 4:
                out = Array(out.prefix(Int.random(in: 0...out.count, using: &g)))
            default:
                // A varint of 10 bytes or more, or a huge length.
                let junk: [UInt8] = Bool.random(using: &g)
                    ? Array(repeating: 0xFF, count: 11) : [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
                out.insert(contentsOf: junk, at: Int.random(in: 0...out.count, using: &g))
            }
        }
        return out
    }

    /// A damaged file: whole-file damage (mostly checksum errors), or a record whose data is damaged and framed with
    /// valid checksums (to reach the protobuf decoder), or random records, or random bytes.
    private static func input(_ seeds: [[UInt8]], using g: inout TBSeededGenerator) -> [UInt8] {
        let seed = seeds.randomElement(using: &g) ?? []
        switch Int.random(in: 0..<10, using: &g) {
        case 0, 1:
            return mutate(seed, using: &g)
        case 2:
            return randomBytes(Int.random(in: 0...200, using: &g), using: &g)
        case 3:
            // Random data in valid frames.
            return (0..<Int.random(in: 1...4, using: &g)).flatMap { _ in
                TBEncoder.frame(randomBytes(Int.random(in: 0...40, using: &g), using: &g))
            }
        default:
            var records = (try? TBEncoder.records(seed)) ?? []
            guard !records.isEmpty else { return seed }
            for _ in 0..<Int.random(in: 1...2, using: &g) {
                let i = Int.random(in: 0..<records.count, using: &g)
                records[i] = mutate(records[i], using: &g)
            }
            var file = records.flatMap(TBEncoder.frame)
            if Int.random(in: 0..<4, using: &g) == 0 {
                file = Array(file.prefix(Int.random(in: 0...file.count, using: &g)))
            }
            return file
        }
    }

    @Test func damagedAndRandomFilesNeverCrash() {
        var g = TBSeededGenerator(seed: 2024)
        let seeds = Self.seeds()
        var successes = 0
        var failures = 0
        var protobufFailures = 0
        for round in 0..<Self.iterations {
            let bytes = Self.input(seeds, using: &g)
            var builder = TensorBoardRunBuilder()
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(ImportError) in try builder.read(raw, path: "<fuzz>", name: "fuzz") }
            }
            switch result {
            case .success:
                successes += 1
                let (series, _) = builder.seriesAndNotes()
                for s in series {
                    #expect(s.problems.isEmpty, "round \(round): \(s.problems)")
                    #expect(s.steps.count == s.values.count)
                }
            case .failure(let error):
                failures += 1
                if error.reason.contains("protobuf") { protobufFailures += 1 }
                #expect(error.path == "<fuzz>", "round \(round)")
                #expect(error.location?.hasPrefix("record ") == true, "round \(round): \(error)")
                #expect(!error.reason.isEmpty)
            }
        }
        if Self.iterations >= 1000 {
            #expect(successes > Self.iterations / 20, "successes \(successes)")
            #expect(failures > Self.iterations / 20, "failures \(failures)")
            #expect(protobufFailures > Self.iterations / 50, "protobuf failures \(protobufFailures)")
        }
    }
}
