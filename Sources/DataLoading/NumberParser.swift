#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a cell's bytes hold.
enum ParsedNumber: Equatable {
    /// A finite decimal number.
    case finite(Double)
    /// `nan`, `inf`, `infinity` (any case, optional sign) or a decimal number beyond the range of `Double`.
    case notFinite
    /// Anything else that is not blank.
    case notANumber
    /// Nothing but blanks.
    case empty
}

/// Decimal numbers from bytes, giving exactly the `Double` that `Double(String)` gives for the same text.
///
/// Accepted: optional blanks, an optional sign, digits with an optional `.` (at least one digit in all), an
/// optional exponent `e`/`E` with optional sign and digits, optional blanks. Hexadecimal is not accepted.
/// Up to 19 significant digits are gathered into an integer; when it is at most 2^53 and the decimal exponent
/// within ±22 the result is one correctly rounded IEEE multiplication or division by an exact power of ten
/// (Clinger's fast path). Everything else goes to the C library's correctly rounded `strtod`.
enum NumberParser {
    static func parse(_ bytes: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
        var i = 0
        var n = count
        while i < n, ASCII.isBlank(bytes[i]) { i += 1 }
        while n > i, ASCII.isBlank(bytes[n - 1]) { n -= 1 }
        guard i < n else { return .empty }
        let textStart = i

        var negative = false
        if bytes[i] == ASCII.minus || bytes[i] == ASCII.plus {
            negative = bytes[i] == ASCII.minus
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digits = 0
        var exponent = 0
        var exact = true  // false once a significant digit does not fit in `mantissa`

        while i < n, bytes[i] &- ASCII.zero < 10 {
            accumulate(bytes[i] &- ASCII.zero, into: &mantissa, count: &significantDigits, exact: &exact)
            digits += 1
            i += 1
        }
        if i < n, bytes[i] == ASCII.dot {
            i += 1
            while i < n, bytes[i] &- ASCII.zero < 10 {
                if significantDigits < 19 { exponent -= 1 }
                accumulate(bytes[i] &- ASCII.zero, into: &mantissa, count: &significantDigits, exact: &exact)
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nonNumeric(bytes + textStart, count: n - textStart) }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == ASCII.minus || bytes[i] == ASCII.plus {
                exponentNegative = bytes[i] == ASCII.minus
                i += 1
            }
            var value = 0
            var exponentDigits = 0
            while i < n, bytes[i] &- ASCII.zero < 10 {
                if value < 1_000_000 { value = value * 10 + Int(bytes[i] &- ASCII.zero) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return .notANumber }
            exponent += exponentNegative ? -value : value
        }
        guard i == n else { return .notANumber }

        if exact {
            if mantissa == 0 { return .finite(negative ? -0.0 : 0.0) }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                let value = exponent < 0
                    ? Double(mantissa) / exactPowerOfTen(-exponent)
                    : Double(mantissa) * exactPowerOfTen(exponent)
                return .finite(negative ? -value : value)
            }
        }
        return slowPath(bytes + textStart, count: n - textStart)
    }

    /// Adds one decimal digit to `mantissa` unless it holds 19 significant digits (`count`) already; then
    /// clears `exact`. 19 digits always fit in a `UInt64`.
    @inline(__always)
    private static func accumulate(_ digit: UInt8, into mantissa: inout UInt64, count: inout Int, exact: inout Bool) {
        if count < 19 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
            if mantissa != 0 { count += 1 }
        } else {
            exact = false
        }
    }

    /// 10^exponent for 0 ≤ exponent ≤ 22, all exactly representable.
    @inline(__always)
    private static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Syntax already checked: `strtod` on a NUL-terminated copy. Should the C locale's decimal point not be
    /// `.` (someone called `setlocale`), `strtod` stops early and `Double(String)` decides instead.
    private static func slowPath(_ bytes: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
            guard let start = buffer.baseAddress else { return nil }
            for k in 0..<count { start[k] = CChar(bitPattern: bytes[k]) }
            start[count] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &stop)
            guard stop == start + count else { return nil }
            return value
        } ?? Double(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        guard let value else { return .notANumber }
        return value.isFinite ? .finite(value) : .notFinite
    }

    /// `.notFinite` for `nan`, `inf` and `infinity` (any case, optional sign), else `.notANumber`.
    private static func nonNumeric(_ bytes: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
        var i = 0
        if count > 0, bytes[0] == ASCII.minus || bytes[0] == ASCII.plus { i = 1 }
        var word = ""
        while i < count, word.utf8.count <= 8 {
            word.unicodeScalars.append(Unicode.Scalar(bytes[i] | (bytes[i] < 0x80 ? 0x20 : 0)))
            i += 1
        }
        guard i == count else { return .notANumber }
        return word == "nan" || word == "inf" || word == "infinity" ? .notFinite : .notANumber
    }
}
