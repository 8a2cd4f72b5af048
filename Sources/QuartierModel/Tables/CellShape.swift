/// The separators of one numeric-looking cell, from which a column's decimal separator is decided.
struct CellShape {
    var commas = 0
    var dots = 0
    /// The last of `,` and `.` in the cell (0 when neither occurs).
    var lastSeparator: UInt8 = 0
    /// Every `.` has a digit before it and exactly three digits after it (`1.234`, `12.345.678`).
    var dotsGrouped = true
    /// Every `,` has a digit before it and exactly three digits after it.
    var commasGrouped = true
    /// Only digits, at least two, the first `0`: a key that lost nothing yet (`01100101`).
    var isKeyWithLeadingZero = false

    /// Reads a cell's shape, or nil when the cell cannot be a number (it holds letters other than an
    /// exponent `e`, a percent sign, brackets …, or no digit).
    init?(_ cell: UnsafeBufferPointer<UInt8>) {
        var digits = 0
        var run = 0  // digits just before the current byte
        var onlyDigits = true
        var i = 0
        let end = cell.count
        while i < end {
            let b = cell[i]
            switch b {
            case 0x30...0x39:
                digits += 1
                run += 1
                i += 1
                continue
            case 0x2C, 0x2E:
                // A group separator follows 1–3 digits (the first one) or exactly 3 (the others,
                // ensured by the check after the previous one), and precedes exactly 3.
                let first = b == 0x2C ? commas == 0 : dots == 0
                let grouped = run >= 1 && (!first || run <= 3) && CellShape.threeDigits(cell, after: i)
                if b == 0x2C {
                    commas += 1
                    if !grouped { commasGrouped = false }
                } else {
                    dots += 1
                    if !grouped { dotsGrouped = false }
                }
                lastSeparator = b
                run = 0
                i += 1
                onlyDigits = false
                continue
            case 0x2B, 0x2D, 0x20, 0x27, 0x65, 0x45:
                i += 1
            case 0xC2 where i + 1 < end && cell[i + 1] == 0xA0:
                i += 2
            case 0xE2 where i + 2 < end && cell[i + 1] == 0x80 && cell[i + 2] == 0xAF:
                i += 3
            case 0xE2 where i + 2 < end && cell[i + 1] == 0x88 && cell[i + 2] == 0x92:
                i += 3
            default:
                return nil
            }
            run = 0
            onlyDigits = false
        }
        guard digits > 0 else { return nil }
        isKeyWithLeadingZero = onlyDigits && digits >= 2 && cell[0] == 0x30
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Exactly three digits follow `index`, then the end or a non-digit.
    private static func threeDigits(_ cell: UnsafeBufferPointer<UInt8>, after index: Int) -> Bool {
        guard index + 3 < cell.count else { return false }
        for k in 1...3 where !isDigit(cell[index + k]) { return false }
        return index + 4 == cell.count || !isDigit(cell[index + 4])
    }
}

/// What the numeric-looking cells of one column have in common.
struct ShapeSummary {
    private var both = 0
    private var bothCommaLast = 0
    private var anyComma = false
    private var multiComma = false
    private var allCommasGrouped = true
    private var anyDot = false
    private var multiDot = false
    private var allDotsGrouped = true

    mutating func add(_ shape: CellShape) {
        if shape.commas > 0 && shape.dots > 0 {
            both += 1
            if shape.lastSeparator == 0x2C { bothCommaLast += 1 }
        } else if shape.commas > 0 {
            anyComma = true
            if shape.commas > 1 { multiComma = true }
            if !shape.commasGrouped { allCommasGrouped = false }
        } else if shape.dots > 0 {
            anyDot = true
            if shape.dots > 1 { multiDot = true }
            if !shape.dotsGrouped { allDotsGrouped = false }
        }
    }

    /// The column's decimal separator, `,` (0x2C) or `.` (0x2E).
    ///
    /// 1. Values with both (`1.234,5` / `1,234.5`): the separator that comes last, by majority.
    /// 2. Commas only: decimal comma, unless some value has several commas, all grouped
    ///    (`1,234,567`: thousands commas).
    /// 3. Dots only: thousands dots when some value has several dots, all grouped
    ///    (`1.234.567`), or, in a `;` file, when every dot is followed by exactly three digits
    ///    (`1.234` is 1234 in a German table); otherwise a decimal point (`1.5`, and `1.234`
    ///    in a `,` or tab file).
    /// 4. Neither: `,` in a `;` file, `.` otherwise (only reported; integers parse either way).
    func decideDecimal(fileDelimiter: UInt8) -> UInt8 {
        let comma: UInt8 = 0x2C, dot: UInt8 = 0x2E
        if both > 0 { return bothCommaLast * 2 >= both ? comma : dot }
        if anyComma { return multiComma && allCommasGrouped ? dot : comma }
        if anyDot {
            if multiDot && allDotsGrouped { return comma }
            return fileDelimiter == 0x3B && allDotsGrouped ? comma : dot
        }
        return fileDelimiter == 0x3B ? comma : dot
    }
}
