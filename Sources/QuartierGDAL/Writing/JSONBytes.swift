/// A growing byte buffer with the few JSON encodings the GeoJSON writer needs, each written straight into the
/// bytes (no `String` per number): coordinates with a fixed number of decimals, integers, shortest round-trip
/// reals and escaped strings. Every encoding depends only on the value, so the output is the same bytes on every
/// run and machine. The buffer is its own allocation (not an `Array`), written through a pointer: the encoder's
/// inner loop appends a few bytes at a time.
final class JSONBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (valid until the next append).
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// A copy of the bytes.
    var bytes: [UInt8] { Array(buffer) }

    func removeAll() { count = 0 }

    /// Room for `extra` more bytes.
    @inline(__always) func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) func append(_ text: StaticString) {
        append(raw: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) func append(raw bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(raw bytes: [UInt8]) {
        bytes.withUnsafeBytes { append(raw: $0) }
    }

    func append(raw text: String) {
        var text = text
        text.withUTF8 { append(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Decimal digits of a non-negative integer, at least `width` of them (left-padded with zeros).
    @inline(__always) func appendDigits(_ value: UInt64, width: Int = 1) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let n = Swift.max(digits, width)
        reserve(n)
        var v = value
        var i = count + n - 1
        while i >= count {
            base[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            i -= 1
        }
        count += n
    }

    func append(integer value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    /// A finite real as its shortest text that reads back to the same double (`0.1`, `5.0`, `1e-05`): valid JSON.
    func append(real value: Double) {
        append(raw: value.description)
    }

    /// `1e6`-scaled rounding limit below which the fast path of `append(coordinate:)` is exact in Int64.
    private static let fastLimit = 9.0e15

    /// A coordinate rounded to `decimals` decimals (the value times 10^decimals, rounded half away from zero),
    /// trailing zeros dropped but one decimal kept: `13.53403`, `52.0`, `-0.5`.
    func append(coordinate value: Double, decimals: Int, scale: Double) {
        let scaled = (value * scale).rounded()
        guard Swift.abs(scaled) < Self.fastLimit else {
            // Far outside lon/lat: plain shortest form, still deterministic.
            append(real: value)
            return
        }
        var n = Int64(scaled)
        if n < 0 {
            append(UInt8(ascii: "-"))
            n = -n
        }
        var unit: Int64 = 1
        for _ in 0..<decimals { unit *= 10 }
        let whole = n / unit
        var fraction = n % unit
        appendDigits(UInt64(whole))
        append(UInt8(ascii: "."))
        guard fraction != 0, decimals > 0 else {
            append(UInt8(ascii: "0"))
            return
        }
        var width = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        appendDigits(UInt64(fraction), width: width)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8.
    func append(string text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if runStart < i { append(raw: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<i])) }
                runStart = i + 1
                append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: append(UInt8(ascii: "\""))
                case 0x5C: append(UInt8(ascii: "\\"))
                case 0x0A: append(UInt8(ascii: "n"))
                case 0x0D: append(UInt8(ascii: "r"))
                case 0x09: append(UInt8(ascii: "t"))
                case 0x08: append(UInt8(ascii: "b"))
                case 0x0C: append(UInt8(ascii: "f"))
                default:
                    append("u00")
                    append(Self.hex[Int(byte >> 4)])
                    append(Self.hex[Int(byte & 0xF)])
                }
            }
            if runStart < utf8.count { append(raw: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart...])) }
        }
        append(UInt8(ascii: "\""))
    }
}
