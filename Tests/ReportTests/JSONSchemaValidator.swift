import Foundation

/// A JSON value as the schema validator sees it: booleans apart from numbers, every number a double.
enum JSONNode: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    struct NotJSON: Error, CustomStringConvertible { var description: String }

    /// Parses JSON text (any value at the top level) with `JSONSerialization`.
    static func parse(_ data: Data) throws -> JSONNode {
        try JSONNode(any: JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func parse(_ text: String) throws -> JSONNode { try parse(Data(text.utf8)) }

    /// `JSONSerialization` gives booleans as `NSNumber`s of their own class (`__NSCFBoolean` on Linux and Darwin),
    /// and `NSNumber(value: 1) is Bool` is true, so a boolean is told from a number by that class, never by `is Bool`.
    private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    init(any: Any) throws {
        if any is NSNull {
            self = .null
        } else if let s = any as? String {
            self = .string(s)
        } else if ObjectIdentifier(type(of: any)) == ObjectIdentifier(Bool.self), let b = any as? Bool {
            self = .bool(b)
        } else if let n = any as? NSNumber {
            self = ObjectIdentifier(type(of: n)) == Self.booleanClass ? .bool(n.boolValue) : .number(n.doubleValue)
        } else if let items = any as? [Any] {
            self = .array(try items.map { try JSONNode(any: $0) })
        } else if let members = any as? [String: Any] {
            self = .object(try members.mapValues { try JSONNode(any: $0) })
        } else {
            throw NotJSON(description: "not a JSON value: \(type(of: any))")
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let d): d == d.rounded() && d.isFinite ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One validation failure: where in the instance (a JSON pointer, `""` for the whole document) and what.
struct SchemaError: Equatable, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { (path.isEmpty ? "(root)" : path) + ": " + message }
}

/// A small JSON Schema (draft 2020-12) validator for the subset `schemas/run.schema.json` uses: `type` (a name or a
/// list, with `integer`), `properties`, `required`, `additionalProperties` (boolean or schema), `items`, `enum`,
/// `const`, `pattern`, `minimum`, `maximum`, `oneOf`, `anyOf` and `$ref` to `#/…` pointers; `$schema`, `$id`, `$defs`,
/// `$comment`, `title` and `description` are accepted as annotations.
///
/// Any other keyword anywhere in the schema makes every validation fail, so a schema cannot silently rely on a
/// keyword this validator would ignore.
struct JSONSchemaValidator {
    static let keywords: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "enum",
                                        "const", "pattern", "minimum", "maximum", "oneOf", "anyOf", "$ref"]
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "$comment", "title", "description"]
    static let typeNames: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]

    let schema: JSONNode
    /// Problems with the schema itself (unsupported keywords, malformed keyword values, unresolvable `$ref`s),
    /// located by schema pointer (`#/…`).
    private(set) var schemaProblems: [SchemaError] = []
    private var patterns: [String: NSRegularExpression] = [:]

    init(schema: JSONNode) {
        self.schema = schema
        check(schema, at: "#")
    }

    init(schemaText: String) throws { self.init(schema: try JSONNode.parse(schemaText)) }

    /// Every error of `instance`, sorted by path; the schema's own problems instead when it has any.
    func validate(_ instance: JSONNode) -> [SchemaError] {
        if !schemaProblems.isEmpty { return schemaProblems }
        var errors: [SchemaError] = []
        evaluate(instance, against: schema, at: "", into: &errors)
        return errors.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }

    func validate(_ data: Data) throws -> [SchemaError] { validate(try JSONNode.parse(data)) }

    // MARK: The schema, checked once

    private mutating func check(_ node: JSONNode, at location: String) {
        func problem(_ message: String) { schemaProblems.append(SchemaError(path: location, message: message)) }
        if case .bool = node { return }
        guard case .object(let members) = node else { return problem("a schema must be an object or a boolean") }
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            let here = location + "/" + Self.escape(key)
            switch key {
            case "properties", "$defs":
                guard case .object(let subschemas) = value else { problem("'\(key)' must be an object"); continue }
                for (name, sub) in subschemas { check(sub, at: here + "/" + Self.escape(name)) }
            case "additionalProperties", "items":
                check(value, at: here)
            case "oneOf", "anyOf":
                guard case .array(let subschemas) = value, !subschemas.isEmpty else {
                    problem("'\(key)' must be a non-empty array"); continue
                }
                for (i, sub) in subschemas.enumerated() { check(sub, at: here + "/\(i)") }
            case "type":
                let names: [JSONNode]
                if case .array(let list) = value { names = list } else { names = [value] }
                for name in names {
                    guard case .string(let s) = name, Self.typeNames.contains(s) else {
                        problem("unknown type \(name)"); continue
                    }
                }
            case "required":
                guard case .array(let list) = value, list.allSatisfy({ if case .string = $0 { true } else { false } })
                else { problem("'required' must be an array of strings"); continue }
            case "enum":
                guard case .array = value else { problem("'enum' must be an array"); continue }
            case "pattern":
                guard case .string(let p) = value, let regex = try? NSRegularExpression(pattern: p) else {
                    problem("'pattern' must be a valid regular expression"); continue
                }
                patterns[p] = regex
            case "minimum", "maximum":
                guard case .number = value else { problem("'\(key)' must be a number"); continue }
            case "$ref":
                guard case .string(let ref) = value, resolve(ref) != nil else {
                    problem("unsupported or unresolvable $ref \(value) (only #/… pointers into this schema)")
                    continue
                }
            case "const":
                break
            default:
                if !Self.annotations.contains(key) {
                    problem("unsupported keyword '\(key)': this validator does not implement it")
                }
            }
        }
    }

    /// The subschema at a `#/…` JSON pointer into this schema.
    private func resolve(_ ref: String) -> JSONNode? {
        if ref == "#" { return schema }
        guard ref.hasPrefix("#/") else { return nil }
        var node = schema
        for token in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members):
                guard let next = members[key] else { return nil }
                node = next
            case .array(let items):
                guard let i = Int(key), items.indices.contains(i) else { return nil }
                node = items[i]
            default:
                return nil
            }
        }
        return node
    }

    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    // MARK: Instances

    private func evaluate(_ value: JSONNode, against schema: JSONNode, at path: String,
                          into errors: inout [SchemaError]) {
        func fail(_ message: String) { errors.append(SchemaError(path: path, message: message)) }
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("no value is allowed here")
        case .object: break
        default: return fail("invalid schema")
        }
        guard case .object(let keywords) = schema else { return }
        for (key, argument) in keywords {
            switch (key, argument) {
            case ("type", _):
                let names: [JSONNode]
                if case .array(let list) = argument { names = list } else { names = [argument] }
                let allowed = names.compactMap { name -> String? in if case .string(let s) = name { s } else { nil } }
                let actual = value.typeName
                if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                    fail("expected \(allowed.joined(separator: " or ")), found \(actual)")
                }
            case ("properties", .object(let properties)):
                guard case .object(let members) = value else { continue }
                for (name, sub) in properties {
                    guard let member = members[name] else { continue }
                    evaluate(member, against: sub, at: path + "/" + Self.escape(name), into: &errors)
                }
            case ("additionalProperties", _):
                guard case .object(let members) = value else { continue }
                var known: Set<String> = []
                if case .object(let properties)? = keywords["properties"] { known = Set(properties.keys) }
                for (name, member) in members where !known.contains(name) {
                    if case .bool(false) = argument { fail("unexpected key '\(name)'"); continue }
                    evaluate(member, against: argument, at: path + "/" + Self.escape(name), into: &errors)
                }
            case ("required", .array(let names)):
                guard case .object(let members) = value else { continue }
                for case .string(let name) in names where members[name] == nil {
                    fail("missing required key '\(name)'")
                }
            case ("items", _):
                guard case .array(let items) = value else { continue }
                for (i, item) in items.enumerated() {
                    evaluate(item, against: argument, at: path + "/\(i)", into: &errors)
                }
            case ("enum", .array(let options)):
                if !options.contains(value) { fail("\(Self.show(value)) is not one of \(Self.show(argument))") }
            case ("const", _):
                if value != argument { fail("expected \(Self.show(argument)), found \(Self.show(value))") }
            case ("pattern", .string(let p)):
                guard case .string(let s) = value, let regex = patterns[p] else { continue }
                if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil {
                    fail("\(Self.show(value)) does not match /\(p)/")
                }
            case ("minimum", .number(let minimum)):
                if case .number(let d) = value, d < minimum {
                    fail("\(Self.show(value)) is less than \(Self.show(argument))")
                }
            case ("maximum", .number(let maximum)):
                if case .number(let d) = value, d > maximum {
                    fail("\(Self.show(value)) is greater than \(Self.show(argument))")
                }
            case ("oneOf", .array(let branches)), ("anyOf", .array(let branches)):
                var branchErrors: [[SchemaError]] = []
                for branch in branches {
                    var found: [SchemaError] = []
                    evaluate(value, against: branch, at: path, into: &found)
                    branchErrors.append(found)
                }
                let matches = branchErrors.filter(\.isEmpty).count
                if matches == 0 {
                    let reasons = branchErrors.map { $0.map(\.description).joined(separator: "; ") }
                    fail("matches none of the \(key) branches: [\(reasons.joined(separator: "] ["))]")
                } else if key == "oneOf" && matches > 1 {
                    fail("matches \(matches) of the oneOf branches, not exactly one")
                }
            case ("$ref", .string(let ref)):
                guard let target = resolve(ref) else { fail("unresolvable $ref \(ref)"); continue }
                evaluate(value, against: target, at: path, into: &errors)
            default:
                if !Self.annotations.contains(key) { fail("unsupported keyword '\(key)'") }
            }
        }
    }

    private static func show(_ value: JSONNode) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let items): "[" + items.map(show).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\"\($0)\": …" }.joined(separator: ", ") + "}"
        }
    }
}
