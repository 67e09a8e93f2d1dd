import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import Safe

/// Who signed one Safe `execTransaction` of an audited transaction: each 65-byte signature of
/// its `signatures` argument, with the owner recovered (EIP-712, eth_sign) when the safeTxHash is
/// known — it needs the Safe's nonce, which the calldata does not carry (`AuditOptions.safeNonce`),
/// and from Safe 1.3.0 the chain id — or named by r (a pre-approved hash, a contract signature).
public struct SafeSignaturesReport: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// 0-based position in the packed signatures.
        public var index: Int
        public var signature: [UInt8]
        /// nil when not recovered (no hash) or invalid.
        public var signer: SafeSigner?
        /// Why the signature cannot be valid, when it cannot.
        public var error: String?
    }

    /// The `execTransaction` call.
    public var path: String
    public var safe: Address
    /// nil when the Safe's nonce (or the chain id) is unknown.
    public var safeTxHash: [UInt8]?
    public var nonce: UInt256?
    public var version: SafeVersion
    /// What the hash needs and the input does not give.
    public var missing: String?
    public var entries: [Entry]

    /// The reports of every `execTransaction` in `calls`, in tree order.
    static func all(in calls: [DecodedCall], chainId: UInt64?, options: AuditOptions) -> [SafeSignaturesReport] {
        var out: [SafeSignaturesReport] = []
        func walk(_ call: DecodedCall) {
            if call.catalogIndex != nil, call.catalogIndex == AuditRules.execTransactionIndex,
               let r = SafeSignaturesReport(call, chainId: chainId, options: options) {
                out.append(r)
            }
            for i in call.calls.indices { walk(call.calls[i]) }
        }
        for i in calls.indices { walk(calls[i]) }
        return out
    }

    init?(_ call: DecodedCall, chainId: UInt64?, options: AuditOptions) {
        let a = call.args
        guard a.count == 10, case .address(let to) = a[0], case .uint(let value) = a[1], case .bytes(let data) = a[2],
              case .uint(let op) = a[3], op <= UInt256(1), let operation = SafeOperation(rawValue: UInt8(op.low64)),
              case .uint(let safeTxGas) = a[4], case .uint(let baseGas) = a[5], case .uint(let gasPrice) = a[6],
              case .address(let gasToken) = a[7], case .address(let refundReceiver) = a[8], case .bytes(let packed) = a[9]
        else { return nil }
        path = call.path
        safe = call.to
        nonce = options.safeNonce
        version = options.safeVersion
        if let nonce = options.safeNonce {
            if version.domainHasChainId && chainId == nil {
                missing = "the chain id (the input gives none)"
            } else {
                safeTxHash = SafeTx(
                    safe: call.to, chainId: chainId ?? 1, version: version, to: to, value: value, data: data,
                    operation: operation, safeTxGas: safeTxGas, baseGas: baseGas, gasPrice: gasPrice, gasToken: gasToken,
                    refundReceiver: refundReceiver, nonce: nonce).safeTxHash
            }
        } else {
            missing = "the Safe's nonce (give --safe-nonce N)"
        }
        entries = []
        for (i, sig) in SafeSignatures.split(packed).signatures.enumerated() {
            var entry = Entry(index: i, signature: sig)
            let v = sig[64]
            let ecdsa = v == 27 || v == 28 || v == 31 || v == 32
            if safeTxHash != nil || !ecdsa {
                do {
                    entry.signer = try SafeSignatures.signer(of: sig, safeTxHash: safeTxHash ?? [UInt8](repeating: 0, count: 32))
                } catch {
                    entry.error = error.message + (error.location.map { " (at \($0))" } ?? "")
                }
            }
            entries.append(entry)
        }
    }

    /// `{"path","safe","safeTxHash","nonce","version","signatures":[{"index","type","owner","recovered","signature","error"}]}`
    /// (`safeTxHash`, `nonce`, `type`, `owner` null when unknown; `error` only for an invalid one).
    public var jsonValue: JSONValue {
        .object([
            ("path", .string(path)),
            ("safe", .string(safe.checksummed)),
            ("safeTxHash", safeTxHash.map { .string(Hex.encode($0)) } ?? .null),
            ("nonce", nonce.map { .string($0.decimalString) } ?? .null),
            ("version", .string(version.text)),
            ("signatures", .array(entries.map { e in
                var m: [(key: String, value: JSONValue)] = [
                    ("index", .number(String(e.index))),
                    ("type", e.signer.map { .string($0.kindName) } ?? .null),
                    ("owner", e.signer.map { .string($0.owner.checksummed) } ?? .null),
                    ("recovered", .bool(e.signer?.isRecovered ?? false)),
                    ("signature", .string(Hex.encode(e.signature))),
                ]
                if let error = e.error { m.append(("error", .string(error))) }
                return .object(m)
            })),
        ])
    }

    /// The findings: `safe_signer` for the hash and each signer, `safe_signature_invalid`,
    /// `safe_signatures_unverified`, `safe_signature_order` (docs/audit.md).
    func findings(into out: inout [Finding]) {
        if entries.isEmpty {
            out.append(AuditCode.safeSignatureInvalid.finding(path, "execTransaction carries no 65-byte signature: it reverts"))
            return
        }
        if let safeTxHash {
            out.append(AuditCode.safeSigner.finding(path, "safeTxHash \(Hex.encode(safeTxHash)) (Safe \(safe.checksummed), nonce \(nonce?.decimalString ?? "?"), version \(version))"))
        }
        var unverified = 0
        for e in entries {
            let n = "signature \(e.index + 1) of \(entries.count)"
            let v = e.signature[64]
            if let error = e.error {
                out.append(AuditCode.safeSignatureInvalid.finding(path, "\(n): \(error): execTransaction reverts"))
                continue
            }
            guard let signer = e.signer else {
                unverified += 1
                continue
            }
            let how: String
            switch signer {
            case .eip712: how = "EIP-712 signature (v = \(v))"
            case .ethSign: how = "eth_sign signature (v = \(v))"
            case .approvedHash: how = "pre-approved hash (v = 1): valid only if the owner called approveHash or sends the transaction; checked on chain"
            case .contract(_, let offset): how = "contract signature (v = 0, EIP-1271, data at byte \(offset.decimalString)): checked on chain by the owner contract"
            }
            out.append(AuditCode.safeSigner.finding(path, "\(n): \(signer.owner.checksummed), \(how)"))
        }
        if unverified > 0, let missing {
            out.append(AuditCode.safeSignaturesUnverified.finding(path, "\(unverified) ECDSA signature\(unverified == 1 ? "" : "s") not recovered: who signed depends on \(missing)"))
        }
        let owners = entries.compactMap { $0.signer?.owner }
        if owners.count == entries.count, zip(owners, owners.dropFirst()).contains(where: { !($0 < $1) }) {
            out.append(AuditCode.safeSignatureOrder.finding(path, "the signers are not in ascending address order without repeats (\(owners.map(\.checksummed).joined(separator: ", "))): execTransaction reverts"))
        }
    }
}

extension SafeTx {
    /// The calls the Safe makes when it executes this transaction, each as a transaction from
    /// the Safe on its chain (`tx[i]`, its call at `tx[i].calls[0]`), as a signing policy checks
    /// a `safe`-mode plan's batch: a DELEGATECALL of `multiSend` yields its entries (an entry
    /// made by DELEGATECALL keeps that mark); anything else is the one call (a DELEGATECALL
    /// marked as such).
    public func auditedTransactions(decoder: CallDecoder) -> [AuditedTransaction] {
        var inner: [(to: Address, value: UInt256, data: [UInt8], delegateCall: Bool)] = [(to, value, data, operation == .delegateCall)]
        if operation == .delegateCall, data.count >= 4, Array(data[0..<4]) == MultiSend.selector,
           case .bytes(let packed)? = (try? ABIDecoder.decodeCall(data, selector: MultiSend.selector, types: [.bytes]))?.first,
           let entries = CallDecoder.multiSendEntries(packed) {
            inner = entries
        }
        return inner.enumerated().map { i, c in
            var call = decoder.decode(to: c.to, value: c.value, data: c.data, path: "tx[\(i)].calls[0]")
            call.delegateCall = c.delegateCall
            return AuditedTransaction(index: i, from: safe, to: c.to, chainId: chainId, value: c.value, data: c.data, calls: [call])
        }
    }
}
