import BallastJSON
import EthereumPrimitives
import Transactions

/// The `eth_simulateV1` JSON-RPC request for signed transactions (docs/simulation.md):
///
/// `{"jsonrpc":"2.0","id":1,"method":"eth_simulateV1","params":[{"blockStateCalls":[{"calls":[…]}],
/// "validation":true,"traceTransfers":true},"latest"]}`
///
/// One block state call holds one call per transaction, in nonce order: `from`, `to` (absent for
/// a contract creation), `value`, `input`, `gas`, `nonce`, then the fee fields of its type
/// (`gasPrice` for types 0 and 1; `maxFeePerGas`, `maxPriorityFeePerGas` for types 2–4, and
/// `maxFeePerBlobGas`, `blobVersionedHashes` for type 3), `accessList` when it has entries and
/// `authorizationList` for type 4. Quantities are `0x` hex quantities, as JSON-RPC writes them.
public enum SimulationRequest {
    /// The request for `transactions`, sorted by nonce (a stable sort: equal nonces keep their
    /// order; see ``nonceOrder(_:)``).
    public static func json(_ transactions: [SignedTransaction]) -> JSONValue {
        let calls = nonceOrder(transactions.map(\.transaction.nonce)).map { call(transactions[$0]) }
        return .object([
            ("jsonrpc", .string("2.0")),
            ("id", .number("1")),
            ("method", .string("eth_simulateV1")),
            ("params", .array([
                .object([
                    ("blockStateCalls", .array([.object([("calls", .array(calls))])])),
                    ("validation", .bool(true)),
                    ("traceTransfers", .bool(true)),
                ]),
                .string("latest"),
            ])),
        ])
    }

    /// The positions of `nonces` in nonce order, equal nonces in their given order. The request's
    /// i-th call is the transaction at `nonceOrder(…)[i]`, and so is the response's i-th result.
    public static func nonceOrder(_ nonces: [UInt64]) -> [Int] {
        nonces.indices.sorted { a, b in nonces[a] != nonces[b] ? nonces[a] < nonces[b] : a < b }
    }

    /// One call object of the block state call.
    public static func call(_ signed: SignedTransaction) -> JSONValue {
        let tx = signed.transaction
        var m: [(key: String, value: JSONValue)] = [("from", .string(signed.sender.checksummed))]
        if let to = tx.to { m.append(("to", .string(to.checksummed))) }
        m.append(("value", .string(tx.value.hexQuantity)))
        m.append(("input", .string(Hex.encode(tx.input))))
        m.append(("gas", .string(quantity(tx.gasLimit))))
        m.append(("nonce", .string(quantity(tx.nonce))))
        if let p = tx.gasPrice { m.append(("gasPrice", .string(p.hexQuantity))) }
        if let f = tx.maxFeePerGas { m.append(("maxFeePerGas", .string(f.hexQuantity))) }
        if let f = tx.maxPriorityFeePerGas { m.append(("maxPriorityFeePerGas", .string(f.hexQuantity))) }
        if let f = tx.maxFeePerBlobGas { m.append(("maxFeePerBlobGas", .string(f.hexQuantity))) }
        if signed.type == .blob {
            m.append(("blobVersionedHashes", .array(tx.blobVersionedHashes.map { .string(Hex.encode($0.bytes)) })))
        }
        if !tx.accessList.isEmpty {
            m.append(("accessList", .array(tx.accessList.map { entry in
                .object([
                    ("address", .string(entry.address.checksummed)),
                    ("storageKeys", .array(entry.storageKeys.map { .string(Hex.encode($0.bytes)) })),
                ])
            })))
        }
        if signed.type == .setCode {
            m.append(("authorizationList", .array(tx.authorizationList.map { a in
                .object([
                    ("chainId", .string(a.chainId.hexQuantity)),
                    ("address", .string(a.address.checksummed)),
                    ("nonce", .string(quantity(a.nonce))),
                    ("yParity", .string(quantity(UInt64(a.yParity)))),
                    ("r", .string(a.r.hexQuantity)),
                    ("s", .string(a.s.hexQuantity)),
                ])
            })))
        }
        return .object(m)
    }

    static func quantity(_ n: UInt64) -> String { "0x" + String(n, radix: 16) }
}
