import CYAML

/// How much one document may hold, checked while it is composed, so that hostile text is refused before anything
/// large is built or walked.
public struct YAMLLimits: Hashable, Sendable {
    /// Most nodes the document may hold, every alias counted as the whole node it names (an alias bomb, ten
    /// aliases of ten aliases of … a list, reaches 10⁹ nodes in a few lines).
    public var maximumValues: Int
    /// Deepest nesting: the root is at depth 1, its items or keys and values at depth 2, and so on.
    public var maximumDepth: Int

    /// Limits of `maximumValues` nodes and `maximumDepth` levels.
    public init(maximumValues: Int, maximumDepth: Int) {
        self.maximumValues = maximumValues
        self.maximumDepth = maximumDepth
    }

    /// A million nodes, 1,000 levels (the nesting limit of the libyaml copy Yams built).
    public static let standard = YAMLLimits(maximumValues: 1_000_000, maximumDepth: 1_000)
}

extension YAMLNode {
    /// The single document in `text` (YAML, or JSON, which is YAML's flow style) as a node; nil when the text holds
    /// no document (empty, or only comments).
    ///
    /// Aliases are replaced by the nodes they name. Throws `YAMLError`: a syntax error (libyaml's, or an alias to
    /// no anchor, or a second document), duplicate keys in a mapping, or a document beyond `limits`. Never traps:
    /// libyaml parses iteratively, the composer keeps its own stack, and nesting is bounded by `limits`.
    public static func compose(_ text: String, limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLNode? {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(YAMLError) in try YAMLComposer.compose(bytes, limits: limits) }
        }
        return try result.get()
    }

    /// The single document in `bytes` (UTF-8; invalid UTF-8 is a syntax error at the offending byte), as
    /// `compose(_:limits:)`.
    public static func compose(utf8 bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError)
        -> YAMLNode?
    {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) in try YAMLComposer.compose(buffer, limits: limits) }
        }
        return try result.get()
    }
}

/// Drives libyaml's event parser over one input and composes its first document into a `YAMLNode`, with an explicit
/// stack of open collections (no recursion), anchors recorded as they complete, and `YAMLLimits` checked as nodes
/// arrive.
struct YAMLComposer: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeBufferPointer<UInt8>
    private let limits: YAMLLimits
    /// Anchored nodes by name; a later anchor of the same name replaces the earlier one.
    private var anchors: [String: Composed] = [:]
    /// Nodes counted so far, aliases expanded.
    private var count = 0

    /// A finished node with its size (nodes, aliases expanded) and height (levels, itself included).
    private struct Composed {
        var node: YAMLNode
        var size: Int
        var height: Int
    }

    /// A mapping or sequence whose end has not been reached yet.
    private struct Open {
        var isMapping: Bool
        var anchor: String?
        var tag: YAMLTag
        var style: YAMLNode.CollectionStyle
        var mark: YAMLMark
        /// `count` before this collection was counted.
        var countBefore: Int
        var height = 1
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Mapping.Element] = []
        var pendingKey: YAMLNode?

        /// Adds a finished child: an item, a key, or the value of the pending key.
        mutating func add(_ child: Composed) {
            height = max(height, child.height + 1)
            if !isMapping {
                items.append(child.node)
            } else if let key = pendingKey {
                pairs.append((key: key, value: child.node))
                pendingKey = nil
            } else {
                pendingKey = child.node
            }
        }
    }

    /// The events the composer needs, copied out of libyaml's.
    private enum Event {
        case streamStart, streamEnd, documentEnd
        case documentStart(YAMLMark)
        case alias(anchor: String, mark: YAMLMark)
        case scalar(YAMLNode.Scalar, anchor: String?)
        case collectionStart(isMapping: Bool, anchor: String?, tag: YAMLTag, style: YAMLNode.CollectionStyle,
                             mark: YAMLMark)
        case collectionEnd
    }

    static func compose(_ input: UnsafeBufferPointer<UInt8>, limits: YAMLLimits) throws(YAMLError) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw .outOfMemory }
        defer { yaml_parser_delete(parser) }
        // libyaml asserts a non-null input pointer, which an empty buffer may not have.
        let empty: StaticString = ""
        yaml_parser_set_input_string(parser, input.baseAddress ?? empty.utf8Start, input.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        var composer = YAMLComposer(parser: parser, input: input, limits: limits)
        return try composer.document()
    }

    private init(parser: UnsafeMutablePointer<yaml_parser_t>, input: UnsafeBufferPointer<UInt8>, limits: YAMLLimits) {
        self.parser = parser
        self.input = input
        self.limits = limits
    }

    /// STREAM-START, then nothing (nil) or one document, then STREAM-END.
    private mutating func document() throws(YAMLError) -> YAMLNode? {
        guard case .streamStart = try next() else { throw unexpected() }
        switch try next() {
        case .streamEnd:
            return nil
        case .documentStart:
            break
        default:
            throw unexpected()
        }
        let root = try node(startingWith: try next())
        guard case .documentEnd = try next() else { throw unexpected() }
        switch try next() {
        case .streamEnd:
            return root
        case .documentStart(let mark):
            throw .syntax(context: "expected a single document in the stream",
                          contextMark: YAMLMark(line: 1, column: 1), problem: "but found another document", mark: mark)
        default:
            throw unexpected()
        }
    }

    /// The node that starts with `first`, read up to its last event.
    private mutating func node(startingWith first: Event) throws(YAMLError) -> YAMLNode {
        var open: [Open] = []
        var event = first
        while true {
            var done: Composed
            switch event {
            case .scalar(let scalar, let anchor):
                try checkDepth(open.count + 1, at: scalar.mark)
                try add(1)
                done = Composed(node: .scalar(scalar), size: 1, height: 1)
                if let anchor { anchors[anchor] = done }
            case .alias(let name, let mark):
                guard let anchored = anchors[name] else {
                    throw .syntax(context: nil, contextMark: nil, problem: "found undefined alias '\(name)'",
                                  mark: mark)
                }
                try checkDepth(open.count + anchored.height, at: mark)
                try add(anchored.size)
                done = anchored
            case .collectionStart(let isMapping, let anchor, let tag, let style, let mark):
                try checkDepth(open.count + 1, at: mark)
                let before = count
                try add(1)
                open.append(Open(isMapping: isMapping, anchor: anchor, tag: tag, style: style, mark: mark,
                                 countBefore: before))
                event = try next()
                continue
            case .collectionEnd:
                guard let collection = open.popLast() else { throw unexpected() }
                done = try finish(collection)
                if let anchor = collection.anchor { anchors[anchor] = done }
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                throw unexpected()
            }
            guard !open.isEmpty else { return done.node }
            open[open.count - 1].add(done)
            event = try next()
        }
    }

    /// The node of a collection whose end was reached: a mapping is checked for duplicate keys.
    private func finish(_ collection: Open) throws(YAMLError) -> Composed {
        let node: YAMLNode
        if collection.isMapping {
            if let error = Self.duplicates(in: collection) { throw error }
            node = .mapping(YAMLNode.Mapping(collection.pairs, tag: collection.tag, style: collection.style,
                                             mark: collection.mark))
        } else {
            node = .sequence(YAMLNode.Sequence(collection.items, tag: collection.tag, style: collection.style,
                                               mark: collection.mark))
        }
        return Composed(node: node, size: count - collection.countBefore, height: collection.height)
    }

    /// Duplicate keys of a mapping as Yams reported them: the repeated keys' texts, sorted (the first ten), at the
    /// first occurrence of the first.
    private static func duplicates(in mapping: Open) -> YAMLError? {
        guard mapping.pairs.count > 1 else { return nil }
        var first: [YAMLNode: Int] = [:]
        var repeated: Set<Int> = []
        for (index, pair) in mapping.pairs.enumerated() {
            if let earlier = first[pair.key] {
                repeated.insert(earlier)
            } else {
                first[pair.key] = index
            }
        }
        guard !repeated.isEmpty else { return nil }
        let keys = repeated.sorted().map { mapping.pairs[$0].key }
        // Scalar keys by text (as Yams sorted them), then the others in the order written.
        let order = keys.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (.scalar(let x), .scalar(let y)): x.string != y.string ? x.string < y.string : a < b
            case (.scalar, _): true
            case (_, .scalar): false
            default: a < b
            }
        }
        return .duplicateKeys(order.prefix(10).map { Self.describe(keys[$0]) }, mark: keys[order[0]].mark)
    }

    /// A key's text for an error message.
    private static func describe(_ key: YAMLNode) -> String {
        if let text = key.string { return text }
        switch key {
        case .mapping: return "{…}"
        case .sequence: return "[…]"
        case .scalar(let scalar): return scalar.string
        }
    }

    private mutating func add(_ nodes: Int) throws(YAMLError) {
        count += nodes
        if count > limits.maximumValues { throw .tooManyValues(limit: limits.maximumValues) }
    }

    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws(YAMLError) {
        if depth > limits.maximumDepth { throw .tooDeep(limit: limits.maximumDepth, mark: mark) }
    }

    private func unexpected() -> YAMLError {
        .syntax(context: nil, contextMark: nil, problem: "unexpected event from libyaml",
                mark: YAMLMark(line: 1, column: 1))
    }

    // MARK: - libyaml

    /// The next event, or libyaml's error.
    private mutating func next() throws(YAMLError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.text(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            // Invalid UTF-8 cannot come out of libyaml (its reader checks the input); decoding repairs it anyway.
            let value = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            }
            let style: YAMLNode.Scalar.Style = switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            let scalar = YAMLNode.Scalar(value ?? "", style: style, explicitTag: Self.text(data.tag), mark: mark)
            return .scalar(scalar, anchor: Self.text(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            let explicit = data.implicit == 0 ? Self.text(data.tag) : nil
            let tag = explicit.flatMap { $0 == YAMLTag.nonSpecific ? nil : YAMLTag(rawValue: $0) } ?? .seq
            return .collectionStart(isMapping: false, anchor: Self.text(data.anchor), tag: tag,
                                    style: data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block, mark: mark)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            let explicit = data.implicit == 0 ? Self.text(data.tag) : nil
            let tag = explicit.flatMap { $0 == YAMLTag.nonSpecific ? nil : YAMLTag(rawValue: $0) } ?? .map
            return .collectionStart(isMapping: true, anchor: Self.text(data.anchor), tag: tag,
                                    style: data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block, mark: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return .collectionEnd
        default:
            throw unexpected()
        }
    }

    /// libyaml's error as a `YAMLError`.
    private func error() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        switch p.error {
        case YAML_MEMORY_ERROR:
            return .outOfMemory
        case YAML_READER_ERROR:
            // The reader gives a byte offset and the offending value, not a mark.
            var text = problem
            if p.problem_value >= 0 {
                let hex = String(p.problem_value, radix: 16, uppercase: true)
                text += " (#x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ")"
            }
            return .syntax(context: nil, contextMark: nil, problem: text,
                           mark: Self.mark(ofByte: Int(clamping: p.problem_offset), in: input))
        default:
            let context = p.context.map { String(cString: $0) }
            return .syntax(context: context, contextMark: context == nil ? nil : Self.mark(p.context_mark),
                           problem: problem, mark: Self.mark(p.problem_mark))
        }
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(clamping: mark.line) &+ 1, column: Int(clamping: mark.column) &+ 1)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The line and column of byte `offset`, counted as libyaml counts them: lines end at LF, CR, CR LF, NEL, LS
    /// or PS; columns count characters (UTF-8 lead bytes).
    static func mark(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> YAMLMark {
        var line = 1, column = 1, i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) {
                line += 1
                column = 1
            } else if b == 0xC2, i + 1 < end, bytes[i + 1] == 0x85 {
                line += 1
                column = 1
                i += 1
            } else if b == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                line += 1
                column = 1
                i += 2
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
            i += 1
        }
        return YAMLMark(line: line, column: column)
    }
}
