/// The rows an `ObjectiveKernel` evaluates: one owned buffer per data column, plus one per precomputed column
/// (a parameter-free data expression computed once for the whole run).
///
/// Buffers never move while the kernel lives, so strategies keep `columnBases` and `hoistedBases` and read them on
/// every block; `shuffleRows` permutes rows in place, the data and precomputed columns alike.
final class KernelData {
    /// Data points (the length of every column).
    let pointCount: Int
    /// Base address of each data column, in `program.variableNames` order.
    let columnBases: UnsafeMutablePointer<UnsafePointer<Double>>
    /// Base address of each precomputed column (set by `precompute`; capacity 1 before).
    private(set) var hoistedBases: UnsafeMutablePointer<UnsafePointer<Double>>
    private let columnStorage: [UnsafeMutablePointer<Double>]
    private var hoistedStorage: [UnsafeMutablePointer<Double>] = []
    /// The data columns, then the precomputed ones: what `shuffleRows` permutes.
    @exclusivity(unchecked) private var rowColumns: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    @exclusivity(unchecked) private var rowColumnCount: Int

    /// Copies `columns` (all of the same length) into owned buffers.
    init(columns: [[Double]]) {
        let n = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == n }, "all columns must have the same length")
        pointCount = n
        columnBases = .allocate(capacity: max(columns.count, 1))
        columnStorage = columns.map { column in
            let buffer = UnsafeMutablePointer<Double>.allocateAligned(capacity: column.count)
            column.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { buffer.initialize(from: base, count: column.count) }
            }
            return buffer
        }
        for (k, buffer) in columnStorage.enumerated() { columnBases[k] = UnsafePointer(buffer) }
        hoistedBases = .allocate(capacity: 1)
        rowColumnCount = columnStorage.count
        rowColumns = .allocate(capacity: max(rowColumnCount, 1))
        rowColumns.initialize(from: columnStorage, count: rowColumnCount)
    }

    deinit {
        columnBases.deallocate()
        for column in columnStorage { column.deallocate() }
        for column in hoistedStorage { column.deallocate() }
        hoistedBases.deallocate()
        rowColumns.deallocate()
    }

    /// Computes `plan`'s precomputed columns (`plan.hoisted`) once over all points, in the current row order. Call
    /// at most once, before any strategy reads `hoistedBases`.
    func precompute(_ plan: BlockProgram) {
        precondition(hoistedStorage.isEmpty, "precomputed columns are set once")
        guard !plan.hoisted.isEmpty else { return }
        hoistedBases.deallocate()
        hoistedBases = .allocate(capacity: plan.hoisted.count)
        let once = BlockProgram(plan.program, outputs: plan.hoisted, hoist: [], blockSize: plan.blockSize)
        let values = UnsafeMutablePointer<Double>.allocateAligned(capacity: once.scratchCount)
        defer { values.deallocate() }
        let params = [Double](repeating: 0, count: max(plan.program.parameterNames.count, 1))
        let constants = UnsafeMutablePointer<Double>.allocate(capacity: max(plan.program.instructions.count, 1))
        defer { constants.deallocate() }
        params.withUnsafeBufferPointer { once.evaluateUniform(parameters: $0.baseAddress!, into: constants) }
        for (h, _) in plan.hoisted.enumerated() {
            let column = UnsafeMutablePointer<Double>.allocateAligned(capacity: pointCount)
            hoistedStorage.append(column)
            hoistedBases[h] = UnsafePointer(column)
        }
        var start = 0
        while start < pointCount {
            let n = min(plan.blockSize, pointCount - start)
            let ctx = BlockContext(columns: columnBases, hoisted: hoistedBases, uniform: constants,
                                   scratch: values, start: start, count: n)
            once.forward(ctx)
            for (h, i) in plan.hoisted.enumerated() {
                let source = once.pointer(once.sources[i], ctx)
                (hoistedStorage[h] + start).update(from: source, count: n)
            }
            start += n
        }
        rowColumns.deallocate()
        rowColumnCount = columnStorage.count + hoistedStorage.count
        rowColumns = .allocate(capacity: rowColumnCount)
        rowColumns.initialize(from: columnStorage + hoistedStorage, count: rowColumnCount)
    }

    /// Shuffles the rows of every column (and of every precomputed column) in place: Fisher–Yates from the last row
    /// down, row i swapped with row `rng.nextIndex(below: i + 1)`.
    func shuffleRows(using rng: inout Xoshiro256StarStar) {
        var i = pointCount - 1
        let columns = rowColumns, count = rowColumnCount
        if count == 2 {
            let a = columns[0], b = columns[1]
            while i > 0 {
                let j = rng.nextIndex(below: i + 1)
                (a[i], a[j]) = (a[j], a[i])
                (b[i], b[j]) = (b[j], b[i])
                i -= 1
            }
            return
        }
        while i > 0 {
            let j = rng.nextIndex(below: i + 1)
            for c in 0..<count { let column = columns[c]; (column[i], column[j]) = (column[j], column[i]) }
            i -= 1
        }
    }

    /// The data columns' `rows` as arrays (for the reference evaluator).
    func columnArrays(_ rows: Range<Int>) -> [[Double]] {
        columnStorage.map { Array(UnsafeBufferPointer(start: $0 + rows.lowerBound, count: rows.count)) }
    }
}
