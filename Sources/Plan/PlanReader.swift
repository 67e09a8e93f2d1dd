import ABI
import BallastJSON
import EthereumPrimitives
import Protocols

/// Options for reading a plan.
public struct PlanOptions: Sendable, Hashable {
    /// A folder of JSON ABIs (the bundled `abi/`) where a `call` whose `function` is a bare name
    /// is looked up. nil: such calls are refused and need a full signature.
    public var abiDirectory: String?

    public init(abiDirectory: String? = nil) {
        self.abiDirectory = abiDirectory
    }
}

extension Plan {
    /// The plan format version this reader accepts.
    public static let formatVersion: UInt64 = 1

    /// Reads and validates a plan from JSON text. Every problem found is reported at once.
    public init(parsing text: String, options: PlanOptions = PlanOptions()) throws(PlanValidationError) {
        try self.init(bytes: Array(text.utf8), options: options)
    }

    /// Reads and validates a plan from UTF-8 JSON bytes.
    ///
    /// The actions are held as a tree one at a time: the document is checked whole first (the
    /// errors of `JSONValue.parse`), then each action is parsed from its bytes when it is read
    /// (`JSONValue.parse(bytes:deferringItemsOf:)`), so memory is the input and the model, not
    /// a tree of every action as well.
    public init(bytes: [UInt8], options: PlanOptions = PlanOptions()) throws(PlanValidationError) {
        let parsed: (value: JSONValue, deferred: [Range<Int>]?)
        do {
            parsed = try JSONValue.parse(bytes: bytes, deferringItemsOf: "actions")
        } catch {
            throw PlanValidationError(code: JSONIssueCode(rawValue: error.code), message: "invalid JSON at byte \(error.offset): \(error.message)")
        }
        var reader = PlanReader(options: options)
        if let ranges = parsed.deferred {
            reader.deferredActions = DeferredItems(bytes: bytes, ranges: ranges)
        }
        let plan = reader.read(parsed.value)
        try reader.issues.check()
        guard let plan else { throw PlanValidationError(code: .planInvalid, message: "the plan is invalid") }
        self = plan
    }

    /// Reads and validates a parsed plan: the fields, tokens, amounts and protocol addresses, and
    /// the rules of `docs/plan-compilation.md` that need no compilation.
    public init(json: JSONValue, options: PlanOptions = PlanOptions()) throws(PlanValidationError) {
        var reader = PlanReader(options: options)
        let plan = reader.read(json)
        try reader.issues.check()
        guard let plan else { throw PlanValidationError(code: .planInvalid, message: "the plan is invalid") }
        self = plan
    }
}

/// The items of a list left unparsed by `JSONValue.parse(bytes:deferringItemsOf:)`: each is
/// parsed when asked for.
struct DeferredItems {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    var count: Int { ranges.count }

    /// Item `i` as a tree. The document was checked whole, so the item parses; were it not to,
    /// the reader would find `null` there and refuse it.
    subscript(i: Int) -> JSONValue {
        (try? JSONValue.parse(bytes: bytes[ranges[i]])) ?? .null
    }
}

/// Reads a plan document; see `Plan.init(json:options:)`.
struct PlanReader {
    var issues = IssueList()
    /// The actions' items when the document was parsed with them deferred (the tree then
    /// holds an empty `actions` list).
    var deferredActions: DeferredItems?
    /// Functions parsed from full signatures, by their text (`readCall`).
    var parsedSignatures: [String: ABIFunction] = [:]
    let options: PlanOptions
    var lookup: FunctionLookup

    var chainId: UInt64 = 0
    var book = AddressBook()
    /// Decimals of tokens the plan's `tokens` describes, by address.
    var planTokensByAddress: [Address: (symbol: String, decimals: Int)] = [:]
    var mode: ExecutionMode?
    var execution: Execution?
    var account: Address?
    var planDeadline: UInt256?

    init(options: PlanOptions) {
        self.options = options
        self.lookup = FunctionLookup(directory: options.abiDirectory)
    }

    mutating func read(_ json: JSONValue) -> Plan? {
        let root = JSONPath.root
        guard let members = object(json, root) else { return nil }
        checkKeys(members, allowed: PlanSchemaKeys.allowed(.plan), root)

        if let v = required(members, "version", root) {
            if let n = integer(v, root + "version", in: 0...UInt64.max), n != Plan.formatVersion {
                report(.unsupportedVersion, "plan format version \(n) is not supported (this Ballast reads version 1)", at: root + "version")
            }
        }
        if let v = required(members, "chainId", root), let id = integer(v, root + "chainId", in: 1...(UInt64.max / 2 - 36), what: "a chain id") {
            chainId = id
        }
        book = AddressBook.builtin(chainId: chainId)
        if let v = required(members, "account", root) { account = address(v, root + "account") }
        if let v = required(members, "execution", root) { readExecution(v, root + "execution") }
        var nonce: UInt64?
        if let v = required(members, "nonce", root) { nonce = integer(v, root + "nonce", in: 0...(UInt64.max - 2), what: "a nonce") }
        var fees: Fees?
        if let v = required(members, "fees", root) { fees = readFees(v, root + "fees") }
        if let v = field(members, "tokens") { readTokens(v, root + "tokens") }
        if let v = field(members, "protocols") { readProtocols(v, root + "protocols") }
        // A chain without a built-in book: the plan's WETH token is the wrapped native token
        // unless protocols.weth says otherwise.
        if book.protocols[.weth] == nil, !AddressBook.builtinChains.contains(chainId), let w = book.tokens["WETH"] {
            book.protocols[.weth] = w.address
        }
        if let v = field(members, "deadline") { planDeadline = uint256(v, root + "deadline") }
        var guards = Guards()
        if let v = field(members, "guards") { guards = readGuards(v, root + "guards") }

        var actions: [Action] = []
        if let v = required(members, "actions", root), let items = array(v, root + "actions") {
            let deferred = deferredActions
            let count = deferred?.count ?? items.count
            if count == 0 { issues.add(.noActions, "a plan needs at least one action", at: root + "actions") }
            actions.reserveCapacity(count)
            var seen: [String: Int] = [:]
            for i in 0..<count {
                let item = deferred?[i] ?? items[i]
                let path = root + "actions" + i
                // Ids are checked even when the rest of the action is invalid.
                if case .string(let id)? = item["id"] {
                    if let first = seen[id] {
                        issues.add(.duplicateId, "action id \"\(Self.clip(id))\" is already used by actions[\(first)]", at: path + "id")
                    } else {
                        seen[id] = i
                    }
                }
                if let action = readAction(item, index: i, path) { actions.append(action) }
            }
        }
        if let execution, execution.authorize, case .legacy = fees {
            issues.add(.authorizeNeeds1559Fees, "execution.authorize makes the first transaction type 4, which needs maxFeePerGas and maxPriorityFeePerGas (no gasPrice form)", at: root + "fees")
        }

        guard issues.isEmpty, let account, let execution, let nonce, let fees else { return nil }
        var decimals: [Address: Int] = [:]
        for (_, t) in book.tokens { decimals[t.address] = t.decimals }
        return Plan(
            chainId: chainId, account: account, execution: execution, nonce: nonce, fees: fees,
            book: book, guards: guards, actions: actions, tokenDecimals: decimals)
    }

    /// The actor (see `Plan.actor`) once the execution is known.
    var actor: Address {
        guard let execution else { return account ?? .zero }
        switch execution.mode {
        case .executor: return execution.executor ?? .zero
        case .eip7702, .eoa: return account ?? .zero
        case .safe: return execution.safe ?? .zero
        }
    }

    // MARK: execution

    mutating func readExecution(_ v: JSONValue, _ path: JSONPath) {
        guard let m = object(v, path) else { return }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.execution(mode: nil)), path)
        guard let mv = required(m, "mode", path), let name = string(mv, path + "mode") else { return }
        guard let mode = ExecutionMode(rawValue: name) else {
            issues.add(.unknownMode, "unknown execution mode \"\(Self.clip(name))\" (known: eoa, executor, eip7702, safe)", at: path + "mode")
            return
        }
        self.mode = mode
        var exec = Execution(mode: mode)
        var ok = true
        func need(_ key: String, _ reader: inout PlanReader) -> Address? {
            guard let v = reader.required(m, key, path, why: "\(mode.rawValue) mode needs it") else { ok = false; return nil }
            let a = reader.address(v, path + key)
            if a == nil { ok = false }
            return a
        }
        switch mode {
        case .eoa:
            break
        case .executor:
            exec.executor = need("executor", &self)
        case .eip7702:
            exec.delegate = need("delegate", &self)
            if let a = field(m, "authorize") { exec.authorize = bool(a, path + "authorize") ?? false }
        case .safe:
            exec.safe = need("safe", &self)
            if let n = field(m, "safeNonce") {
                exec.safeNonce = integer(n, path + "safeNonce", in: 0...UInt64.max, what: "a Safe nonce")
                if exec.safeNonce == nil { ok = false }
            }
        }
        // Another mode's keys (known to the schema, not allowed in this mode) are refused.
        let modeKeys = PlanSchemaKeys.allowed(.execution(mode: mode.rawValue))
        for k in PlanSchemaKeys.allowed(.execution(mode: nil)) where !modeKeys.contains(k) {
            refuse(m, k, path, because: "it belongs to another execution mode")
        }
        if ok { execution = exec }
    }

    // MARK: fees

    mutating func readFees(_ v: JSONValue, _ path: JSONPath) -> Fees? {
        guard let m = object(v, path) else { return nil }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.fees), path)
        let hasPrice = field(m, "gasPrice") != nil
        let has1559 = field(m, "maxFeePerGas") != nil || field(m, "maxPriorityFeePerGas") != nil
        if hasPrice && has1559 {
            issues.add(.feesConflict, "give either gasPrice (type 0) or maxFeePerGas and maxPriorityFeePerGas (type 2), not both", at: path + "gasPrice")
            return nil
        }
        if hasPrice, let p = field(m, "gasPrice") {
            guard let price = wei(p, path + "gasPrice") else { return nil }
            return .legacy(gasPrice: price)
        }
        guard has1559 else {
            report(.missingField, "fees need maxFeePerGas and maxPriorityFeePerGas (type 2), or gasPrice (type 0)", at: path + "maxFeePerGas")
            return nil
        }
        let maxFee = required(m, "maxFeePerGas", path).flatMap { wei($0, path + "maxFeePerGas") }
        let tip = required(m, "maxPriorityFeePerGas", path).flatMap { wei($0, path + "maxPriorityFeePerGas") }
        guard let maxFee, let tip else { return nil }
        if tip > maxFee {
            issues.add(.priorityFeeAboveMaxFee, "maxPriorityFeePerGas (\(tip) wei) is above maxFeePerGas (\(maxFee) wei)", at: path + "maxPriorityFeePerGas")
            return nil
        }
        return .dynamic(maxFeePerGas: maxFee, maxPriorityFeePerGas: tip)
    }

    // MARK: tokens and protocols

    /// Largest token decimals: 10^77 is the largest power of ten below 2^256.
    static let maxTokenDecimals: UInt64 = 77

    mutating func readTokens(_ v: JSONValue, _ path: JSONPath) {
        guard let m = object(v, path) else { return }
        for (symbol, value) in m where !isExtensionKey(symbol) {
            let p = path + symbol
            if symbol.isEmpty || symbol.hasPrefix("0x") || symbol.hasPrefix("0X") || symbol.count > 64 {
                issues.add(.invalidSymbol, "a token symbol is 1 to 64 characters and does not start with 0x", at: p)
                continue
            }
            guard let t = object(value, p) else { continue }
            checkKeys(t, allowed: PlanSchemaKeys.allowed(.token), p)
            let addr = required(t, "address", p).flatMap { address($0, p + "address") }
            let dec = required(t, "decimals", p).flatMap { integer($0, p + "decimals", in: 0...Self.maxTokenDecimals, what: "token decimals") }
            guard let addr, let dec else { continue }
            book.tokens[symbol] = TokenEntry(address: addr, decimals: Int(dec))
            if planTokensByAddress[addr] == nil { planTokensByAddress[addr] = (symbol, Int(dec)) }
        }
    }

    mutating func readProtocols(_ v: JSONValue, _ path: JSONPath) {
        guard let m = object(v, path) else { return }
        for (name, value) in m where !isExtensionKey(name) {
            let p = path + name
            guard let proto = ProtocolName(rawValue: name) else {
                let known = ProtocolName.all.map(\.rawValue).joined(separator: ", ")
                issues.add(.unknownProtocol, "unknown protocol \"\(Self.clip(name))\" (known: \(known))", at: p)
                continue
            }
            guard let o = object(value, p) else { continue }
            checkKeys(o, allowed: PlanSchemaKeys.allowed(.protocolEntry(name)), p)
            if let a = required(o, proto.addressKey, p).flatMap({ address($0, p + proto.addressKey) }) {
                book.protocols[proto] = a
            }
        }
    }

    /// A protocol's address from the plan or the built-in book, or an issue at `path`.
    mutating func protocolAddress(_ proto: ProtocolName, _ path: @autoclosure () -> JSONPath) -> Address? {
        if let a = book.protocols[proto] { return a }
        let chain = AddressBook.builtinChains.contains(chainId) ? "the built-in book of chain \(chainId) has no confirmed address" : "chain \(chainId) has no built-in address book"
        issues.add(.missingProtocolAddress, "\(chain) for \(proto.rawValue): give protocols.\(proto.addressDescription)", at: path())
        return nil
    }

    /// A token: a symbol of `tokens` or the built-in book (case-sensitive), or a `0x` address
    /// (its decimals come from `tokens`).
    mutating func token(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> TokenRef? {
        guard let s = string(v, path()) else { return nil }
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            guard let a = address(text: s, path()) else { return nil }
            if let known = planTokensByAddress[a] { return TokenRef(symbol: nil, address: a, decimals: known.decimals) }
            return TokenRef(symbol: nil, address: a, decimals: nil)
        }
        if let t = book.tokens[s] { return TokenRef(symbol: s, address: t.address, decimals: t.decimals) }
        let near = book.tokens.keys.first { $0.lowercased() == s.lowercased() }
        let hint = near.map { " (symbols are case-sensitive: did you mean \"\($0)\"?)" } ?? " (describe it in \"tokens\" or give its address)"
        issues.add(.unknownToken, "unknown token \"\(Self.clip(s))\" on chain \(chainId)" + hint, at: path())
        return nil
    }

    /// A call target or spender: an address, a protocol name (`aave-v3` is the pool, …), or a
    /// token symbol.
    mutating func target(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Address? {
        guard let s = string(v, path()) else { return nil }
        if s.hasPrefix("0x") || s.hasPrefix("0X") { return address(text: s, path()) }
        if let p = ProtocolName(rawValue: s) { return protocolAddress(p, path()) }
        if let t = book.tokens[s] { return t.address }
        issues.add(.unknownTarget, "\"\(Self.clip(s))\" is neither an address, a protocol name (\(ProtocolName.all.map(\.rawValue).joined(separator: ", "))) nor a known token", at: path())
        return nil
    }

    /// A uint256 given as a JSON integer or a decimal / `0x` string.
    mutating func uint256(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        switch v {
        case .number:
            guard let d = Self.integerDigits(v), let n = try? UInt256(decimal: d) else {
                report(.invalidInteger, "expected a non-negative integer below 2^256", at: path())
                return nil
            }
            return n
        case .string(let s):
            guard let n = try? UInt256(parsing: s) else {
                report(.invalidInteger, "expected a non-negative integer below 2^256 (decimal or 0x), found \"\(Self.clip(s))\"", at: path())
                return nil
            }
            return n
        default:
            report(.invalidType, "expected an integer, found \(v.kindName)", at: path())
            return nil
        }
    }

    // MARK: guards

    mutating func readGuards(_ v: JSONValue, _ path: JSONPath) -> Guards {
        var g = Guards()
        guard let m = object(v, path) else { return g }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.guards), path)
        if let x = field(m, "maxSlippageBps") { g.maxSlippageBps = integer(x, path + "maxSlippageBps", in: 0...10_000, what: "basis points") }
        if let x = field(m, "prices"), let o = object(x, path + "prices") {
            for (key, value) in o where !isExtensionKey(key) {
                let p = path + "prices" + key
                guard let t = token(.string(key), p), let price = decimalText(value, p, positive: true) else { continue }
                g.prices[t.address] = price
            }
        }
        if let x = field(m, "minHealthFactor") { g.minHealthFactor = decimalText(x, path + "minHealthFactor", positive: false) }
        if let x = field(m, "position") { g.position = readPosition(x, path + "position") }
        if let x = field(m, "maxValue") { g.maxValue = wei(x, path + "maxValue") }
        if let x = field(m, "allowedTargets"), let items = array(x, path + "allowedTargets") {
            var set = Set<Address>()
            for (i, item) in items.enumerated() {
                if let a = target(item, path + "allowedTargets" + i) { set.insert(a) }
            }
            g.allowedTargets = set
        }
        if field(m, "minHealthFactor") != nil {
            if field(m, "position") == nil { report(.missingField, "minHealthFactor needs the Aave position it applies to", at: path + "position") }
            if field(m, "prices") == nil { report(.missingField, "minHealthFactor needs token prices", at: path + "prices") }
        }
        return g
    }

    mutating func readPosition(_ v: JSONValue, _ path: JSONPath) -> GuardPosition? {
        guard let m = object(v, path) else { return nil }
        checkKeys(m, allowed: PlanSchemaKeys.allowed(.position), path)
        var pos = GuardPosition()
        for key in ["collateral", "debt"] {
            guard let x = field(m, key), let o = object(x, path + key) else { continue }
            for (sym, value) in o where !isExtensionKey(sym) {
                let p = path + key + sym
                guard let t = token(.string(sym), p), let amt = amount(value, p, token: t) else { continue }
                if key == "collateral" { pos.collateral[t.address] = amt } else { pos.debt[t.address] = amt }
            }
        }
        if let x = field(m, "liquidationThresholdBps"), let o = object(x, path + "liquidationThresholdBps") {
            for (sym, value) in o where !isExtensionKey(sym) {
                let p = path + "liquidationThresholdBps" + sym
                guard let t = token(.string(sym), p), let bps = integer(value, p, in: 0...10_000, what: "basis points") else { continue }
                pos.liquidationThresholdBps[t.address] = bps
            }
        }
        return pos
    }
}
