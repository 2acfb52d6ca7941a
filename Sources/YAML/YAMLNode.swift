/// One node of a YAML document: a scalar, a mapping or a sequence, with where it starts.
///
/// Aliases (`*name`) are already replaced by the node they name, which keeps the anchored node's mark. Nodes are
/// values: an alias shares the anchored node's storage rather than copying it.
///
/// Two nodes are equal when they are the same YAML value: scalars of equal text and resolved tag, collections of
/// equal tag and equal items in the same order. Marks, styles and anchors do not count (so `a` and `"a"` are equal
/// keys, `1` and `"1"` are not). This is the equality duplicate keys are found with.
public enum YAMLNode: Sendable {
    /// A scalar: text with a style and a tag.
    case scalar(Scalar)
    /// A mapping: key/value pairs in the order written.
    case mapping(Mapping)
    /// A sequence: nodes in the order written.
    case sequence(Sequence)
}

// MARK: - Scalar

extension YAMLNode {
    /// A scalar: its text (quotes removed, escapes and folding applied), how it was written, and its tag.
    public struct Scalar: Sendable {
        /// How a scalar was written.
        public enum Style: Sendable, Hashable {
            /// Unquoted: the only style whose tag is resolved from its text.
            case plain
            /// `'…'`.
            case singleQuoted
            /// `"…"`.
            case doubleQuoted
            /// `|` block.
            case literal
            /// `>` block.
            case folded
        }

        /// The text.
        public var string: String
        /// How it was written.
        public var style: Style
        /// The tag written before it, expanded (`!!int` is `tag:yaml.org,2002:int`); nil when none was written.
        public var explicitTag: String?
        /// The resolved tag: the explicit one if any (`str` for the non-specific `!`), else for a plain scalar the
        /// one its text matches in `YAMLResolver`, else `str`.
        public var tag: YAMLTag
        /// Where it starts.
        public var mark: YAMLMark

        /// A scalar whose resolved tag follows from the other properties.
        public init(_ string: String, style: Style = .plain, explicitTag: String? = nil,
                    mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
            self.string = string
            self.style = style
            self.explicitTag = explicitTag
            self.mark = mark
            if let explicitTag {
                tag = explicitTag == YAMLTag.nonSpecific ? .str : YAMLTag(rawValue: explicitTag)
            } else {
                tag = style == .plain ? YAMLResolver.tag(ofPlain: string) : .str
            }
        }
    }
}

// MARK: - Mapping

extension YAMLNode {
    /// How a mapping or sequence was written.
    public enum CollectionStyle: Sendable, Hashable {
        /// Indented lines (`key: value`, `- item`).
        case block
        /// Brackets (`{key: value}`, `[item]`), as in JSON.
        case flow
    }

    /// A mapping: its pairs in the order written. A key appears once (the composer refuses duplicates).
    public struct Mapping: Sendable, RandomAccessCollection {
        /// One key and its value.
        public typealias Element = (key: YAMLNode, value: YAMLNode)

        /// The pairs in the order written.
        public var pairs: [Element]
        /// `map`, or the explicit tag.
        public var tag: YAMLTag
        /// Block or flow.
        public var style: CollectionStyle
        /// Where it starts.
        public var mark: YAMLMark

        /// A mapping of `pairs`.
        public init(_ pairs: [Element], tag: YAMLTag = .map, style: CollectionStyle = .block,
                    mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
            self.pairs = pairs
            self.tag = tag
            self.style = style
            self.mark = mark
        }

        /// The first pair's position, 0.
        public var startIndex: Int { pairs.startIndex }
        /// The number of pairs.
        public var endIndex: Int { pairs.endIndex }
        /// The pair at `position`, in the order written.
        public subscript(position: Int) -> Element { pairs[position] }

        /// The value of the key written as `key`: a scalar key equal to a plain scalar reading `key` (so `key`,
        /// `'key'` and `"key"` all match `"key"`, but a quoted `'1'` does not match `"1"`, an int). The last such
        /// pair when there are several.
        public subscript(key: String) -> YAMLNode? {
            let wanted = YAMLResolver.tag(ofPlain: key)
            for pair in pairs.reversed() {
                if case .scalar(let scalar) = pair.key, scalar.tag == wanted, scalar.string == key {
                    return pair.value
                }
            }
            return nil
        }
    }
}

// MARK: - Sequence

extension YAMLNode {
    /// A sequence: its items in the order written.
    public struct Sequence: Sendable, RandomAccessCollection {
        /// The items.
        public var items: [YAMLNode]
        /// `seq`, or the explicit tag.
        public var tag: YAMLTag
        /// Block or flow.
        public var style: CollectionStyle
        /// Where it starts.
        public var mark: YAMLMark

        /// A sequence of `items`.
        public init(_ items: [YAMLNode], tag: YAMLTag = .seq, style: CollectionStyle = .block,
                    mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
            self.items = items
            self.tag = tag
            self.style = style
            self.mark = mark
        }

        /// The first item's position, 0.
        public var startIndex: Int { items.startIndex }
        /// The number of items.
        public var endIndex: Int { items.endIndex }
        /// The item at `position`, in the order written.
        public subscript(position: Int) -> YAMLNode { items[position] }
    }
}

// MARK: - Common properties

extension YAMLNode {
    /// Where the node starts (for an alias: where the anchored node starts).
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    /// The resolved tag.
    public var tag: YAMLTag {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .mapping(let mapping): mapping.tag
        case .sequence(let sequence): sequence.tag
        }
    }

    /// The scalar, if this is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// A scalar's text; for a mapping, the text of the value of its `=` key if it has one (YAML's value key, as
    /// Yams reads it); nil otherwise.
    public var string: String? {
        switch self {
        case .scalar(let scalar):
            return scalar.string
        case .mapping(let mapping):
            for (key, value) in mapping where key.tag == .value {
                return value.string
            }
            return nil
        case .sequence:
            return nil
        }
    }

    /// A plain scalar read as a whole number (see `Scalar.int`); nil for anything else.
    public var int: Int? { scalar?.int }

    /// A plain scalar read as a floating-point number (see `Scalar.float`); nil for anything else.
    public var float: Double? { scalar?.float }

    /// A scalar read as true or false (see `Scalar.bool`); nil for anything else.
    public var bool: Bool? { scalar?.bool }
}

// MARK: - Equality

extension YAMLNode: Hashable {
    /// Whether the two nodes are the same YAML value (see `YAMLNode`): marks, styles and anchors do not count.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)):
            return a.tag == b.tag && a.string == b.string
        case (.mapping(let a), .mapping(let b)):
            guard a.tag == b.tag, a.count == b.count else { return false }
            // Two aliases of one anchor share their storage: equal without a walk (as arrays of items are).
            let shared = a.pairs.withUnsafeBufferPointer { x in
                b.pairs.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress }
            }
            return shared || zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.sequence(let a), .sequence(let b)):
            return a.tag == b.tag && a.items == b.items
        default:
            return false
        }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let scalar):
            hasher.combine(0)
            hasher.combine(scalar.tag)
            hasher.combine(scalar.string)
        case .mapping(let mapping):
            hasher.combine(1)
            hasher.combine(mapping.tag)
            hasher.combine(mapping.count)
            for (key, value) in mapping.pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        case .sequence(let sequence):
            hasher.combine(2)
            hasher.combine(sequence.tag)
            hasher.combine(sequence.items)
        }
    }
}
