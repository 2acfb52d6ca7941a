import DataLoading
import RunRecord

/// The state of reading one JSON Lines history, line by line.
package struct JSONLinesHistory {
    /// The keys that give a JSON Lines history's steps, in order of preference.
    static let stepKeys = ["step", "epoch", "iteration", "global_step"]
    let path: String
    private var accumulators: [SeriesAccumulator] = []
    private var index: [String: Int] = [:]
    /// The step key, once a line has had one; nil while undecided.
    private(set) var stepKey: String?
    /// Lines met before the step key was known, to be read once it is: (line number, byte range).
    private var pending: [(line: Int, range: Range<Int>)] = []
    private var objects = 0
    private var firstLine: Int?
    private var withoutStep: (count: Int, firstLine: Int) = (0, 0)
    /// Keys whose values were skipped, in order of first meeting: key → (line, what was found).
    private var skipped: [(key: String, line: Int, found: String)] = []
    private var skippedKeys: Set<String> = []
    private var members: [JSONLineParser.Member] = []

    package init(path: String) {
        self.path = path
    }

    package mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ImportError) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var line = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            var first = start
            while first < contentEnd, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            if first < contentEnd {
                try take(UnsafeBufferPointer(rebasing: bytes[start..<contentEnd]), line: line, range: start..<contentEnd,
                         all: bytes)
            }
            start = end + 1
            line += 1
        }
        if stepKey == nil {
            // No line had a step key: steps are object numbers.
            let lines = pending
            pending = []
            for (number, item) in lines.enumerated() {
                try parse(UnsafeBufferPointer(rebasing: bytes[item.range]), line: item.line)
                try add(line: item.line, step: number, epoch: nil)
            }
        }
    }

    /// One non-blank line.
    private mutating func take(_ text: UnsafeBufferPointer<UInt8>, line: Int, range: Range<Int>,
                               all bytes: UnsafeBufferPointer<UInt8>) throws(ImportError) {
        if firstLine == nil { firstLine = line }
        objects += 1
        try parse(text, line: line)
        if stepKey == nil {
            let found = Self.stepKeys.first { key in
                members.contains { $0.topLevel && $0.key == key }
            }
            guard let found else {
                pending.append((line, range))
                return
            }
            stepKey = found
            let earlier = pending
            pending = []
            let current = members
            for item in earlier {
                try parse(UnsafeBufferPointer(rebasing: bytes[item.range]), line: item.line)
                try addWithStepKey(line: item.line)
            }
            members = current
        }
        try addWithStepKey(line: line)
    }

    private mutating func parse(_ text: UnsafeBufferPointer<UInt8>, line: Int) throws(ImportError) {
        members.removeAll(keepingCapacity: true)
        do {
            try JSONLineParser.parse(text, into: &members)
        } catch {
            switch error {
            case .notAnObject(let found):
                throw ImportError(path: path, location: "line \(line)",
                                  reason: "expected a JSON object ({\"step\": 1, \"loss\": 0.5}), found \(found). "
                                  + "Each line of a JSON Lines history must be one object; fix or delete the line.")
            case .syntax(let column, let message):
                throw ImportError(path: path, location: "line \(line), column \(column)",
                                  reason: "not valid JSON: \(message). Fix or delete the line.")
            }
        }
    }

    /// Adds the members of the parsed line, its step from `stepKey`.
    private mutating func addWithStepKey(line: Int) throws(ImportError) {
        guard let stepKey else { return }
        guard let member = members.first(where: { $0.topLevel && $0.key == stepKey }), member.leaf != .null else {
            if withoutStep.count == 0 { withoutStep.firstLine = line }
            withoutStep.count += 1
            return
        }
        guard case .number(let value) = member.leaf, let step = HistoryTable.wholeNumber(value) else {
            throw ImportError(path: path, location: "line \(line), key \(Located.quote(stepKey))",
                              reason: "the \(stepKey) is \(Self.shown(member.leaf)), which is not a whole number. "
                              + "Steps must be whole numbers; fix or delete the line.")
        }
        var epoch: Double? = nil
        if stepKey != "epoch", let member = members.first(where: { $0.topLevel && $0.key == "epoch" }) {
            switch member.leaf {
            case .number(let value) where value.isFinite: epoch = value
            case .null: break
            default:
                throw ImportError(path: path, location: "line \(line), key \"epoch\"",
                                  reason: "the epoch is \(Self.shown(member.leaf)), not a finite number. Fix or "
                                  + "delete the line.")
            }
        }
        try add(line: line, step: step, epoch: epoch)
    }

    /// Adds every member of the parsed line but the step and epoch as points at `step`.
    private mutating func add(line: Int, step: Int, epoch: Double?) throws(ImportError) {
        for member in members {
            // The step, and the epoch when it gives epochs (when it is the step, it is `stepKey`).
            if member.topLevel, member.key == stepKey || (stepKey != nil && member.key == "epoch") { continue }
            let value: Double
            switch member.leaf {
            case .number(let number):
                value = number
            case .null:
                continue
            case .string(let text):
                let parsed = Array(text.utf8).withUnsafeBufferPointer { CellValue.parse($0) }
                if case .number(let number) = parsed {
                    value = number
                } else {
                    if !HistoryTable.isNotLogged(text) { skip(member.key, line: line, found: Located.quote(text)) }
                    continue
                }
            case .bool(let flag):
                skip(member.key, line: line, found: flag ? "true" : "false")
                continue
            case .array:
                skip(member.key, line: line, found: "an array")
                continue
            }
            let k: Int
            if let existing = index[member.key] {
                k = existing
            } else {
                k = accumulators.count
                index[member.key] = k
                accumulators.append(SeriesAccumulator(name: member.key))
            }
            accumulators[k].append(step: step, value: value, epoch: epoch, line: line)
        }
    }

    private mutating func skip(_ key: String, line: Int, found: String) {
        if skippedKeys.insert(key).inserted { skipped.append((key, line, found)) }
    }

    private static func shown(_ leaf: JSONLineParser.Leaf) -> String {
        switch leaf {
        case .number(let value): return "\(value)"
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return Located.quote(text)
        case .array: return "an array"
        }
    }

    /// The series and notes.
    package func finish() throws(ImportError) -> (series: [ScalarSeries], notes: [String], stepKey: String?) {
        guard objects > 0 else {
            throw ImportError(path: path, reason: "the file is empty (it has no lines with a JSON object). Import a "
                              + "file with one object per line, such as {\"step\": 0, \"loss\": 1.5}.")
        }
        var notes: [String] = []
        if stepKey == nil {
            notes.append("No line has a step key (step, epoch, iteration or global_step), so steps are line numbers "
                         + "from 0 (counting lines with an object).")
        }
        if withoutStep.count > 0, let stepKey {
            notes.append("\(withoutStep.count) line\(withoutStep.count == 1 ? " has" : "s have") no "
                         + "\(Located.quote(stepKey)) (first: line \(withoutStep.firstLine)) and "
                         + "\(withoutStep.count == 1 ? "was" : "were") skipped.")
        }
        if !skipped.isEmpty {
            let described = skipped.map { "\(Located.quote($0.key)) (line \($0.line): \($0.found))" }
            notes.append("Values that are not numbers were skipped for \(HistoryNotes.list(described)).")
        }
        let finished = HistoryNotes.finish(accumulators, stepName: stepKey == "epoch" ? "epoch" : "step")
        return (finished.series, notes + finished.notes, stepKey)
    }
}
