import BallastJSON

// The keys each object of a plan may have, read from the plan schema (plan.schema.json, compiled
// in): the reader refuses every other key (except `x-…` extensions), so the schema and the reader
// cannot disagree. The schema is parsed once, on first use, into a table of every object kind.

/// An object of the plan format, as the reader meets it.
enum PlanObject: Hashable, Sendable {
    /// The plan itself.
    case plan
    case fees
    /// One entry of `tokens`.
    case token
    /// The entry of `protocols` for this protocol name.
    case protocolEntry(String)
    case guards
    /// `guards.position`.
    case position
    /// `execution`: with a mode, that mode's keys; without, every mode's.
    case execution(mode: String?)
    /// An action of this kind.
    case action(kind: String)
    /// An entry of a flash loan's `loans`.
    case loan
    /// A hedgeAdjust action's `swap`.
    case hedgeSwap
    /// A step with this op (and, for lending steps, protocol; for swaps, venue).
    case step(op: String, protocol: String? = nil, venue: String? = nil)
    /// Morpho Blue market parameters.
    case market
    /// A token amount given as `{"raw": …}`.
    case rawAmount

    /// Where the object's schema is (from the root: property names, `*` for
    /// `additionalProperties`, `[]` for `items`; or a `$defs` entry) and which discriminating
    /// members (op, protocol, venue, kind, mode) are known.
    var location: (path: [String], given: [String: String]) {
        switch self {
        case .plan: return ([], [:])
        case .fees: return (["fees"], [:])
        case .token: return (["tokens", "*"], [:])
        case .protocolEntry(let name): return (["protocols", name], [:])
        case .guards: return (["guards"], [:])
        case .position: return (["guards", "position"], [:])
        case .execution(let mode): return (["execution"], mode.map { ["mode": $0] } ?? [:])
        case .action(let kind): return (["$defs", "action"], ["kind": kind])
        case .loan: return (["$defs", "action", "loans", "[]"], ["kind": "flashLoanRebalance"])
        case .hedgeSwap: return (["$defs", "action", "swap"], ["kind": "hedgeAdjust"])
        case .step(let op, let proto, let venue):
            var given = ["op": op]
            if let proto { given["protocol"] = proto }
            if let venue { given["venue"] = venue }
            return (["$defs", "step"], given)
        case .market: return (["$defs", "market"], [:])
        case .rawAmount: return (["$defs", "amount"], [:])
        }
    }
}

enum PlanSchemaKeys {
    /// The parsed schema (the embedded file is valid JSON: a test parses it).
    static let schema: JSONValue = (try? JSONValue.parse(bytes: PackageResources.plan_schema_json)) ?? .object([])

    /// Every object kind the schema declares, with its keys: built once.
    static let table: [PlanObject: [String]] = {
        var objects: [PlanObject] = [.plan, .fees, .token, .guards, .position, .execution(mode: nil), .loan, .hedgeSwap, .market, .rawAmount]
        if case .object(let protocols)? = schema["properties"]?["properties"]?["protocols"]?["properties"] {
            objects += protocols.map { .protocolEntry($0.key) }
        }
        let execution = subschema(["execution"]) ?? .null
        objects += constants("mode", in: execution).map { .execution(mode: $0) }
        let action = subschema(["$defs", "action"]) ?? .null
        objects += constants("kind", in: action).map { .action(kind: $0) }
        let step = subschema(["$defs", "step"]) ?? .null
        let protocols = constants("protocol", in: step)
        let venues = constants("venue", in: step)
        for op in constants("op", in: step) {
            objects.append(.step(op: op))
            objects += protocols.map { .step(op: op, protocol: $0) }
            objects += venues.map { .step(op: op, venue: $0) }
        }
        var table: [PlanObject: [String]] = [:]
        for object in objects { table[object] = keys(object) }
        return table
    }()

    /// The keys `object` may have, in the schema's order.
    static func allowed(_ object: PlanObject) -> [String] {
        table[object] ?? keys(object)
    }

    /// The keys of `object`, read from the schema.
    static func keys(_ object: PlanObject) -> [String] {
        let (path, given) = object.location
        guard let node = subschema(path, given: given) else { return [] }
        var out: [String] = []
        collectKeys(node, given: given, into: &out, depth: 0)
        return out
    }

    // MARK: Walking the schema

    /// The schema at `path` (see `PlanObject.location`), following `$ref`s and the conditional
    /// branches that `given` selects.
    static func subschema(_ path: [String], given: [String: String] = [:]) -> JSONValue? {
        var node = schema
        var rest = path[...]
        if rest.first == "$defs", rest.count >= 2 {
            guard let def = schema["$defs"]?[rest[rest.startIndex + 1]] else { return nil }
            node = def
            rest = rest.dropFirst(2)
        }
        for name in rest {
            guard let next = member(name, of: node, given: given, depth: 0) else { return nil }
            node = next
        }
        return resolve(node)
    }

    static func resolve(_ node: JSONValue) -> JSONValue {
        var node = node
        for _ in 0..<8 {
            guard case .string(let ref)? = node["$ref"], ref.hasPrefix("#/$defs/"),
                  let def = schema["$defs"]?[String(ref.dropFirst("#/$defs/".count))] else { break }
            node = def
        }
        return node
    }

    /// The schema of `name` (a property, `*` or `[]`) inside `node`.
    static func member(_ name: String, of node: JSONValue, given: [String: String], depth: Int) -> JSONValue? {
        guard depth < 16 else { return nil }
        let node = resolve(node)
        switch name {
        case "*": if let s = node["additionalProperties"], case .object = s { return s }
        case "[]": if let s = node["items"] { return s }
        default: if let s = node["properties"]?[name] { return s }
        }
        for branch in branches(node, given: given) {
            if let s = member(name, of: branch, given: given, depth: depth + 1) { return s }
        }
        return nil
    }

    /// The subschemas that apply to an instance alongside `node`: `allOf` / `anyOf` / `oneOf`
    /// entries, and a conditional's `then` / `else` as `given` decides it (both when undecided).
    static func branches(_ node: JSONValue, given: [String: String]) -> [JSONValue] {
        var out: [JSONValue] = []
        for key in ["allOf", "anyOf", "oneOf"] {
            if case .array(let items)? = node[key] { out += items }
        }
        if let condition = node["if"] {
            let decided = decide(condition, given: given)
            if decided != false, let then = node["then"] { out.append(then) }
            if decided != true, let otherwise = node["else"] { out.append(otherwise) }
        }
        return out
    }

    /// Whether an `if` of constant members holds: nil when it tests a member `given` lacks.
    static func decide(_ condition: JSONValue, given: [String: String]) -> Bool? {
        guard case .object(let properties)? = condition["properties"] else { return nil }
        var result = true
        for (key, test) in properties {
            guard case .string(let value)? = test["const"], let actual = given[key] else { return nil }
            if actual != value { result = false }
        }
        return result
    }

    static func collectKeys(_ node: JSONValue, given: [String: String], into out: inout [String], depth: Int) {
        guard depth < 16 else { return }
        let node = resolve(node)
        if case .object(let properties)? = node["properties"] {
            for p in properties where !out.contains(p.key) { out.append(p.key) }
        }
        for branch in branches(node, given: given) {
            collectKeys(branch, given: given, into: &out, depth: depth + 1)
        }
    }

    /// The values an `if` anywhere in `node` tests `key` against, in order, once each.
    static func constants(_ key: String, in node: JSONValue) -> [String] {
        var out: [String] = []
        func walk(_ n: JSONValue, _ depth: Int) {
            guard depth < 32 else { return }
            switch n {
            case .object(let members):
                if case .string(let v)? = n["if"]?["properties"]?[key]?["const"], !out.contains(v) { out.append(v) }
                for m in members { walk(m.value, depth + 1) }
            case .array(let items):
                for item in items { walk(item, depth + 1) }
            default: break
            }
        }
        walk(node, 0)
        return out
    }
}
