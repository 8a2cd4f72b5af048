/// Validates and classifies TOML's dates and times (RFC 3339, as TOML 1.0 allows them): an offset date-time
/// (`1979-05-27T07:32:00Z`, `1979-05-27 00:32:00.5-07:00`), a local date-time, a local date or a local time.
///
/// The parser keeps a date or time as the text written (with `T` between date and time); this type decides
/// whether that text is one at all, so that `1979-13-45` or `25:00:00` is refused with its line and column
/// instead of being read as a value. Seconds are required (TOML 1.0; 1.1 makes them optional); a leap second
/// (`:60`) is accepted as RFC 3339 accepts it. Spec: https://toml.io/en/v1.0.0#offset-date-time
package enum TOMLDateTime {
    /// The four kinds of TOML 1.0, named as the toml-test project names them.
    package enum Kind: String, Sendable, CaseIterable {
        case offsetDateTime = "datetime"
        case localDateTime = "datetime-local"
        case localDate = "date-local"
        case localTime = "time-local"
    }

    /// The kind of `text`, or nil when it is no valid TOML date or time.
    package static func kind(of text: String) -> Kind? {
        let s = Array(text.utf8)
        if let dateEnd = date(s) {
            if dateEnd == s.count { return .localDate }
            guard s[dateEnd] == UInt8(ascii: "T") || s[dateEnd] == UInt8(ascii: "t"),
                let timeEnd = time(s, from: dateEnd + 1)
            else { return nil }
            if timeEnd == s.count { return .localDateTime }
            return offset(s, from: timeEnd) ? .offsetDateTime : nil
        }
        if let timeEnd = time(s, from: 0), timeEnd == s.count { return .localTime }
        return nil
    }

    /// The number of `count` decimal digits at `start`, or nil.
    private static func number(_ s: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= s.count else { return nil }
        var value = 0
        for c in s[start..<start + count] {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func byte(_ s: [UInt8], _ index: Int, is ascii: Unicode.Scalar) -> Bool {
        index < s.count && s[index] == UInt8(ascii: ascii)
    }

    /// `YYYY-MM-DD` at the start, with a month of 1…12 and a day that exists in it; the index after it.
    private static func date(_ s: [UInt8]) -> Int? {
        guard let year = number(s, 0, 4), byte(s, 4, is: "-"), let month = number(s, 5, 2), byte(s, 7, is: "-"),
            let day = number(s, 8, 2), (1...12).contains(month), day >= 1, day <= days(in: month, of: year)
        else { return nil }
        return 10
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `HH:MM:SS` with an optional fraction (`.` and one or more digits) at `start`; the index after it.
    private static func time(_ s: [UInt8], from start: Int) -> Int? {
        guard let hour = number(s, start, 2), byte(s, start + 2, is: ":"), let minute = number(s, start + 3, 2),
            byte(s, start + 5, is: ":"), let second = number(s, start + 6, 2), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var end = start + 8
        if byte(s, end, is: ".") {
            var digits = 0
            while number(s, end + 1 + digits, 1) != nil { digits += 1 }
            guard digits > 0 else { return nil }
            end += 1 + digits
        }
        return end
    }

    /// `Z`, `z` or `±HH:MM` from `start` to the end.
    private static func offset(_ s: [UInt8], from start: Int) -> Bool {
        if s.count == start + 1 { return byte(s, start, is: "Z") || byte(s, start, is: "z") }
        guard s.count == start + 6, byte(s, start, is: "+") || byte(s, start, is: "-"),
            let hour = number(s, start + 1, 2), byte(s, start + 3, is: ":"), let minute = number(s, start + 4, 2)
        else { return false }
        return hour <= 23 && minute <= 59
    }
}
