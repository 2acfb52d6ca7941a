import Testing
import YAML

/// The tag and value of plain scalars. The expected tags and values of `agreed` were written from PyYAML 6.0.3 (its
/// pure-Python `Resolver.resolve` and `yaml.safe_load("x: <text>")`), an implementation independent of libyaml and of
/// this module; `yamsOnly` lists where Yams's default resolver, whose behaviour the module keeps, is wider.
@Suite struct YAMLResolverTests {
    /// A plain scalar of `text` in a document, composed by the module.
    private func plain(_ text: String) throws -> YAMLNode {
        let root = try #require(try YAMLNode.compose("x: \(text)\n"))
        guard case .mapping(let mapping) = root, let value = mapping["x"] else {
            Issue.record("no value in \(root)")
            return .scalar(.init(""))
        }
        return value
    }

    enum Expected: Sendable {
        case bool(Bool), int(Int), float(Double), null, str, timestamp, merge, value
    }

    /// From PyYAML: each form, its casings, and near misses that stay strings.
    static let agreed: [(String, Expected)] = [
        ("yes", .bool(true)), ("Yes", .bool(true)), ("YES", .bool(true)),
        ("no", .bool(false)), ("No", .bool(false)), ("NO", .bool(false)),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("on", .bool(true)), ("On", .bool(true)), ("ON", .bool(true)),
        ("off", .bool(false)), ("Off", .bool(false)), ("OFF", .bool(false)),
        ("yEs", .str), ("tRUE", .str), ("y", .str), ("n", .str),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("nULL", .str),
        ("<<", .merge), ("=", .value),
        ("0", .int(0)), ("00", .int(0)), ("07", .int(7)), ("017", .int(15)), ("-017", .int(-15)),
        ("0b101", .int(5)), ("-0b101", .int(-5)), ("0b_1", .int(1)), ("0x1F", .int(31)), ("-0x1f", .int(-31)),
        ("0X1F", .str), ("1_000", .int(1000)), ("-1_000", .int(-1000)), ("+12", .int(12)),
        ("1:20", .int(80)), ("-1:20", .int(-80)), ("190:20:30", .int(685_230)), ("1:60", .str), ("0:20", .str),
        ("1.0", .float(1)), ("1.", .float(1)), (".5", .float(0.5)), ("-.5", .str), ("+1.", .float(1)),
        ("1.5e+3", .float(1500)), ("1_000.5", .float(1000.5)),
        (".inf", .float(.infinity)), (".Inf", .float(.infinity)), (".INF", .float(.infinity)),
        ("-.inf", .float(-.infinity)), ("+.inf", .float(.infinity)), (".iNf", .str),
        (".nan", .float(.nan)), (".NaN", .float(.nan)), (".NAN", .float(.nan)), ("-.nan", .str),
        ("1:20.5", .float(80.5)), ("-1:20.5", .float(-80.5)), ("190:20:30.15", .float(685_230.15)),
        ("2001-12-14", .timestamp), ("2001-12-14t21:59:43.10-05:00", .timestamp),
        ("2001-12-15T02:59:43.1Z", .timestamp), ("2001-12-14 21:59:43.10 -5", .timestamp),
        ("2001-1-1", .str), ("2001-12-1X", .str),
        ("abc", .str), ("1a", .str), ("0.1.2", .str), ("1,000", .str),
        ("", .null),
    ]

    /// Yams's rules are wider than PyYAML's (which reads each of these as a string); the module keeps Yams's.
    static let yamsOnly: [(String, Expected)] = [
        ("0o17", .int(15)), ("1e5", .float(100_000)), ("1e+5", .float(100_000)), ("1.5e3", .float(1500)),
        ("09", .float(9)), ("08", .float(8)),
    ]

    @Test(arguments: agreed + yamsOnly)
    func plainScalarsResolveAndRead(_ text: String, _ expected: Expected) throws {
        let node = try plain(text)
        let tag = YAMLResolver.tag(ofPlain: text)
        #expect(node.tag == tag, "\(text)")
        switch expected {
        case .bool(let value):
            #expect(tag == .bool && node.bool == value, "\(text)")
        case .int(let value):
            #expect(tag == .int && node.int == value, "\(text)")
        case .float(let value):
            #expect(tag == .float, "\(text)")
            let read = try #require(node.float, "\(text)")
            #expect(value.isNaN ? read.isNaN : read == value, "\(text)")
        case .null: #expect(tag == .null, "\(text)")
        case .str: #expect(tag == .str, "\(text)")
        case .timestamp: #expect(tag == .timestamp, "\(text)")
        case .merge: #expect(tag == .merge, "\(text)")
        case .value: #expect(tag == .value, "\(text)")
        }
    }

    /// Quoted and block scalars are strings whatever they read, and their numbers and truth values are not read.
    @Test(arguments: ["true", "yes", "null", "~", "12", "0x1F", "1.5", ".inf", "<<", "2001-12-14", ""])
    func quotedScalarsStayStrings(_ text: String) throws {
        for written in ["'\(text)'", "\"\(text)\"", "|\n  \(text)", ">\n  \(text)"] {
            let root = try #require(try YAMLNode.compose("x: \(written)\n"))
            guard case .mapping(let mapping) = root, case .scalar(let scalar)? = mapping["x"] else {
                Issue.record("\(written)")
                continue
            }
            #expect(scalar.tag == .str, "\(written)")
            #expect(scalar.style != .plain, "\(written)")
            #expect(scalar.int == nil && scalar.float == nil && scalar.bool == nil, "\(written)")
        }
    }

    @Test func explicitTagsWin() throws {
        let root = try #require(try YAMLNode.compose("a: !!str 5\nb: !!int '5'\nc: ! true\nd: !!float 1\ne: !x y\n"))
        guard case .mapping(let m) = root else { Issue.record("not a mapping"); return }
        #expect(m["a"]?.tag == .str && m["a"]?.int == 5)  // Yams reads the text of any plain scalar
        #expect(m["b"]?.tag == .int && m["b"]?.int == nil)  // a quoted scalar is not read as a number
        #expect(m["c"]?.tag == .str)  // the non-specific tag makes a string
        #expect(m["d"]?.tag == .float && m["d"]?.float == 1)
        #expect(m["e"]?.tag == YAMLTag(rawValue: "!x") && m["e"]?.scalar?.explicitTag == "!x")
    }

    /// What Yams's constructor read from texts the resolver does not type (settings files relied on these).
    @Test func valuesAreReadAsYamsReadThem() {
        func scalar(_ text: String) -> YAMLNode.Scalar { YAMLNode.Scalar(text) }
        // Yams reads the 0 of "-0" and "+0" as the prefix of an empty octal number (PyYAML: 0): tag int, no value.
        #expect(scalar("-0").tag == .int && scalar("-0").int == nil && scalar("+0").int == nil)
        #expect(scalar("0x-5").int == -5)
        #expect(scalar("tRUE").bool == true && scalar("oN").bool == true)  // a plain scalar's text, any casing
        #expect(scalar("inf").float == .infinity && scalar("1e5").float == 100_000)
        #expect(scalar("1:2:3:4:5:6:7:8:9:10:11:12").int == nil)  // overflows Int (Yams trapped)
        #expect(scalar("-1:30").float == -90)
        #expect(scalar("1_0").float == 10 && scalar("1_0").int == 10)
    }

    @Test func mappingSubscriptMatchesKeysAsYamlValues() throws {
        let root = try #require(try YAMLNode.compose("'a': 1\n\"1\": quoted\n2: plain\nnull: n\n"))
        guard case .mapping(let m) = root else { Issue.record("not a mapping"); return }
        #expect(m["a"]?.int == 1)
        #expect(m["1"] == nil)  // "1" looked up is the int 1; the key is the string '1'
        #expect(m["2"]?.string == "plain")
        #expect(m["null"]?.string == "n")
        #expect(m["b"] == nil)
    }
}
