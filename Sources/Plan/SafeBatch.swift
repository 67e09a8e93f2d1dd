import BallastJSON
import EthereumPrimitives
import Keccak

/// The Safe Transaction Builder batch file (`vectors/reference/protocols.md` §3.1).
public enum SafeBatch {
    /// The `txBuilderVersion` written in `meta`.
    public static let txBuilderVersion = "1.18.0"

    /// A batch of `calls` for `safe` on `chainId`, checksummed.
    ///
    /// - Parameters:
    ///   - createdAt: milliseconds since the Unix epoch (part of the checksum).
    ///   - owner: `meta.createdFromOwnerAddress` (the plan's account).
    public static func file(
        chainId: UInt64, safe: Address, owner: Address, calls: [PlanCall], createdAt: UInt64,
        name: String, description: String? = nil
    ) -> JSONValue {
        var meta: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if let description { meta.append(("description", .string(description))) }
        meta.append(("txBuilderVersion", .string(txBuilderVersion)))
        meta.append(("createdFromSafeAddress", .string(safe.checksummed)))
        meta.append(("createdFromOwnerAddress", .string(owner.checksummed)))
        let transactions: [JSONValue] = calls.map { c in
            .object([
                ("to", .string(c.target.checksummed)),
                ("value", .string(c.value.decimalString)),
                ("data", .string(Hex.encode(c.data))),
            ])
        }
        let unsigned = JSONValue.object([
            ("version", .string("1.0")),
            ("chainId", .string(String(chainId))),
            ("createdAt", .number(String(createdAt))),
            ("meta", .object(meta)),
            ("transactions", .array(transactions)),
        ])
        meta.append(("checksum", .string(checksum(of: unsigned))))
        return .object([
            ("version", .string("1.0")),
            ("chainId", .string(String(chainId))),
            ("createdAt", .number(String(createdAt))),
            ("meta", .object(meta)),
            ("transactions", .array(transactions)),
        ])
    }

    /// The Transaction Builder checksum of a batch file: `meta.checksum` removed, `meta.name` set
    /// to null, serialized with `serialize`, then Keccak-256 of the UTF-8 text as `0x` hex.
    public static func checksum(of file: JSONValue) -> String {
        var prepared = file
        if case .object(var top) = file, let i = top.firstIndex(where: { $0.key == "meta" }), case .object(var meta) = top[i].value {
            meta.removeAll { $0.key == "checksum" }
            if let n = meta.firstIndex(where: { $0.key == "name" }) { meta[n].value = .null } else { meta.append(("name", .null)) }
            top[i].value = .object(meta)
            prepared = .object(top)
        }
        let text = serialize(prepared)
        return Hex.encode(Keccak256.hash(data: Array(text.utf8)).bytes)
    }

    /// The Transaction Builder's deterministic serialization: an array is `[` items joined by
    /// `,` `]`; an object is `{`, then its keys sorted (UTF-16 code unit order) as a JSON array,
    /// then each value in that order followed by `,`, then `}`; anything else is its JSON text.
    public static func serialize(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let members):
            let sorted = members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            out += "{"
            out += JSONValue.array(sorted.map { .string($0.key) }).compact
            for m in sorted {
                write(m.value, to: &out)
                out += ","
            }
            out += "}"
        default:
            out += value.compact
        }
    }
}

extension CompiledPlan {
    /// `safe` mode: the Transaction Builder batch of every action's calls.
    public func safeBatch(createdAt: UInt64, name: String? = nil) -> JSONValue? {
        guard plan.execution.mode == .safe, let safe = plan.execution.safe else { return nil }
        let ids = actions.map(\.id).joined(separator: ", ")
        return SafeBatch.file(
            chainId: plan.chainId, safe: safe, owner: plan.account, calls: safeCalls, createdAt: createdAt,
            name: name ?? "Ballast plan", description: "actions: \(ids)")
    }
}
