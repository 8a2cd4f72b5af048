/// A table that holds each distinct element once, in order of first use, and gives every element its index —
/// the MVT key and value tables (spec 2.1 §4.4: tags are indexes into them) and the arc list of
/// `ArcTopology` are such tables. `Key` names an element's identity (a value's type and bits, an arc's first
/// two vertices), so elements themselves need not be `Hashable`.
struct InternTable<Key: Hashable, Element> {
    private(set) var elements: [Element] = []
    private var index: [Key: Int] = [:]

    init(capacity: Int = 0) {
        index.reserveCapacity(capacity)
    }

    var count: Int { elements.count }

    /// The index of `key`'s element, appending `element()` when the key is new.
    mutating func intern(_ key: Key, _ element: @autoclosure () -> Element) -> Int {
        if let known = index[key] { return known }
        let position = elements.count
        index[key] = position
        elements.append(element())
        return position
    }
}

extension InternTable where Key == Element {
    /// The index of `element`, appending it when new.
    mutating func intern(_ element: Element) -> Int { intern(element, element) }
}
