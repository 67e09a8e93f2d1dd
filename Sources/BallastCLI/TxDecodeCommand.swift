import ArgumentParser
import Ballast

struct TxDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Strictly decode a raw signed transaction and recover its sender.",
        discussion: """
            RAW is the hex of an EIP-2718 typed transaction or a legacy RLP one (0x optional), `-` for \
            standard input, or --file PATH; a blob transaction may be in its network form (with blobs, \
            commitments and proofs; the KZG proofs are not verified). Decoding is strict: canonical \
            RLP and integers, no trailing bytes, every field within its bounds, low s, a signature \
            that recovers. An error names the field and its byte offset.

            Prints a readable summary. --json prints one object: type, chainId, nonce, to, value, \
            input, gas, the fee fields of the type, accessList, maxFeePerBlobGas, \
            blobVersionedHashes, authorizationList (each with its recovered authority, null when its \
            signature is invalid), v (legacy, decimal string) or yParity (a number), r, s (0x hex \
            quantities), from and hash. type is a number; other quantities are decimal strings; to \
            is null for a contract creation, chainId null before EIP-155. hash is the transaction \
            hash (of the canonical form, without a blob sidecar).
            """
    )

    @Argument(help: ArgumentHelp("The raw transaction as hex, or `-` for standard input.", valueName: "raw"))
    var raw: String?

    @Option(name: .long, help: ArgumentHelp("Read the raw transaction (hex) from a file (`-` = standard input).", valueName: "path"))
    var file: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let text = try Inputs.text(argument: raw, file: file, what: "RAW", limit: .hexText)
            let bytes = try located("RAW") { try Hex.decode(Inputs.trimmed(text)) }
            let tx = try SignedTransaction.decode(bytes)
            if output.json {
                out.line(tx.jsonValue().compact)
            } else {
                for line in TxSummary.lines(tx) { out.line(line) }
            }
        }
    }
}

/// The readable form of `tx decode`.
enum TxSummary {
    static func lines(_ signed: SignedTransaction) -> [String] {
        let tx = signed.transaction
        var rows: [(String, String)] = []
        rows.append(("type", "\(tx.type.rawValue) (\(typeName(tx.type)))"))
        rows.append(("hash", signed.hash.hex))
        rows.append(("from", signed.sender.checksummed))
        rows.append(("chain id", tx.chainId.map(String.init) ?? "none (pre-EIP-155: valid on every chain)"))
        rows.append(("nonce", String(tx.nonce)))
        if let to = tx.to {
            rows.append(("to", to.checksummed))
        } else {
            rows.append(("to", "none: creates \(createdAddress(sender: signed.sender, nonce: tx.nonce).checksummed)"))
        }
        rows.append(("value", amount(tx.value, unit: .ether)))
        rows.append(("gas limit", String(tx.gasLimit)))
        if let p = tx.gasPrice { rows.append(("gas price", amount(p, unit: .gwei))) }
        if let f = tx.maxFeePerGas { rows.append(("max fee per gas", amount(f, unit: .gwei))) }
        if let t = tx.maxPriorityFeePerGas { rows.append(("max priority fee", amount(t, unit: .gwei))) }
        if let b = tx.maxFeePerBlobGas { rows.append(("max fee per blob gas", amount(b, unit: .gwei))) }
        let input = tx.input
        let what = tx.isContractCreation ? "initcode" : "input"
        if input.isEmpty {
            rows.append((what, "0x (empty)"))
        } else {
            rows.append((what, "\(Hex.encode(input)) (\(input.count) bytes)"))
        }
        let gas = tx.intrinsicGas(fork: .prague)
        rows.append(("intrinsic gas", "\(gas.intrinsic) (EIP-7623 floor \(gas.floor))"))
        if tx.type != .legacy {
            let list = tx.accessList
            rows.append(("access list", list.isEmpty ? "empty" : "\(list.count) address(es)"))
            for (i, entry) in list.enumerated() {
                rows.append(("  [\(i)]", entry.address.checksummed))
                for key in entry.storageKeys { rows.append(("", "  \(key.hex)")) }
            }
        }
        if tx.type == .blob {
            rows.append(("blob hashes", String(tx.blobVersionedHashes.count)))
            for (i, h) in tx.blobVersionedHashes.enumerated() { rows.append(("  [\(i)]", h.hex)) }
            if case .blob(let b) = tx, let sidecar = b.sidecar {
                let layout = sidecar.version == .eip7594 ? "EIP-7594 wrapper, 128 cell proofs per blob" : "EIP-4844 wrapper"
                rows.append(("sidecar", "\(sidecar.blobs.count) blob(s), \(layout) (network form; commitments match the versioned hashes; KZG proofs not verified)"))
            }
        }
        if tx.type == .setCode {
            let authorities = signed.authorities()
            rows.append(("authorizations", String(tx.authorizationList.count)))
            for (i, a) in tx.authorizationList.enumerated() {
                let chain = a.chainId.isZero ? "0 (any chain)" : a.chainId.decimalString
                rows.append(("  [\(i)]", "delegate to \(a.address.checksummed), chain id \(chain), nonce \(a.nonce)"))
                rows.append(("", "  authority \(authorities[i]?.checksummed ?? "none (invalid signature: skipped by the EVM)")"))
            }
        }
        if let v = signed.v {
            rows.append(("v", v.decimalString))
        } else {
            rows.append(("y parity", String(signed.signature.yParity)))
        }
        rows.append(("r", signed.signature.r.hexQuantity))
        rows.append(("s", signed.signature.s.hexQuantity))
        let width = rows.reduce(0) { max($0, $1.0.count) } + 2
        return rows.map { label, value in
            label + String(repeating: " ", count: width - label.count) + value
        }
    }

    static func typeName(_ type: TransactionType) -> String {
        switch type {
        case .legacy: "legacy"
        case .accessList: "EIP-2930 access list"
        case .dynamicFee: "EIP-1559"
        case .blob: "EIP-4844 blob"
        case .setCode: "EIP-7702 set code"
        }
    }

    /// The address of a contract created by `sender` at `nonce`: keccak256(rlp([sender, nonce]))[12...].
    static func createdAddress(sender: Address, nonce: UInt64) -> Address {
        let encoded = RLPItem.list([.bytes(sender.bytes), .integer(nonce)]).encoded()
        let digest = Keccak256.hash(data: encoded).bytes
        return Address(bytes: digest[12...]) ?? sender
    }

    /// `N wei (x unit)`, or `0`.
    static func amount(_ wei: UInt256, unit: Units.Unit) -> String {
        if wei.isZero { return "0" }
        return "\(wei.decimalString) wei (\(Units.formatValue(wei, unit: unit)) \(unit.rawValue))"
    }
}
