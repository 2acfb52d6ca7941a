import Plotting
import Testing

/// One label-formatting case: ticks, view limits, expected labels and offset text.
struct LabelCase: CustomTestStringConvertible, Sendable {
    let ticks: [Double]
    let view: ClosedRange<Double>
    let labels: [String]
    let offset: String?
    var testDescription: String { labels.joined(separator: " ") + (offset.map { "  [\($0)]" } ?? "") }
}

@Suite("Tick labels (matplotlib ScalarFormatter)")
struct TickFormatterTests {
    static let cases: [LabelCase] = [
        LabelCase(ticks: [0, 0.2, 0.4, 0.6, 0.8, 1.0], view: -0.05...1.05,
                  labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], offset: nil),
        LabelCase(ticks: [-5, 0, 5, 10, 15, 20], view: -5.945...23.645,
                  labels: ["\u{2212}5", "0", "5", "10", "15", "20"], offset: nil),
        LabelCase(ticks: [0, 2000, 4000, 6000, 8000, 10000, 12000, 14000], view: -750...15749,
                  labels: ["0", "2000", "4000", "6000", "8000", "10000", "12000", "14000"], offset: nil),
        LabelCase(ticks: [0, 2.5, 5, 7.5, 10], view: 0...10,
                  labels: ["0.0", "2.5", "5.0", "7.5", "10.0"], offset: nil),
        LabelCase(ticks: [0, 0.25, 0.5, 0.75, 1], view: 0...1,
                  labels: ["0.00", "0.25", "0.50", "0.75", "1.00"], offset: nil),
        LabelCase(ticks: [-1.5, -1, -0.5, 0], view: -1.6...0.1,
                  labels: ["\u{2212}1.5", "\u{2212}1.0", "\u{2212}0.5", "0.0"], offset: nil),
        LabelCase(ticks: [15000], view: 14000...16000, labels: ["15000"], offset: nil),
        // Float noise in the input never reaches the label.
        LabelCase(ticks: [0.1 + 0.2, 0.30000000000000004 * 2], view: 0...1, labels: ["0.3", "0.6"], offset: nil),
        // A value like −1e−17 prints as zero, not "−0.0".
        LabelCase(ticks: [-1e-17, 0.5, 1], view: -0.1...1.1, labels: ["0.0", "0.5", "1.0"], offset: nil),
        // Large magnitudes: ×1e6 at the axis end.
        LabelCase(ticks: [0, 2e6, 4e6, 6e6], view: -3e5...6.3e6, labels: ["0", "2", "4", "6"], offset: "1e6"),
        LabelCase(ticks: [0, 2e5, 4e5, 6e5, 8e5, 1e6], view: 0...1e6,
                  labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], offset: "1e6"),
        // Small magnitudes: ×1e−5.
        LabelCase(ticks: [0, 2e-6, 4e-6, 6e-6, 8e-6, 1e-5], view: 0...1e-5,
                  labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], offset: "1e\u{2212}5"),
        // Ticks sharing leading digits: an offset.
        LabelCase(ticks: [1000.1, 1000.2, 1000.3, 1000.4], view: 1000.05...1000.45,
                  labels: ["0.1", "0.2", "0.3", "0.4"], offset: "+1e3"),
        // 1e−4-size steps near 1 need no offset below four shared digits (matplotlib prints them in full).
        LabelCase(ticks: [0, 0.0001, 0.0002, 0.0003], view: 0...0.0003,
                  labels: ["0.0000", "0.0001", "0.0002", "0.0003"], offset: nil),
    ]

    @Test(arguments: cases)
    func formats(_ row: LabelCase) {
        let result = TickFormatter().labels(for: row.ticks, viewLimits: row.view)
        #expect(result.labels == row.labels)
        #expect(result.offsetText == row.offset)
    }

    @Test func locatorAndFormatterTogetherNeverPrintNoise() {
        for upper in stride(from: 0.1, through: 3.0, by: 0.1) {
            let view = 0...upper
            let ticks = TickLocator().ticks(in: view)
            for label in TickFormatter().labels(for: ticks, viewLimits: view).labels {
                #expect(label.count <= 5, "label \(label) for 0…\(upper)")
                #expect(!label.contains("000000"), "label \(label)")
            }
        }
    }

    @Test func allLabelsOfAnAxisShareTheirDecimals() {
        let ticks = TickLocator().ticks(in: -0.05...1.05)
        let labels = TickFormatter().labels(for: ticks, viewLimits: -0.05...1.05).labels
        let decimals = Set(labels.map { $0.split(separator: ".").last?.count ?? 0 })
        #expect(decimals == [1])
    }
}
