import Ballast

/// The text form of `plan check`: each transaction, then its call tree. The text goes out one
/// transaction at a time (`CommandOutput.flush(atLeast:)`): the plan is fully checked before.
enum PlanText {
    static func render(_ compiled: CompiledPlan, decoder: CallDecoder, into out: inout CommandOutput) throws {
        let plan = compiled.plan
        let fees: String
        switch plan.fees {
        case .dynamic(let maxFee, let tip): fees = "type 2, maxFeePerGas \(maxFee) wei, maxPriorityFeePerGas \(tip) wei"
        case .legacy(let price): fees = "type 0 (EIP-155), gasPrice \(price) wei"
        }
        out.line("plan: chain \(plan.chainId), account \(plan.account.checksummed), mode \(plan.execution.mode.rawValue), actor \(plan.actor.checksummed)")
        if plan.execution.mode == .safe {
            let calls = compiled.safeCalls
            out.line("Safe batch for \(plan.actor.checksummed): \(calls.count) transaction\(calls.count == 1 ? "" : "s") (unsigned)")
            var index = 0
            for a in compiled.actions {
                for c in a.calls {
                    out.line("")
                    out.line("safe[\(index)]  action \(a.id)")
                    out.line("  to     \(c.target.checksummed)")
                    out.line("  value  \(c.value)")
                    out.line("  data   \(Hex.encode(c.data))")
                    renderCall(decoder.decode(to: c.target, value: c.value, data: c.data, path: "safe[\(index)]"), indent: 2, into: &out)
                    index += 1
                    try out.flush()
                }
            }
            return
        }
        out.line("fees: \(fees); \(compiled.transactions.count) transaction\(compiled.transactions.count == 1 ? "" : "s"), nonces \(compiled.transactions.first.map { String($0.transaction.nonce) } ?? "-")…\(compiled.transactions.last.map { String($0.transaction.nonce) } ?? "-")")
        for (k, t) in compiled.transactions.enumerated() {
            let tx = t.transaction
            out.line("")
            out.line("tx[\(k)]  action \(t.actionId)  nonce \(tx.nonce)  type \(tx.type.rawValue)  gas \(tx.gasLimit)")
            out.line("  to     \(tx.to?.checksummed ?? "(creation)")")
            out.line("  value  \(tx.value)")
            if let auth = t.authorization {
                out.line("  authorization  chainId \(auth.chainId), address \(auth.address.checksummed), nonce \(auth.nonce) (signed by the account at build time)")
            }
            out.line("  data   \(Hex.encode(tx.input))")
            for call in compiled.decodedCalls(transaction: k, decoder: decoder) {
                renderCall(call, indent: 2, into: &out)
            }
            try out.flush()
        }
    }

    static func renderCall(_ call: DecodedCall, indent: Int, into out: inout CommandOutput) {
        let pad = String(repeating: " ", count: indent)
        let name = call.function ?? (call.selector.map { "unknown selector " + Hex.encode($0) } ?? "no calldata")
        let value = call.value.isZero ? "" : "  value \(call.value)"
        out.line("\(pad)\(call.path)  \(call.to.checksummed)  \(name)\(value)")
        if call.function != nil {
            var args = call.args.map(\.jsonValue)
            if let n = call.nestedArgument, n < args.count {
                args[n] = .string("<\(call.calls.count) call\(call.calls.count == 1 ? "" : "s") below>")
            }
            if !args.isEmpty { out.line("\(pad)  args \(JSONValue.array(args).compact)") }
        } else if !call.data.isEmpty {
            out.line("\(pad)  data \(Hex.encode(call.data))")
        }
        for child in call.calls {
            renderCall(child, indent: indent + 4, into: &out)
        }
    }
}
