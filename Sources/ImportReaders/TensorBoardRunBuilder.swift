import RunRecord

/// Collects the scalar series, hyper-parameters and remarks of one or more TensorBoard event files, read in order,
/// and makes a run record of them.
///
/// Scalars are `simple_value`s, and one-element numeric tensors whose tag's summary metadata names the `scalars`
/// plugin (TensorBoard writes metadata only with a tag's first value, so the first metadata seen for a tag applies to
/// its later values) or says `DATA_CLASS_SCALAR`. Each series is put in step order; when a step repeats, the value
/// written last wins. A `SessionLog` START at step `s` discards the run's points at steps ≥ `s` read so far, as
/// TensorBoard does when a run restarts from a checkpoint.
package struct TensorBoardRunBuilder {
    /// One tag of one run folder.
    private struct Tag {
        /// The series name: the run folder prefix and the tag.
        var name: String
        var run: Int
        var bytes: [UInt8]
        /// The plugin named by the first metadata seen for the tag.
        var plugin: String?
        var scalarDataClass = false
        var steps: [Int] = []
        var values: [Double] = []
        /// Whether steps have strictly increased so far.
        var increasing = true
        /// Non-scalar values skipped, by kind (`histogram`, `text`, …).
        var skipped: [String: Int] = [:]
        /// The next tag with the same hash.
        var nextWithSameHash: Int?
    }

    private var tags: [Tag] = []
    private var firstTagWithHash: [UInt64: Int] = [:]
    private var decoder = EventDecoder()
    /// Run folder prefixes (`train/`), by run index.
    private var runPrefixes: [String] = []

    /// Seconds since 1970 of the first event that has a wall time.
    package private(set) var firstWallTime: Double?
    /// Hyper-parameters from the hparams plugin, in the order written.
    package private(set) var settings: [KeyValue<JSONValue>] = []
    private(set) var eventCount = 0
    private(set) var fileCount = 0
    private var otherEvents: [String: Int] = [:]
    private var remarks: [String] = []

    /// Reads the hyper-parameters of an hparams plugin summary's content (`bytes`, the range of its
    /// `HParamsPluginData`), in the order written; `nil` when it holds no session start. `Importers` gives
    /// `TensorBoardHParams.sessionStartHParams`: hparams summaries are a few per run, so their decoding is not here.
    package typealias HParamsReader = (_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> [KeyValue<JSONValue>]?
    private let readHParams: HParamsReader

    /// A builder whose runs (sub-folders of the imported folder) have the given series name prefixes, reading the
    /// hparams plugin's summaries with `hparams`.
    package init(runPrefixes: [String], hparams: @escaping HParamsReader) {
        self.runPrefixes = runPrefixes
        self.readHParams = hparams
    }

    /// Reads the TFRecord event file `bytes`; `path` and `name` are the file's path (for errors) and a short name
    /// (for notes); `run` indexes `runPrefixes`.
    package mutating func read(_ bytes: UnsafeRawBufferPointer, path: String, name: String, run: Int = 0)
        throws(ImportError)
    {
        fileCount += 1
        if bytes.isEmpty {
            remarks.append("\(name) is empty (0 bytes).")
            return
        }
        var reader = TFRecordReader(bytes)
        while true {
            let record: TFRecord
            do throws(TFRecordError) {
                guard let next = try reader.next() else { break }
                record = next
            } catch {
                throw ImportError(path: path, location: error.location, reason: error.reason)
            }
            do throws(ProtobufError) {
                try decoder.decode(bytes, record.data)
            } catch {
                throw ImportError(path: path, location: record.location,
                                  reason: "the event is malformed protobuf: \(error). The record's checksum is "
                                      + "correct, so it was written this way; this is not a TensorBoard event file, "
                                      + "or its writer is faulty")
            }
            try process(bytes, path: path, record: record, run: run)
        }
        if let tail = reader.incompleteTail {
            remarks.append("The last record of \(name) (record \(tail.record) at byte \(tail.offset)) is incomplete "
                           + "(the writer may still be running); it was skipped.")
        }
    }

    private mutating func process(_ bytes: UnsafeRawBufferPointer, path: String, record: TFRecord, run: Int)
        throws(ImportError)
    {
        eventCount += 1
        if firstWallTime == nil, decoder.wallTime > 0, decoder.wallTime.isFinite { firstWallTime = decoder.wallTime }
        let step = Int(truncatingIfNeeded: decoder.step)
        switch decoder.kind {
        case .summary:
            for value in decoder.values {
                try add(value, step: step, bytes, path: path, record: record, run: run)
            }
        case .sessionLog(let status) where status == 1:
            purge(run: run, from: step)
        case .graph: otherEvents["graph", default: 0] += 1
        case .metaGraph: otherEvents["meta graph", default: 0] += 1
        case .taggedRunMetadata: otherEvents["run metadata", default: 0] += 1
        case .logMessage: otherEvents["log message", default: 0] += 1
        case .none, .fileVersion, .sessionLog: break
        }
    }

    private mutating func add(_ value: SummaryValue, step: Int, _ bytes: UnsafeRawBufferPointer, path: String,
                              record: TFRecord, run: Int) throws(ImportError)
    {
        let i = tagIndex(run: run, bytes, value.tag)
        var valuePlugin: String?
        if let range = value.pluginName {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            valuePlugin = name
            if tags[i].plugin == nil {
                tags[i].plugin = name
                tags[i].scalarDataClass = value.dataClass == 1
            }
        }
        switch value.content {
        case .simpleValue(let v):
            append(Double(v), step: step, to: i)
        case .tensor(let tensor):
            let plugin = tags[i].plugin ?? valuePlugin ?? ""
            if plugin == "hparams" {
                guard value.pluginName != nil else { return }
                do throws(ProtobufError) {
                    if let found = try readHParams(bytes, value.pluginContent) {
                        for pair in found {
                            if let j = settings.firstIndex(where: { $0.key == pair.key }) {
                                settings[j].value = pair.value
                            } else {
                                settings.append(pair)
                            }
                        }
                    }
                } catch {
                    throw ImportError(path: path, location: record.location,
                                      reason: "malformed protobuf in the hparams plugin data of tag "
                                          + "'\(tags[i].name)': \(error)")
                }
            } else if plugin == "scalars" || tags[i].scalarDataClass {
                if let scalar = tensor.scalar {
                    append(scalar, step: step, to: i)
                } else {
                    let kind = "\(TensorDataType.name(tensor.dtype)) tensor that is not one number"
                    tags[i].skipped[kind, default: 0] += 1
                }
            } else {
                tags[i].skipped[Self.kind(ofPlugin: plugin), default: 0] += 1
            }
        case .histogram: tags[i].skipped["histogram", default: 0] += 1
        case .image: tags[i].skipped["image", default: 0] += 1
        case .audio: tags[i].skipped["audio", default: 0] += 1
        case .none: tags[i].skipped["empty", default: 0] += 1
        }
    }

    /// What a tensor summary of `plugin` is, in a word for notes.
    private static func kind(ofPlugin plugin: String) -> String {
        switch plugin {
        case "": "tensor"
        case "histograms": "histogram"
        case "images": "image"
        case "audio": "audio"
        case "text": "text"
        case "pr_curves": "PR curve"
        case "mesh": "mesh"
        default: "'\(plugin)' plugin"
        }
    }

    private mutating func append(_ value: Double, step: Int, to i: Int) {
        if let last = tags[i].steps.last, step <= last { tags[i].increasing = false }
        tags[i].steps.append(step)
        tags[i].values.append(value)
    }

    /// The index of the tag in `range` of `bytes` in run `run`, added when new.
    private mutating func tagIndex(run: Int, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        let tagBytes = UnsafeRawBufferPointer(rebasing: bytes[range])
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: run)
        for byte in tagBytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var candidate = firstTagWithHash[hash]
        while let c = candidate {
            if tags[c].run == run, tags[c].bytes.withUnsafeBytes({ $0.elementsEqual(tagBytes) }) { return c }
            candidate = tags[c].nextWithSameHash
        }
        let prefix = run < runPrefixes.count ? runPrefixes[run] : ""
        var tag = Tag(name: prefix + String(decoding: tagBytes, as: UTF8.self), run: run, bytes: Array(tagBytes))
        tag.nextWithSameHash = firstTagWithHash[hash]
        firstTagWithHash[hash] = tags.count
        tags.append(tag)
        return tags.count - 1
    }

    /// Discards the points of run `run` at steps ≥ `step` (a `SessionLog` START: the run restarted from `step`).
    private mutating func purge(run: Int, from step: Int) {
        var discarded = 0
        for i in tags.indices where tags[i].run == run && !tags[i].steps.isEmpty {
            var kept = 0
            for j in tags[i].steps.indices where tags[i].steps[j] < step {
                tags[i].steps[kept] = tags[i].steps[j]
                tags[i].values[kept] = tags[i].values[j]
                kept += 1
            }
            discarded += tags[i].steps.count - kept
            tags[i].steps.removeSubrange(kept...)
            tags[i].values.removeSubrange(kept...)
        }
        if discarded > 0 {
            let folder = runPrefixes[safe: run].map { $0.isEmpty ? "" : " in \($0.dropLast())" } ?? ""
            remarks.append("The run restarted at step \(step)\(folder) (a SessionLog START event); as TensorBoard "
                           + "does, \(discarded) points logged before at steps ≥ \(step) were discarded.")
        }
    }

    /// The series read so far: one per tag with at least one scalar, in order of first appearance, in increasing
    /// step order (the last written value of a repeated step wins); and notes on what was skipped or repaired.
    package func seriesAndNotes() -> (series: [ScalarSeries], notes: [String]) {
        var series: [ScalarSeries] = []
        var notes = remarks
        var duplicates: [(name: String, count: Int)] = []
        for tag in tags where !tag.steps.isEmpty {
            var steps = tag.steps
            var values = tag.values
            if !tag.increasing {
                // Stable by construction: ties keep the order written, then the last of each step is kept.
                let order = steps.indices.sorted { (steps[$0], $0) < (steps[$1], $1) }
                var s: [Int] = []
                var v: [Double] = []
                s.reserveCapacity(order.count)
                v.reserveCapacity(order.count)
                for k in order {
                    if let last = s.last, last == steps[k] {
                        v[v.count - 1] = values[k]
                    } else {
                        s.append(steps[k])
                        v.append(values[k])
                    }
                }
                if s.count < steps.count { duplicates.append((tag.name, steps.count - s.count)) }
                steps = s
                values = v
            }
            series.append(ScalarSeries(name: tag.name, steps: steps, values: values))
        }
        if !duplicates.isEmpty {
            let total = duplicates.reduce(0) { $0 + $1.count }
            let list = duplicates.map { "\($0.name) ×\($0.count)" }
            notes.append("\(total) points repeated a step already logged for their tag; the value written last was "
                         + "kept (\(Self.shortList(list))).")
        }
        // Skipped summaries, grouped by kind in order of first appearance.
        var kinds: [String] = []
        var byKind: [String: [String]] = [:]
        var skippedCount = 0
        for tag in tags {
            for (kind, count) in tag.skipped.sorted(by: { $0.key < $1.key }) {
                if byKind[kind] == nil { kinds.append(kind) }
                byKind[kind, default: []].append(count > 1 ? "\(tag.name) ×\(count)" : tag.name)
                skippedCount += count
            }
        }
        if skippedCount > 0 {
            let groups = kinds.map { "\($0): \(Self.shortList(byKind[$0] ?? []))" }
            notes.append("Skipped \(skippedCount) non-scalar \(skippedCount == 1 ? "summary" : "summaries") "
                         + "(\(groups.joined(separator: "; "))).")
        }
        if !otherEvents.isEmpty {
            let parts = otherEvents.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            let plural = otherEvents.values.reduce(0, +) == 1 ? "" : "s"
            notes.append("Skipped \(parts.joined(separator: ", ")) event\(plural).")
        }
        if series.isEmpty {
            notes.insert("The \(fileCount == 1 ? "event file holds" : "\(fileCount) event files hold") \(eventCount) "
                         + "event\(eventCount == 1 ? "" : "s") but no scalar summary.", at: 0)
        }
        return (series, notes)
    }

    /// The first ten items, then `and N more`.
    private static func shortList(_ items: [String]) -> String {
        let shown = items.prefix(10).joined(separator: ", ")
        return items.count > 10 ? shown + " and \(items.count - 10) more" : shown
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
