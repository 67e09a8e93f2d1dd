import ABI
import Protocols
import BallastJSON
import EthereumPrimitives
import Transactions

/// Decodes calldata by selector against the compiler's functions (and any others given), and
/// follows call lists into nested calls.
///
/// Always followed: `execute`'s call list and the callback data of the plan's flash loans
/// (`abi.encode((address,uint256,bytes)[])`). With ``followsBatches`` also: Multicall3
/// `aggregate3` / `aggregate3Value` / `aggregate` / `tryAggregate`, `multicall(bytes[])` and its
/// deadline / block-hash forms (calls to the same contract), Safe `multiSend(bytes)` packed
/// batches, Safe `execTransaction`, and Aave `flashLoanSimple` callback data.
public struct CallDecoder: Sendable {
    private var table: [UInt32: [KnownFunction]] = [:]
    /// Whether batch formats are followed as well (see the type's description).
    public var followsBatches = false

    /// Where a function keeps the calls it makes (declared in the protocol catalog).
    typealias Nesting = CallNesting

    /// Where each catalog function (by `ProtocolCatalog.index(of:)`) keeps its call list, and
    /// whether that list is a batch format: the executor's `execute` and the flash loans'
    /// callback data are always followed; batch formats (protocols.md §1.6, §1.9, §1.11, §1.12)
    /// only with `followsBatches`.
    private static let nesting: [(nesting: Nesting?, isBatch: Bool)] = ProtocolCatalog.table { ($0.nesting, $0.nestingIsBatch) }

    /// `abi.encode((address,uint256,bytes)[])`, laid out once.
    private static let callListLayout = ABIArgumentLayout([PlanFunctions.callListType])!

    /// Deepest nesting followed.
    static let maxDepth = 8

    public init(extra: [ABIFunction] = []) {
        for f in PlanFunctions.all { add(f) }
        for f in extra { add(KnownFunction(f)) }
    }

    private mutating func add(_ f: KnownFunction) {
        let key = f.selectorKey
        if table[key, default: []].contains(where: { $0.canonicalSignature == f.canonicalSignature }) { return }
        table[key, default: []].append(f)
    }

    /// Adds functions after those already known (a selector tries them in order).
    public mutating func add(_ functions: [ABIFunction]) {
        for f in functions { add(KnownFunction(f)) }
    }

    /// Adds every function of a selector book (the bundled `abi/`, `--abi` files).
    public mutating func add(_ book: SelectorBook) {
        for entry in book.allFunctions { add(KnownFunction(entry.function)) }
    }

    /// Whether some known function has this selector (its arguments may still not decode).
    public func knows(selector: some Collection<UInt8>) -> Bool {
        let s = Array(selector.prefix(4))
        guard s.count == 4 else { return false }
        return table[s.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }] != nil
    }

    /// A decoder knowing the functions of a plan's `call` actions and steps as well.
    public init(plan: Plan) {
        // Added as they come (a duplicate is skipped at once): a long plan of calls to a few
        // functions is never gathered into a list of one function per action.
        self.init(extra: [])
        for a in plan.actions {
            switch a.kind {
            case .call(let c): add(KnownFunction(c.function))
            case .flashLoanRebalance(let f): for fn in Self.callFunctions(f.steps) { add(KnownFunction(fn)) }
            case .harvest(let h): for fn in Self.callFunctions(h.compound) { add(KnownFunction(fn)) }
            case .hedgeAdjust: break
            }
        }
    }

    static func callFunctions(_ steps: [Step]) -> [ABIFunction] {
        steps.compactMap { if case .call(let c) = $0.operation { c.function } else { nil } }
    }

    public func decode(to: Address, value: UInt256, data: [UInt8], path: String) -> DecodedCall {
        decode(to: to, value: value, data: data, path: path, delegateCall: false, depth: 0)
    }

    private func decode(to: Address, value: UInt256, data: [UInt8], path: String, delegateCall: Bool, depth: Int) -> DecodedCall {
        var call = DecodedCall.Fields(path: path, to: to, value: value, data: data)
        call.delegateCall = delegateCall
        resolve(&call, depth: depth)
        return DecodedCall(call)
    }

    /// Names `call`'s function (the first known one whose arguments decode) and decodes the
    /// calls it makes.
    private func resolve(_ call: inout DecodedCall.Fields, depth: Int) {
        guard let key = call.selectorWord, let candidates = table[key] else { return }
        for k in candidates.indices {
            guard let layout = candidates[k].layout,
                  let args = try? ABIDecoder.decodeCall(call.data, selectorWord: key, layout: layout) else { continue }
            let index = candidates[k].catalogIndex
            call.function = candidates[k].canonicalSignature
            call.catalogIndex = index
            call.args = args
            guard let index, let nesting = Self.nesting[index].nesting, followsBatches || !Self.nesting[index].isBatch else { return }
            guard depth < Self.maxDepth else {
                call.nestedCallsUndecoded = true
                return
            }
            guard let (argument, inner) = Self.innerCalls(nesting, args: args, to: call.to) else {
                call.nestedCallsUndecoded = true
                return
            }
            call.nestedArgument = argument
            call.nesting = nesting
            var calls: [DecodedCall] = []
            calls.reserveCapacity(inner.count)
            for (i, c) in inner.enumerated() {
                calls.append(decode(to: c.to, value: c.value, data: c.data, path: Self.childPath(call.path, i), delegateCall: c.delegateCall, depth: depth + 1))
            }
            call.calls = calls
            return
        }
    }

    /// `PATH.calls[i]`, built in one allocation. Written out rather than through
    /// `String(concatenating:)`: it runs for every nested call, and the variadic list and
    /// `String(i)` cost more than the copy.
    static func childPath(_ path: String, _ i: Int) -> String {
        precondition(i >= 0)
        var digits = 1
        var rest = i / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var path = path
        return path.withUTF8 { parent in
            let count = parent.count + 8 + digits
            return String(unsafeUninitializedCapacity: count) { out in
                guard let base = out.baseAddress else { return 0 }
                if let p = parent.baseAddress { base.initialize(from: p, count: parent.count) }
                var k = parent.count
                for c in ".calls[".utf8 {
                    base[k] = c
                    k += 1
                }
                var n = i
                for d in stride(from: k + digits - 1, through: k, by: -1) {
                    base[d] = 0x30 + UInt8(n % 10)
                    n /= 10
                }
                base[k + digits] = 0x5D
                return count
            }
        }
    }

    /// `tx[index].calls[0]`, the top-level call of transaction `index`, built in one allocation.
    public static func topPath(transaction index: Int) -> String {
        String(concatenating: "tx[", String(index), "].calls[0]")
    }

    typealias InnerCall = (to: Address, value: UInt256, data: [UInt8], delegateCall: Bool)

    /// The calls a decoded function makes, and the argument that holds them; nil when the
    /// argument does not hold a well-formed list.
    static func innerCalls(_ nesting: Nesting, args: [ABIValue], to: Address) -> (Int, [InnerCall])? {
        func argument(_ i: Int) -> ABIValue? { i < args.count ? args[i] : nil }
        func items(_ i: Int) -> [ABIValue]? {
            if case .array(let a)? = argument(i) { return a }
            return nil
        }
        func list(_ values: [ABIValue], _ read: ([ABIValue]) -> InnerCall?) -> [InnerCall]? {
            var out: [InnerCall] = []
            out.reserveCapacity(values.count)
            for v in values {
                guard case .tuple(let parts) = v, let c = read(parts) else { return nil }
                out.append(c)
            }
            return out
        }
        switch nesting {
        case .callList(let i), .encodedCallList(let i):
            var values: [ABIValue]?
            if case .callList = nesting {
                values = items(i)
            } else if case .bytes(let b)? = argument(i),
                      case .array(let a)? = (try? ABIDecoder.decode(b, layout: Self.callListLayout))?.first {
                values = a
            }
            guard let values, let calls = list(values, { p in
                guard p.count == 3, case .address(let t) = p[0], case .uint(let v) = p[1], case .bytes(let d) = p[2] else { return nil }
                return (t, v, d, false)
            }) else { return nil }
            return (i, calls)
        case .call3(let i):
            guard let values = items(i), let calls = list(values, { p in
                guard p.count == 3, case .address(let t) = p[0], case .bytes(let d) = p[2] else { return nil }
                return (t, .zero, d, false)
            }) else { return nil }
            return (i, calls)
        case .call3Value(let i):
            guard let values = items(i), let calls = list(values, { p in
                guard p.count == 4, case .address(let t) = p[0], case .uint(let v) = p[2], case .bytes(let d) = p[3] else { return nil }
                return (t, v, d, false)
            }) else { return nil }
            return (i, calls)
        case .targetCalls(let i):
            guard let values = items(i), let calls = list(values, { p in
                guard p.count == 2, case .address(let t) = p[0], case .bytes(let d) = p[1] else { return nil }
                return (t, .zero, d, false)
            }) else { return nil }
            return (i, calls)
        case .selfCalls(let i):
            guard let values = items(i) else { return nil }
            var out: [InnerCall] = []
            for v in values {
                guard case .bytes(let d) = v else { return nil }
                out.append((to, .zero, d, false))
            }
            return (i, out)
        case .multiSend(let i):
            guard case .bytes(let b)? = argument(i), let calls = multiSendEntries(b) else { return nil }
            return (i, calls)
        case .safeTransaction:
            guard args.count >= 4, case .address(let t) = args[0], case .uint(let v) = args[1],
                  case .bytes(let d) = args[2], case .uint(let op) = args[3], op <= UInt256(1) else { return nil }
            return (2, [(t, v, d, op == UInt256(1))])
        }
    }

    /// Safe MultiSend's packed transactions: each `operation` (1 byte: 0 call, 1 delegatecall) ‖
    /// `to` (20) ‖ `value` (32) ‖ `dataLength` (32) ‖ `data`, back to back. nil when malformed (an
    /// unknown operation, a truncated entry, a length past the end).
    public static func multiSendEntries(_ bytes: [UInt8]) -> [(to: Address, value: UInt256, data: [UInt8], delegateCall: Bool)]? {
        var out: [(to: Address, value: UInt256, data: [UInt8], delegateCall: Bool)] = []
        var i = 0
        while i < bytes.count {
            guard bytes.count - i >= 85, bytes[i] <= 1,
                  let to = Address(bytes: bytes[(i + 1)..<(i + 21)]),
                  let value = UInt256(bigEndian: bytes[(i + 21)..<(i + 53)]),
                  let length = UInt256(bigEndian: bytes[(i + 53)..<(i + 85)]),
                  length <= UInt256(UInt64(bytes.count - i - 85)) else { return nil }
            let n = Int(length.low64)
            out.append((to, value, Array(bytes[(i + 85)..<(i + 85 + n)]), bytes[i] == 1))
            i += 85 + n
        }
        return out
    }
}

extension CompiledPlan {
    /// The decoded call tree of transaction `index` (its top-level call at `tx[index].calls[0]`).
    public func decodedCalls(transaction index: Int, decoder: CallDecoder) -> [DecodedCall] {
        let tx = transactions[index].transaction
        guard let to = tx.to else { return [] }
        return [decoder.decode(to: to, value: tx.value, data: tx.input, path: "tx[\(index)].calls[0]")]
    }

    /// `plan check --json`: the compiled transactions with their decoded calls (or, in `safe`
    /// mode, the batch's calls).
    public func checkReport(decoder: CallDecoder? = nil) -> JSONValue {
        let parts = checkReportParts()
        var items: [JSONValue] = []
        forEachCheckReportItem(decoder: decoder) { items.append($0) }
        return .object(parts.head + [(parts.listKey, .array(items))])
    }

    /// The report of `checkReport` in parts, to be written one item at a time: its members
    /// before the list of transactions (in `safe` mode, `transactions` is an empty list there),
    /// and the key of the list whose items `forEachCheckReportItem` hands out — the report is
    /// `head` followed by that list.
    public func checkReportParts() -> (head: [(key: String, value: JSONValue)], listKey: String) {
        var top: [(key: String, value: JSONValue)] = [
            ("chainId", .string(String(plan.chainId))),
            ("account", .string(plan.account.checksummed)),
            ("mode", .string(plan.execution.mode.rawValue)),
            ("actor", .string(plan.actor.checksummed)),
        ]
        if plan.execution.mode == .safe {
            top.append(("transactions", .array([])))
            return (top, "safeTransactions")
        }
        return (top, "transactions")
    }

    /// Each item of the report's list (see `checkReportParts`), in order: a transaction with its
    /// decoded calls (in `safe` mode, a call of the batch). Only one item is held at a time.
    public func forEachCheckReportItem(decoder: CallDecoder? = nil, _ body: (JSONValue) throws -> Void) rethrows {
        let decoder = decoder ?? CallDecoder(plan: plan)
        if plan.execution.mode == .safe {
            var index = 0
            for a in actions {
                for call in a.calls {
                    let tree = decoder.decode(to: call.target, value: call.value, data: call.data, path: "safe[\(index)]")
                    try body(.object([
                        ("index", .number(String(index))),
                        ("id", .string(a.id)),
                        ("to", .string(call.target.checksummed)),
                        ("value", .string(call.value.decimalString)),
                        ("data", .string(Hex.encode(call.data))),
                        ("calls", .array([tree.jsonValue])),
                    ]))
                    index += 1
                }
            }
            return
        }
        for (k, t) in transactions.enumerated() {
            let tx = t.transaction
            var m: [(key: String, value: JSONValue)] = [
                ("index", .number(String(k))),
                ("id", .string(t.actionId)),
                ("type", .number(String(tx.type.rawValue))),
                ("chainId", .string(String(plan.chainId))),
                ("nonce", .string(String(tx.nonce))),
                ("from", .string(plan.account.checksummed)),
                ("to", .string(tx.to?.checksummed ?? "")),
                ("value", .string(tx.value.decimalString)),
                ("gas", .string(String(tx.gasLimit))),
            ]
            if let p = tx.gasPrice { m.append(("gasPrice", .string(p.decimalString))) }
            if let f = tx.maxFeePerGas { m.append(("maxFeePerGas", .string(f.decimalString))) }
            if let f = tx.maxPriorityFeePerGas { m.append(("maxPriorityFeePerGas", .string(f.decimalString))) }
            if let auth = t.authorization {
                m.append(("authorizationList", .array([.object([
                    ("chainId", .string(auth.chainId.decimalString)),
                    ("address", .string(auth.address.checksummed)),
                    ("nonce", .string(String(auth.nonce))),
                ])])))
            }
            m.append(("data", .string(Hex.encode(tx.input))))
            m.append(("calls", .array(decodedCalls(transaction: k, decoder: decoder).map(\.jsonValue))))
            try body(.object(m))
        }
    }
}
