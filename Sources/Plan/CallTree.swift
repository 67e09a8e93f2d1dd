import ABI
import BallastJSON
import EthereumPrimitives
import Transactions

/// A call decoded from its bytes, with the calls nested in it: the call list of `execute` and of
/// a flash loan's callback data.
public struct DecodedCall: Sendable, Hashable {
    /// `tx[0].calls[0].calls[3]`.
    public var path: String
    public var to: Address
    public var value: UInt256
    /// The first 4 bytes of the data, nil when shorter.
    public var selector: [UInt8]?
    /// The canonical signature, nil when the selector is unknown or the arguments do not decode.
    public var function: String?
    public var args: [ABIValue]
    /// The raw data (shown when the function is unknown).
    public var data: [UInt8]
    public var calls: [DecodedCall]
    /// The argument that holds the nested call list (`execute`'s calls, a flash loan's callback
    /// data), when there is one.
    public var nestedArgument: Int?

    /// In the audit format: `path`, `to`, `value`, `selector`, `function`, `args`, `calls`.
    public var jsonValue: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("path", .string(path)),
            ("to", .string(to.checksummed)),
            ("value", .string(value.decimalString)),
            ("selector", selector.map { .string(Hex.encode($0)) } ?? .null),
            ("function", function.map { .string($0) } ?? .null),
            ("args", ABIValue.jsonArray(args)),
        ]
        if function == nil { m.append(("data", .string(Hex.encode(data)))) }
        m.append(("calls", .array(calls.map(\.jsonValue))))
        return .object(m)
    }
}

/// Decodes calldata by selector against the compiler's functions (and any others given), and
/// follows call lists into nested calls.
public struct CallDecoder: Sendable {
    private var table: [UInt32: [KnownFunction]] = [:]

    /// Functions whose argument at `index` is a call list given as `bytes` (flash-loan callback
    /// data) or directly (`execute`).
    private static let nesting: [String: (index: Int, encoded: Bool)] = [
        PlanFunctions.execute.canonicalSignature: (0, false),
        PlanFunctions.aaveFlashLoan.canonicalSignature: (5, true),
        PlanFunctions.balancerFlashLoan.canonicalSignature: (3, true),
        PlanFunctions.morphoFlashLoan.canonicalSignature: (2, true),
    ]

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

    /// A decoder knowing the functions of a plan's `call` actions and steps as well.
    public init(plan: Plan) {
        var extra: [ABIFunction] = []
        for a in plan.actions {
            switch a.kind {
            case .call(let c): extra.append(c.function)
            case .flashLoanRebalance(let f): extra += Self.callFunctions(f.steps)
            case .harvest(let h): extra += Self.callFunctions(h.compound)
            case .hedgeAdjust: break
            }
        }
        self.init(extra: extra)
    }

    static func callFunctions(_ steps: [Step]) -> [ABIFunction] {
        steps.compactMap { if case .call(let c) = $0.operation { c.function } else { nil } }
    }

    public func decode(to: Address, value: UInt256, data: [UInt8], path: String) -> DecodedCall {
        decode(to: to, value: value, data: data, path: path, depth: 0)
    }

    private func decode(to: Address, value: UInt256, data: [UInt8], path: String, depth: Int) -> DecodedCall {
        var call = DecodedCall(path: path, to: to, value: value, selector: nil, function: nil, args: [], data: data, calls: [], nestedArgument: nil)
        guard data.count >= 4 else { return call }
        let selector = Array(data[0..<4])
        call.selector = selector
        let key = selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        for f in table[key] ?? [] {
            guard let args = try? ABIDecoder.decodeCall(data, selector: selector, types: f.inputTypes) else { continue }
            call.function = f.canonicalSignature
            call.args = args
            if depth < Self.maxDepth, let n = Self.nesting[f.canonicalSignature], n.index < args.count {
                var list: ABIValue? = args[n.index]
                if n.encoded {
                    if case .bytes(let b) = args[n.index] {
                        list = (try? ABIDecoder.decode([PlanFunctions.callListType], from: b))?.first
                    } else {
                        list = nil
                    }
                }
                if case .array(let items)? = list {
                    call.nestedArgument = n.index
                    for (i, item) in items.enumerated() {
                        guard case .tuple(let parts) = item, parts.count == 3,
                              case .address(let t) = parts[0], case .uint(let v) = parts[1], case .bytes(let d) = parts[2] else { continue }
                        call.calls.append(decode(to: t, value: v, data: d, path: path + ".calls[\(i)]", depth: depth + 1))
                    }
                }
            }
            break
        }
        return call
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
        let decoder = decoder ?? CallDecoder(plan: plan)
        var top: [(key: String, value: JSONValue)] = [
            ("chainId", .string(String(plan.chainId))),
            ("account", .string(plan.account.checksummed)),
            ("mode", .string(plan.execution.mode.rawValue)),
            ("actor", .string(plan.actor.checksummed)),
        ]
        if plan.execution.mode == .safe {
            var items: [JSONValue] = []
            var index = 0
            for a in actions {
                for call in a.calls {
                    let tree = decoder.decode(to: call.target, value: call.value, data: call.data, path: "safe[\(index)]")
                    items.append(.object([
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
            top.append(("transactions", .array([])))
            top.append(("safeTransactions", .array(items)))
            return .object(top)
        }
        var items: [JSONValue] = []
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
            items.append(.object(m))
        }
        top.append(("transactions", .array(items)))
        return .object(top)
    }
}
