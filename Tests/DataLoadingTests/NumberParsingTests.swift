import DataLoading
import XCTest

/// Numbers read from files must be exactly (bit for bit) what `Double(String)` gives for the same text.
final class NumberParsingTests: DataFileTestCase {
    /// Reads `texts` as the second column of a headerless file and compares each value with `Double(text)`.
    private func assertParsedLikeSwift(_ texts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let csv = texts.enumerated().map { "\($0.offset),\($0.element)\n" }.joined()
        let columns = try read(csv, header: .absent, minimumRows: 1)
        XCTAssertEqual(columns.rowCount, texts.count, file: file, line: line)
        for (text, value) in zip(texts, columns.y) {
            guard let expected = Double(text) else {
                XCTFail("Double(\(text.debugDescription)) is nil", file: file, line: line)
                continue
            }
            XCTAssertEqual(
                value.bitPattern, expected.bitPattern, "\(text): \(value) ≠ \(expected)", file: file, line: line)
        }
    }

    func testTrickyInputs() throws {
        try assertParsedLikeSwift([
            "1e-3", ".5", "-0.0", "-0", "0", "+0.0", "2.2250738585072014e-308", "0.1", "1E+10", "123456789012345678",
            "4.9406564584124654e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "9007199254740993",
            "9007199254740992", "0.30000000000000004", "5.", "+.5e-0", "00012.5000", "1e22", "1e23", "1e-22",
            "3.141592653589793238462643383279", "123456789012345678901234567890e-10", "0.000000000000000000000001",
            "1e-400", "-1e-400", "8.98846567431158e307", "1.00000000000000011102230246251565404236316680908203125",
            "1.0000000000000001110223024625156540423631668090820312", "7.038531e-26", "9999999999999999999",
            "18446744073709551615", "18446744073709551616", "0.1e1", "100000000000000000000000e-23", "1234.5678e-2",
        ])
    }

    func testRandomDecimalsMatchDoubleOfString() throws {
        var generator = SeededGenerator(seed: 2024)
        var texts: [String] = []
        while texts.count < 3000 {
            var text = ["", "-", "+"].randomElement(using: &generator) ?? ""
            let digitCount = Int.random(in: 1...24, using: &generator)
            var digits = (0..<digitCount).map { _ in String(Int.random(in: 0...9, using: &generator)) }
            if Bool.random(using: &generator) {
                digits.insert(".", at: Int.random(in: 0...digitCount, using: &generator))
            }
            text += digits.joined()
            switch Int.random(in: 0...3, using: &generator) {
            case 0: text += "e\(Int.random(in: -30...30, using: &generator))"
            case 1: text += "E\(Int.random(in: -330...300, using: &generator))"
            default: break
            }
            if let value = Double(text), value.isFinite { texts.append(text) }
        }
        try assertParsedLikeSwift(texts)
    }

    func testShortestRoundTripOfRandomDoubles() throws {
        var generator = SeededGenerator(seed: 7)
        let texts = (0..<2000).compactMap { _ -> String? in
            let value = Double(bitPattern: generator.next())
            return value.isFinite ? "\(value)" : nil
        }
        try assertParsedLikeSwift(texts)
    }

    func testNonNumbersAreNotAccepted() throws {
        for text in ["1.2.3", "1e", "e5", ".", "-", "+-1", "0x1p3", "1,5", "12abc", "1 2", "- 1", "١٢"] {
            guard let (error, _) = try readError("x;y\n1;2\n3;\(text)\n", x: "x", y: "y") else { continue }
            guard case .notANumber(_, let found) = error else { XCTFail("\(text): \(error)"); continue }
            XCTAssertEqual(found, text)
        }
    }
}
