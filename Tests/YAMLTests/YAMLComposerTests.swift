import Testing
import YAML

/// Composing documents: marks, anchors and aliases, merge keys, duplicate keys, limits, syntax errors. Expected marks
/// were written from PyYAML 6.0.3's pure-Python composer and parser (`yaml.compose(text, Loader=yaml.SafeLoader)`,
/// `start_mark` and `problem_mark`/`context_mark` plus one), independent of libyaml.
@Suite struct YAMLComposerTests {
    private func compose(_ text: String, limits: YAMLLimits = .standard) throws -> YAMLNode {
        try #require(try YAMLNode.compose(text, limits: limits))
    }

    private func error(_ text: String, limits: YAMLLimits = .standard) -> YAMLError? {
        do {
            _ = try YAMLNode.compose(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func mapping(_ node: YAMLNode) throws -> YAMLNode.Mapping {
        guard case .mapping(let mapping) = node else { throw Failure.notA("mapping", node) }
        return mapping
    }

    private func sequence(_ node: YAMLNode?) throws -> YAMLNode.Sequence {
        guard case .sequence(let sequence)? = node else { throw Failure.notA("sequence", node) }
        return sequence
    }

    enum Failure: Error { case notA(String, YAMLNode?) }

    @Test func marksAreWhereNodesStart() throws {
        let text = "name: run\nlr: 0.1\nlayers:\n  - 16\n  - &w {a: 1, b: [2, 3]}\nagain: *w\n\"quoted\": 'x'\n"
            + "block: |\n  text\ndate: 2024-05-01\n"
        let root = try mapping(try compose(text))
        func at(_ node: YAMLNode?) -> String { node.map { "\($0.mark)" } ?? "none" }
        #expect(root.mark == YAMLMark(line: 1, column: 1))
        #expect(root.pairs.map { "\($0.key.mark)" } == ["1:1", "2:1", "3:1", "6:1", "7:1", "8:1", "10:1"])
        #expect(at(root["name"]) == "1:7" && at(root["lr"]) == "2:5")
        let layers = try sequence(root["layers"])
        #expect(at(layers.first) == "4:5" && at(layers.last) == "5:5")  // PyYAML: the anchored node at its anchor
        let w = try mapping(try #require(layers.last))
        #expect(w.pairs.map { "\($0.key.mark)/\($0.value.mark)" } == ["5:9/5:12", "5:15/5:18"])
        #expect(at(try sequence(w["b"]).last) == "5:22")
        #expect(at(root["again"]) == "5:5")  // an alias is the anchored node, with its mark
        #expect(at(root["quoted"]) == "7:11" && root["quoted"]?.scalar?.style == .singleQuoted)
        #expect(at(root["block"]) == "8:8" && root["block"]?.string == "text\n")
        #expect(root["date"]?.tag == .timestamp)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try mapping(try compose("é日本: ü\nx: [ä, b]\n"))
        #expect(root["é日本"]?.mark == YAMLMark(line: 1, column: 6))
        #expect(try sequence(root["x"]).last?.mark == YAMLMark(line: 2, column: 8))
    }

    @Test func aliasesAreTheAnchoredNodes() throws {
        let root = try mapping(try compose("a: &x {p: 1, q: [1, 2]}\nb: *x\nc: &y 3\nd: *y\ne: &y 4\nf: *y\n"))
        #expect(root["b"] == root["a"])
        #expect(try mapping(try #require(root["b"]))["q"] == root["a"].flatMap { try? mapping($0)["q"] })
        #expect(root["d"]?.int == 3)
        #expect(root["f"]?.int == 4)  // a later anchor of the same name replaces the earlier one
    }

    @Test func anUnknownAliasIsALocatedError() {
        #expect(error("a: 1\nb: *nope\n") == .syntax(context: nil, contextMark: nil,
                                                      problem: "found undefined alias 'nope'",
                                                      mark: YAMLMark(line: 2, column: 4)))
        // An anchor is defined once its node ends: a node cannot hold an alias of itself.
        #expect(error("a: &a [1, *a]\n")?.mark == YAMLMark(line: 1, column: 11))
    }

    /// The composer keeps merge keys as keys tagged `merge` (expanding them is the caller's choice), their values
    /// being the aliased mappings.
    @Test func mergeKeysAreKeptWithTheirTag() throws {
        let text = "base: &b {x: 1, y: 2}\nrun:\n  <<: *b\n  y: 3\nboth:\n  <<: [*b, {z: 4}]\n"
        let root = try mapping(try compose(text))
        let run = try mapping(try #require(root["run"]))
        #expect(run.pairs.map(\.key.tag) == [.merge, .str])
        #expect(run.pairs.first?.value == root["base"])
        let both = try mapping(try #require(root["both"]))
        #expect(try sequence(both.pairs.first?.value).count == 2)
    }

    @Test func duplicateKeysAreLocatedErrors() {
        #expect(error("a: 1\nb: 2\na: 3\n") == .duplicateKeys(["a"], mark: YAMLMark(line: 1, column: 1)))
        #expect(error("x:\n  y: 1\n  'y': 2\n") == .duplicateKeys(["y"], mark: YAMLMark(line: 2, column: 3)))
        #expect(error("b: 1\na: 2\nb: 3\na: 4\n") == .duplicateKeys(["a", "b"], mark: YAMLMark(line: 2, column: 1)))
        #expect(error("? [1, 2]\n: a\n? [1, 2]\n: b\n")
                    == .duplicateKeys(["[…]"], mark: YAMLMark(line: 1, column: 3)))
        #expect(error("a: 1\nb: 2\na: 3\n")?.reason == "the key 'a' appears twice in one mapping")
        // Equal as YAML values only: the int 1 and the string '1' differ, as do 1 and 01.
        #expect(error("1: a\n'1': b\n01: c\n") == nil)
    }

    @Test func anAliasBombIsRefusedQuickly() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...8 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let bomb = lines.joined(separator: "\n") + "\n"
        let start = ContinuousClock.now
        #expect(error(bomb) == .tooManyValues(limit: 1_000_000))
        #expect(error(bomb, limits: YAMLLimits(maximumValues: 100_000, maximumDepth: 256))
                    == .tooManyValues(limit: 100_000))
        #expect(ContinuousClock.now - start < .seconds(2))
        // A few aliases are ordinary YAML.
        #expect(throws: Never.self) { try YAMLNode.compose("a: &a [1, 2]\nb: [*a, *a]\n") }
    }

    @Test func deepNestingIsRefused() {
        let limits = YAMLLimits(maximumValues: 100_000, maximumDepth: 256)
        // The root mapping is depth 1, its value the first list: 255 lists fit, the 256th is too deep.
        let fits = "a: " + String(repeating: "[", count: 255) + String(repeating: "]", count: 255) + "\n"
        #expect(error(fits, limits: limits) == nil)
        let deep = "a: " + String(repeating: "[", count: 256) + String(repeating: "]", count: 256) + "\n"
        #expect(error(deep, limits: limits) == .tooDeep(limit: 256, mark: YAMLMark(line: 1, column: 259)))
        // Far deeper than any limit: refused at the limit, without recursion or a crash.
        let start = ContinuousClock.now
        let abyss = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        #expect(error(abyss) == .tooDeep(limit: 1_000, mark: YAMLMark(line: 1, column: 1_001)))
        let blocks = String(repeating: "- ", count: 5_000) + "x\n"
        #expect(error(blocks)?.mark == YAMLMark(line: 1, column: 2_001))
        #expect(ContinuousClock.now - start < .seconds(5))
        // Depth through an alias counts the aliased node's own depth.
        let viaAlias = "a: &a [[[1]]]\nb: [[*a]]\n"
        #expect(error(viaAlias, limits: YAMLLimits(maximumValues: 100, maximumDepth: 6))
                    == .tooDeep(limit: 6, mark: YAMLMark(line: 2, column: 6)))
    }

    /// Marks and contexts as PyYAML's parser reports them; the problem texts are libyaml's.
    @Test func syntaxErrorsAreLocated() {
        #expect(error("lr: [1\n") == .syntax(context: "while parsing a flow sequence",
                                              contextMark: YAMLMark(line: 1, column: 5),
                                              problem: "did not find expected ',' or ']'",
                                              mark: YAMLMark(line: 2, column: 1)))
        #expect(error("lr: [1\n")?.reason
                    == "while parsing a flow sequence in line 1, column 5: did not find expected ',' or ']'")
        #expect(error("lr: 0.1\nmodel: [1, 2\nseed: 3\n")?.mark == YAMLMark(line: 3, column: 5))
        #expect(error("a: 1\n b: 2\n") == .syntax(context: nil, contextMark: nil,
                                                  problem: "mapping values are not allowed in this context",
                                                  mark: YAMLMark(line: 2, column: 3)))
        #expect(error("a: 'abc\n") == .syntax(context: "while scanning a quoted scalar",
                                              contextMark: YAMLMark(line: 1, column: 4),
                                              problem: "found unexpected end of stream",
                                              mark: YAMLMark(line: 2, column: 1)))
        #expect(error("a:\n  - 1\n - 2\n") == .syntax(context: "while parsing a block mapping",
                                                      contextMark: YAMLMark(line: 1, column: 1),
                                                      problem: "did not find expected key",
                                                      mark: YAMLMark(line: 3, column: 2)))
        #expect(error("{\"a\": 1,, }\n")?.mark == YAMLMark(line: 1, column: 9))
        #expect(error("é: [1, 2\n")?.mark == YAMLMark(line: 2, column: 1))
        #expect(error("a: 1\n---\nb: 2\n") == .syntax(context: "expected a single document in the stream",
                                                      contextMark: YAMLMark(line: 1, column: 1),
                                                      problem: "but found another document",
                                                      mark: YAMLMark(line: 2, column: 1)))
    }

    @Test func unreadableBytesAreLocatedErrors() {
        #expect(error("a: 1\nb: x\u{0}y\n") == .syntax(context: nil, contextMark: nil,
                                                          problem: "control characters are not allowed (#x0000)",
                                                          mark: YAMLMark(line: 2, column: 5)))
        do {
            _ = try YAMLNode.compose(utf8: Array("a: é\nb: ".utf8) + [0xFF, 0x0A])
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.mark == YAMLMark(line: 2, column: 4))
            #expect(error.reason.contains("UTF-8"))
        }
    }

    @Test func emptyDocumentsAreNil() throws {
        #expect(try YAMLNode.compose("") == nil)
        #expect(try YAMLNode.compose("# only a comment\n\n") == nil)
        #expect(try YAMLNode.compose(utf8: []) == nil)
        // An explicit document with no content holds one empty (null) scalar.
        #expect(try YAMLNode.compose("---\n")?.tag == .null)
    }

    @Test func jsonIsFlowStyleYAML() throws {
        let root = try mapping(try compose(#"{"a": 1, "b": [true, false, null], "c": {"d": "e", "f": 1.5e3}}"#))
        #expect(root.style == .flow)
        #expect(root["a"]?.int == 1)
        let b = try sequence(root["b"])
        #expect(b.map(\.tag) == [.bool, .bool, .null])
        let c = try mapping(try #require(root["c"]))
        #expect(c["d"]?.string == "e" && c["d"]?.scalar?.style == .doubleQuoted)
        #expect(c["f"]?.float == 1500)
    }

    @Test func scalarsKeepTheirText() throws {
        let root = try mapping(try compose("a: \"tab\\there\\u00e9\"\nb: >\n  folded\n  text\nc: multi\n  line\n"))
        #expect(root["a"]?.string == "tab\there\u{e9}")
        #expect(root["b"]?.string == "folded text\n" && root["b"]?.scalar?.style == .folded)
        #expect(root["c"]?.string == "multi line")
    }
}
