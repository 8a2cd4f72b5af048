/// Numbers as statistics offices write them, read from the UTF-8 bytes of one trimmed cell.
///
/// Accepted: an optional sign (`+`, `-`, U+2212 minus), digits with optional thousands grouping,
/// an optional decimal part after the column's decimal separator, an optional exponent (`1,5E-3`).
/// Grouping must be regular: a first group of 1–3 digits, then groups of exactly 3 digits, one
/// separator kind per number: `.` or `,` (whichever is not the decimal separator), space, U+00A0
/// no-break space, U+202F narrow no-break space (DIN 5008 / ISO 80000-1 digit grouping) or `'`.
/// A percent sign, unit or parenthesis makes the cell text, not a number.
enum GermanNumber {
    enum Value: Equatable {
        case integer(Int64)
        case real(Double)
    }

    /// A thousands separator, as reported in `TableDialect.thousandsSeparators`.
    enum Thousands: Int, CaseIterable {
        case dot, comma, space, noBreakSpace, narrowNoBreakSpace, apostrophe

        var text: String {
            switch self {
            case .dot: "."
            case .comma: ","
            case .space: " "
            case .noBreakSpace: "\u{00A0}"
            case .narrowNoBreakSpace: "\u{202F}"
            case .apostrophe: "'"
            }
        }
    }

    struct Parsed {
        var value: Value
        var thousands: Thousands?
    }

    private static let dot: UInt8 = 0x2E, comma: UInt8 = 0x2C

    /// Exact powers of ten for Clinger's fast path (all exactly representable as `Double`).
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Parses one cell.
    ///
    /// - Parameters:
    ///   - bytes: the trimmed cell, UTF-8.
    ///   - decimal: the column's decimal separator, `,` (0x2C) or `.` (0x2E).
    /// - Returns: the number and the grouping it used, or nil when the cell is not a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Parsed? {
        let end = bytes.count
        var i = 0
        var negative = false
        if end > 0 && (bytes[0] == 0x2B || bytes[0] == 0x2D) {
            negative = bytes[0] == 0x2D
            i = 1
        } else if end >= 3 && bytes[0] == 0xE2 && bytes[1] == 0x88 && bytes[2] == 0x92 {
            negative = true
            i = 3
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var truncated = false
        var integerDigits = 0
        var groupLength = 0
        var thousands: Thousands?
        while i < end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                accumulate(b, into: &mantissa, exponent: &exponent, truncated: &truncated, fraction: false)
                integerDigits += 1
                groupLength += 1
                i += 1
                continue
            }
            guard let (kind, width) = separator(bytes, at: i, decimal: decimal) else { break }
            guard integerDigits > 0 else { return nil }
            if let thousands {
                guard thousands == kind, groupLength == 3 else { return nil }
            } else {
                guard groupLength <= 3 else { return nil }
                thousands = kind
            }
            groupLength = 0
            i += width
        }
        if thousands != nil && groupLength != 3 { return nil }
        var isReal = false
        var fractionDigits = 0
        if i < end && bytes[i] == decimal {
            isReal = true
            i += 1
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                accumulate(bytes[i], into: &mantissa, exponent: &exponent, truncated: &truncated, fraction: true)
                fractionDigits += 1
                i += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if i < end && (bytes[i] == 0x65 || bytes[i] == 0x45) {
            isReal = true
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
                exponentNegative = bytes[i] == 0x2D
                i += 1
            }
            var digits = 0, written = 0
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if written < 10_000 { written = written * 10 + Int(bytes[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == end else { return nil }

        if !isReal && !truncated && exponent == 0 {
            if negative && mantissa <= UInt64(Int64.max) + 1 {
                return Parsed(value: .integer(mantissa == UInt64(Int64.max) + 1 ? .min : -Int64(mantissa)),
                              thousands: thousands)
            }
            if !negative && mantissa <= UInt64(Int64.max) {
                return Parsed(value: .integer(Int64(mantissa)), thousands: thousands)
            }
        }
        var magnitude: Double
        if !truncated && mantissa <= 1 << 53 && abs(exponent) <= 22 {
            // Clinger's fast path: both operands exact, so one correctly rounded operation.
            let m = Double(mantissa)
            magnitude = exponent < 0 ? m / powersOfTen[-exponent] : m * powersOfTen[exponent]
        } else {
            // A magnitude beyond Double's range (`1E999`, a 5 MB run of digits) is no number: strtod answers
            // infinity, which no output can hold (JSON writes null) — the cell is text, and a bad cell of a
            // numeric column (status invalid, reported), never a silent null.
            guard let slow = slowPath(bytes, decimal: decimal), slow.isFinite else { return nil }
            magnitude = slow
        }
        return Parsed(value: .real(negative ? -magnitude : magnitude), thousands: thousands)
    }

    /// Adds one digit to the mantissa, keeping at most 19 significant digits.
    private static func accumulate(
        _ digit: UInt8, into mantissa: inout UInt64, exponent: inout Int, truncated: inout Bool, fraction: Bool
    ) {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + UInt64(digit - 0x30)
            if fraction { exponent -= 1 }
        } else {
            if digit != 0x30 { truncated = true }
            if !fraction { exponent += 1 }
        }
    }

    /// The thousands separator at `index`, with its byte length, or nil.
    private static func separator(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, decimal: UInt8
    ) -> (Thousands, Int)? {
        let b = bytes[index]
        switch b {
        case dot where decimal != dot: return (.dot, 1)
        case comma where decimal != comma: return (.comma, 1)
        case 0x20: return (.space, 1)
        case 0x27: return (.apostrophe, 1)
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return (.noBreakSpace, 2)
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xAF:
            return (.narrowNoBreakSpace, 3)
        default: return nil
        }
    }

    /// The magnitude through `Double(String)` (strtod) for long mantissas and large exponents.
    private static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Double? {
        var ascii: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 || b == 0x65 || b == 0x45 || b == 0x2D || b == 0x2B {
                ascii.append(b)
            } else if b == decimal {
                ascii.append(dot)
            }
            i += 1
        }
        while let first = ascii.first, first == 0x2D || first == 0x2B { ascii.removeFirst() }
        return Double(String(decoding: ascii, as: UTF8.self)).map(abs)
    }
}
