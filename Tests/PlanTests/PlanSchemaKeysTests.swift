import BallastJSON
import Foundation
import Plan
import Protocols
import TestSupport
import Testing

/// The keys the plan reader allows are the schema's: this walks docs/plan.schema.json on its own
/// (not with the reader's table), puts an unknown key into every kind of object of a plan, and
/// checks that the reader refuses it and lists as known exactly the keys the schema declares there.
/// Every `properties` of the schema (other than in `if` conditions) must be met by some probe.
@Suite struct PlanSchemaKeysTests {
    /// A small walker of the schema: the keys an object may have, following `$ref`, `allOf`,
    /// `anyOf`, `oneOf`, and `if`/`then`/`else` as the given discriminating members decide.
    struct Walker {
        let root: JSONValue
        var visited: Set<String> = []

        func node(_ pointer: String) -> JSONValue? {
            var n: JSONValue? = root
            for part in pointer.split(separator: "/").dropFirst() {
                if case .array(let items)? = n, let i = Int(part) { n = i < items.count ? items[i] : nil } else { n = n?[String(part)] }
            }
            return n
        }

        /// The pointer of the `then` branch in `pointer`'s allOf whose `if` tests `key` == `value`.
        func branch(_ pointer: String, _ key: String, _ value: String) -> String? {
            guard case .array(let items)? = node(pointer)?["allOf"] else { return nil }
            for (i, item) in items.enumerated() where item["if"]?["properties"]?[key]?["const"] == .string(value) {
                return pointer + "/allOf/\(i)/then"
            }
            return nil
        }

        mutating func keys(_ pointer: String, given: [String: String] = [:]) -> Set<String> {
            guard let n = node(pointer) else { return [] }
            if case .string(let ref)? = n["$ref"] { return keys(ref, given: given) }
            var out = Set<String>()
            if case .object(let props)? = n["properties"] {
                visited.insert(pointer)
                out.formUnion(props.map(\.key))
            }
            for combinator in ["allOf", "anyOf", "oneOf"] {
                if case .array(let items)? = n[combinator] {
                    for i in items.indices { out.formUnion(keys(pointer + "/\(combinator)/\(i)", given: given)) }
                }
            }
            if let condition = n["if"] {
                var holds: Bool? = true
                if case .object(let tests)? = condition["properties"] {
                    for (k, t) in tests {
                        guard case .string(let v)? = t["const"], let g = given[k] else { holds = nil; break }
                        if g != v { holds = false }
                    }
                }
                if holds != false { out.formUnion(keys(pointer + "/then", given: given)) }
                if holds != true { out.formUnion(keys(pointer + "/else", given: given)) }
            }
            return out
        }

        /// Every pointer whose node has `properties`, outside `if` conditions.
        func allPropertyPointers() -> Set<String> {
            var out = Set<String>()
            func walk(_ n: JSONValue, _ p: String) {
                switch n {
                case .object(let members):
                    if case .object? = n["properties"] { out.insert(p) }
                    for m in members where m.key != "if" && m.key != "not" {
                        // Property schemas are values, not objects with keys of their own.
                        if m.key == "properties", case .object(let props) = m.value {
                            for prop in props { walk(prop.value, p + "/properties/" + prop.key) }
                        } else {
                            walk(m.value, p + "/" + m.key)
                        }
                    }
                case .array(let items):
                    for (i, item) in items.enumerated() { walk(item, p + "/\(i)") }
                default: break
                }
            }
            walk(root, "#")
            return out
        }

        /// The `const` values an `if` in `pointer` tests `key` against (recursively).
        func constants(_ key: String, in pointer: String) -> [String] {
            var out: [String] = []
            func walk(_ n: JSONValue) {
                switch n {
                case .object(let members):
                    if case .string(let v)? = n["if"]?["properties"]?[key]?["const"], !out.contains(v) { out.append(v) }
                    for m in members { walk(m.value) }
                case .array(let items): items.forEach(walk)
                default: break
                }
            }
            node(pointer).map(walk)
            return out
        }
    }

    static let unknown = "zzUnknown"

    /// The known keys the reader lists when it refuses `zzUnknown` in `plan` (exactly one such issue).
    func knownKeys(_ plan: String, sourceLocation: SourceLocation = #_sourceLocation) -> Set<String>? {
        let issues = Fixture.issues(plan).filter { $0.code == "unknown_field" && $0.path.description.hasSuffix(Self.unknown) }
        guard issues.count == 1 else {
            Issue.record("expected one unknown_field for \(Self.unknown), found \(issues.count) in \(plan)", sourceLocation: sourceLocation)
            return nil
        }
        let message = issues[0].message
        guard let open = message.range(of: "(known: "), let close = message.range(of: "; extensions start with x-)") else {
            Issue.record("unexpected message: \(message)", sourceLocation: sourceLocation)
            return nil
        }
        return Set(message[open.upperBound..<close.lowerBound].components(separatedBy: ", ").filter { !$0.isEmpty })
    }

    @Test func theReaderAllowsExactlyTheSchemasKeys() throws {
        let text = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        var w = Walker(root: try JSONValue.parse(text))
        let u = "\"\(Self.unknown)\":1"
        let a = "0x1111111111111111111111111111111111111111"
        let loan = #"{"token":"USDC","amount":"1"}"#
        func flash(_ step: String) -> String {
            Fixture.plan(actions: #"{"id":"a","kind":"flashLoanRebalance","provider":"aave-v3","loans":[\#(loan)],"steps":[\#(step)]}"#)
        }
        var probes: [(name: String, expected: Set<String>, plan: String)] = []

        probes.append(("plan", w.keys("#"), Fixture.plan(actions: "", extra: u)))
        probes.append(("fees", w.keys("#/properties/fees"), Fixture.plan(actions: "", fees: #"{"gasPrice":"1",\#(u)}"#)))
        probes.append(("token", w.keys("#/properties/tokens/additionalProperties"),
                       Fixture.plan(actions: "", extra: #""tokens":{"FOO":{"address":"\#(a)","decimals":6,\#(u)}}"#)))
        if case .object(let protocols)? = w.node("#/properties/protocols/properties") {
            for p in protocols {
                probes.append(("protocols.\(p.key)", w.keys("#/properties/protocols/properties/\(p.key)"),
                               Fixture.plan(actions: "", extra: #""protocols":{"\#(p.key)":{\#(u)}}"#)))
            }
        }
        probes.append(("guards", w.keys("#/properties/guards"), Fixture.plan(actions: "", extra: #""guards":{\#(u)}"#)))
        probes.append(("position", w.keys("#/properties/guards/properties/position"),
                       Fixture.plan(actions: "", extra: #""guards":{"position":{\#(u)}}"#)))
        // execution: the reader knows every mode's keys (another mode's is field_not_allowed, below).
        probes.append(("execution", w.keys("#/$defs/execution"), Fixture.plan(actions: "", execution: #"{"mode":"eoa",\#(u)}"#)))
        for kind in w.constants("kind", in: "#/$defs/action") {
            probes.append(("action \(kind)", w.keys("#/$defs/action", given: ["kind": kind]),
                           Fixture.plan(actions: #"{"id":"a","kind":"\#(kind)",\#(u)}"#)))
        }
        let flashBranch = try #require(w.branch("#/$defs/action", "kind", "flashLoanRebalance"))
        probes.append(("loan", w.keys(flashBranch + "/properties/loans/items"),
                       Fixture.plan(actions: #"{"id":"a","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"1",\#(u)}],"steps":[]}"#)))
        let hedgeBranch = try #require(w.branch("#/$defs/action", "kind", "hedgeAdjust"))
        probes.append(("hedge swap", w.keys(hedgeBranch + "/properties/swap"),
                       Fixture.plan(actions: #"{"id":"a","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"-1","quote":"USDC","swap":{"venue":"uniswap-v3","fee":500,\#(u)}}"#)))
        probes.append(("market", w.keys("#/$defs/market"),
                       flash(#"{"op":"supply","protocol":"morpho-blue","amount":"1","market":{\#(u)}}"#)))
        probes.append(("raw amount", w.keys("#/$defs/amount"),
                       flash(#"{"op":"approve","token":"USDC","spender":"\#(a)","amount":{"raw":"1",\#(u)}}"#)))
        // Steps: by op, and by protocol (lending) or venue (swap) where the schema distinguishes them.
        let protocols = w.constants("protocol", in: "#/$defs/step")
        let venues = w.constants("venue", in: "#/$defs/step")
        for op in w.constants("op", in: "#/$defs/step") {
            let branch = try #require(w.branch("#/$defs/step", "op", op))
            let byProtocol = protocols.filter { w.branch(branch, "protocol", $0) != nil }
            let byVenue = venues.filter { w.branch(branch, "venue", $0) != nil }
            if !byProtocol.isEmpty {
                for p in byProtocol {
                    probes.append(("\(op) on \(p)", w.keys("#/$defs/step", given: ["op": op, "protocol": p]),
                                   flash(#"{"op":"\#(op)","protocol":"\#(p)",\#(u)}"#)))
                }
            } else if !byVenue.isEmpty {
                for v in byVenue {
                    probes.append(("\(op) on \(v)", w.keys("#/$defs/step", given: ["op": op, "venue": v]),
                                   flash(#"{"op":"\#(op)","venue":"\#(v)",\#(u)}"#)))
                }
            } else {
                probes.append(("\(op) step", w.keys("#/$defs/step", given: ["op": op]), flash(#"{"op":"\#(op)",\#(u)}"#)))
            }
        }

        // `protocols` is keyed by protocol name: an unknown one is refused as unknown_protocol.
        let names = w.keys("#/properties/protocols")
        let refused = Fixture.issues(Fixture.plan(actions: "", extra: #""protocols":{"\#(Self.unknown)":{}}"#))
            .filter { $0.code == "unknown_protocol" && $0.path.description.hasSuffix(Self.unknown) }
        let listed = refused.first.flatMap { issue in
            issue.message.range(of: "(known: ").map { Set(issue.message[$0.upperBound...].dropLast().components(separatedBy: ", ")) }
        }
        #expect(refused.count == 1 && listed == names, "protocols: \(refused)")

        #expect(probes.count > 30)
        for probe in probes {
            #expect(!probe.expected.isEmpty, "\(probe.name): no keys in the schema")
            #expect(knownKeys(probe.plan) == probe.expected, "\(probe.name)")
        }
        // Every object the schema declares was probed.
        let missed = w.allPropertyPointers().subtracting(w.visited)
        #expect(missed.isEmpty, "schema objects no probe met: \(missed.sorted())")
    }

    /// The schema's `protocols` and the catalog's `ProtocolName.all` name the same protocols, in
    /// the same order, each with its address key as the one key its object requires and allows;
    /// the description of a target names each of them. A protocol added to one and not the other
    /// fails here.
    @Test func schemaProtocolsAreTheCatalogs() throws {
        let text = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        var w = Walker(root: try JSONValue.parse(text))
        guard case .object(let entries)? = w.node("#/properties/protocols/properties") else {
            Issue.record("the schema has no protocols.properties")
            return
        }
        #expect(entries.map(\.key) == ProtocolName.all.map(\.rawValue))
        for p in ProtocolName.all {
            let pointer = "#/properties/protocols/properties/\(p.rawValue)"
            #expect(w.keys(pointer) == [p.addressKey], "\(p.rawValue)")
            var node = w.node(pointer)
            if case .string(let ref)? = node?["$ref"] { node = w.node(ref) }
            #expect(node?["required"] == .array([.string(p.addressKey)]), "\(p.rawValue)")
        }
        guard case .string(let target)? = w.node("#/$defs/target")?["description"] else {
            Issue.record("the schema's target has no description")
            return
        }
        let words = Set(target.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
        for p in ProtocolName.all {
            #expect(words.contains(p.rawValue), "\(p.rawValue) is not in the target's description")
        }
    }

    /// A key of another execution mode is refused (field_not_allowed); the mode's own keys are not.
    @Test func executionModesAllowTheirSchemaKeys() throws {
        let text = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        var w = Walker(root: try JSONValue.parse(text))
        let all = w.keys("#/$defs/execution")
        let modes = w.constants("mode", in: "#/$defs/execution")
        #expect(modes.sorted() == ["eip7702", "eoa", "executor", "safe"])
        for mode in modes {
            let own = w.keys("#/$defs/execution", given: ["mode": mode])
            for key in all where key != "mode" {
                let plan = Fixture.plan(actions: "", execution: #"{"mode":"\#(mode)","\#(key)":true}"#)
                let refused = Fixture.issues(plan).contains { $0.code == "field_not_allowed" && $0.path.description == "execution.\(key)" }
                #expect(refused == !own.contains(key), "\(mode) mode, \(key)")
            }
        }
    }
}
