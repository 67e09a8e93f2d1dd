import ArgumentParser
import Ballast

/// `tx build` may run without a key (`--unsigned`); it checks for one itself otherwise.
enum TxBuildKeyUsage: KeyOptionsUsage {
    static let passwordFileWithoutKeystore = false
    static let sourceOptional = true
}

struct TxBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build and sign one transaction from flags (like cast mktx): prints the raw signed transaction.",
        usage: """
            ballast tx build --chain-id <n> --nonce <n> (--to <addr> | --create) --gas-limit <n> <fee options> [--value <v>] [--data <hex> | --sig <signature> [<arg> ...]] <key options>
            """,
        discussion: """
            Calldata is --data HEX, or a function signature and its arguments: --sig SIGNATURE followed \
            by the arguments as positional values (cast's syntax: [1,2] arrays, (a,b) tuples, 0x… \
            bytes, decimal or 0x numbers), or --sig SIGNATURE --args-json '[…]'. Example:
              ballast tx build --chain-id 1 --nonce 7 --to 0xA0b8…eB48 --gas-limit 60000 \\
                --max-fee-per-gas 30gwei --max-priority-fee-per-gas 1gwei \\
                --sig 'transfer(address,uint256)' 0x1111111111111111111111111111111111111111 1000000 \\
                --private-key-file key.hex

            Values (--value, --gas-price, --max-fee-per-gas, --max-priority-fee-per-gas, \
            --max-fee-per-blob-gas) take units: 1.5ether, 30gwei, 100wei, plain wei or a 0x hex \
            quantity. --chain-id, --nonce and --gas-limit are integers (decimal or 0x). There is no \
            node to ask: nonce, gas limit and fees are always given.

            Without --type, the type is inferred as in `tx sign`: 4 with --auth, 3 with \
            --blob-hash/--max-fee-per-blob-gas, 2 with --max-fee-per-gas/--max-priority-fee-per-gas, \
            1 with --access-list, else 0 (which needs --chain-id unless --allow-unprotected). \
            --to ADDR or --create (contract creation, --data is the initcode) is required. \
            --access-list takes JSON ([{"address","storageKeys"}]); --auth takes one signed \
            authorization as `wallet sign-auth` prints it, repeatable; --blob-hash is repeatable. \
            A gas limit below the intrinsic gas (or the EIP-7623 calldata floor) is refused.

            --unsigned prints the transaction as JSON (the `tx decode --json` fields without a \
            signature) instead of signing it; no key is read. That line can be fed to `tx sign`. \
            --json prints {"raw","hash","from"}.
            """
    )

    @Option(help: ArgumentHelp("Transaction type 0-4 (default: inferred from the fields given).", valueName: "n"))
    var type: String?

    @Option(name: .customLong("chain-id"), help: ArgumentHelp("Chain id (required; optional for type 0 only with --allow-unprotected).", valueName: "n"))
    var chainId: String?

    @Option(help: ArgumentHelp("The sender's nonce.", valueName: "n"))
    var nonce: String?

    @Option(help: ArgumentHelp("The recipient.", valueName: "addr"))
    var to: String?

    @Flag(help: "Contract creation (no --to): --data is the initcode.")
    var create = false

    @Option(help: ArgumentHelp("Ether sent: 1.5ether, 30gwei, plain wei (default 0).", valueName: "value"))
    var value: String?

    @Option(help: ArgumentHelp("Calldata (or initcode with --create) as hex.", valueName: "hex"))
    var data: String?

    @Option(help: ArgumentHelp("A function signature; its arguments follow as positional values (or --args-json).", valueName: "signature"))
    var sig: String?

    @Option(name: .customLong("args-json"), help: ArgumentHelp("With --sig: the arguments as one JSON array.", valueName: "json"))
    var argsJSON: String?

    @Option(name: .customLong("gas-limit"), help: ArgumentHelp("Gas limit.", valueName: "n"))
    var gasLimit: String?

    @Option(name: .customLong("gas-price"), help: ArgumentHelp("Gas price (types 0 and 1).", valueName: "value"))
    var gasPrice: String?

    @Option(name: .customLong("max-fee-per-gas"), help: ArgumentHelp("EIP-1559 fee cap (types 2-4).", valueName: "value"))
    var maxFeePerGas: String?

    @Option(name: .customLong("max-priority-fee-per-gas"), help: ArgumentHelp("EIP-1559 tip cap (types 2-4).", valueName: "value"))
    var maxPriorityFeePerGas: String?

    @Option(name: .customLong("max-fee-per-blob-gas"), help: ArgumentHelp("Blob fee cap (type 3).", valueName: "value"))
    var maxFeePerBlobGas: String?

    @Option(name: .customLong("blob-hash"), help: ArgumentHelp("A blob versioned hash (type 3; repeatable).", valueName: "hex"))
    var blobHashes: [String] = []

    @Option(name: .customLong("access-list"), help: ArgumentHelp("The access list as JSON: [{\"address\",\"storageKeys\"}].", valueName: "json"))
    var accessList: String?

    @Option(name: .customLong("auth"), help: ArgumentHelp("A signed EIP-7702 authorization as JSON (type 4; repeatable).", valueName: "json"))
    var auths: [String] = []

    @Option(name: .customLong("fork"), help: ArgumentHelp(ForkArgument.help, valueName: "name"))
    var forkName = ForkName(.prague)
    var fork: Fork { forkName.value }

    @Flag(name: .customLong("allow-unprotected"), help: "Allow a type-0 transaction without --chain-id (pre-EIP-155, replayable on every chain).")
    var allowUnprotected = false

    @Flag(help: "Print the unsigned transaction as JSON instead of signing (no key is read).")
    var unsigned = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("With --sig: the function's arguments.", valueName: "arg"))
    var args: [String] = []

    @OptionGroup(title: "Key source") var keys: KeyOptionGroup<TxBuildKeyUsage>
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if !unsigned && keys.givenSources.isEmpty {
            throw ValidationError(KeyOptionsText.missingSource)
        }
        if let stray = args.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            // An option the command does not know (arguments never start with "--").
            let name = stray.split(separator: "=", maxSplits: 1).first.map(String.init) ?? stray
            if KeyOptionGroup<TxBuildKeyUsage>.looksLikePrivateKey(String(name.dropFirst(2))) {
                throw ValidationError("unknown option (not repeated here in case it is a key)")
            }
            throw ValidationError("unknown option \(name)")
        }
        if sig == nil {
            if !args.isEmpty {
                throw ValidationError(
                    "\(args.count) unexpected argument(s), not repeated here in case one is a key; function arguments need --sig SIGNATURE")
            }
            if argsJSON != nil { throw ValidationError("--args-json applies only with --sig") }
        } else if data != nil {
            throw ValidationError("give --data or --sig, not both")
        }
        if nonce == nil { throw ValidationError("give --nonce N: there is no node to ask for the account's nonce") }
        if to != nil && create { throw ValidationError("give --to or --create, not both") }
        if to == nil && !create { throw ValidationError("give --to ADDR, or --create for a contract creation") }
    }

    func run() throws {
        try runCommand(json: output.json) { out in
            let tx = try transaction()
            if unsigned {
                out.line(tx.jsonValue().compact)
                return
            }
            let signer = try keys.signer()
            let signed: SignedTransaction
            do throws(TransactionError) {
                signed = try tx.sign(with: signer)
            } catch {
                throw Self.optionError(error)
            }
            if output.json {
                out.line(JSONValue.object([
                    ("raw", .string(signed.rawHex)),
                    ("hash", .string(signed.hash.hex)),
                    ("from", .string(signed.sender.checksummed)),
                ]).compact)
            } else {
                out.line(signed.rawHex)
            }
        }
    }

    /// The transaction the flags describe, checked against Prague's rules.
    func transaction() throws -> UnsignedTransaction {
        var members: [(key: String, value: JSONValue)] = []
        if let v = try Self.integer(type, "--type") { members.append(("type", v)) }
        if let v = try Self.integer(chainId, "--chain-id") { members.append(("chainId", v)) }
        if let v = try Self.integer(nonce, "--nonce") { members.append(("nonce", v)) }
        if let to { members.append(("to", .string(String(Inputs.trimmed(to))))) }
        if let v = try Self.wei(value, "--value") { members.append(("value", v)) }
        if let v = try Self.integer(gasLimit, "--gas-limit") { members.append(("gas", v)) }
        if let v = try Self.wei(gasPrice, "--gas-price") { members.append(("gasPrice", v)) }
        if let v = try Self.wei(maxFeePerGas, "--max-fee-per-gas") { members.append(("maxFeePerGas", v)) }
        if let v = try Self.wei(maxPriorityFeePerGas, "--max-priority-fee-per-gas") { members.append(("maxPriorityFeePerGas", v)) }
        if let v = try Self.wei(maxFeePerBlobGas, "--max-fee-per-blob-gas") { members.append(("maxFeePerBlobGas", v)) }
        if !blobHashes.isEmpty {
            members.append(("blobVersionedHashes", .array(blobHashes.map { .string(String(Inputs.trimmed($0))) })))
        }
        if let accessList { members.append(("accessList", try Self.json(accessList, "--access-list"))) }
        if !auths.isEmpty {
            var list: [JSONValue] = []
            for (i, text) in auths.enumerated() { list.append(try Self.json(text, "--auth[\(i)]")) }
            members.append(("authorizationList", .array(list)))
        }
        if let data {
            let bytes = try located("--data") { try Hex.decode(Inputs.trimmed(data)) }
            members.append(("input", .string(Hex.encode(bytes))))
        } else if let sig {
            members.append(("input", .string(Hex.encode(try calldata(sig)))))
        }
        return try Self.checked(.object(members), allowUnprotected: allowUnprotected, fork: fork)
    }

    /// Reads the assembled object as `tx sign` reads a line, then checks the fork's rules.
    static func checked(_ object: JSONValue, allowUnprotected: Bool, fork: Fork = .prague) throws -> UnsignedTransaction {
        do throws(TransactionError) {
            let tx = try UnsignedTransaction(json: object, allowUnprotected: allowUnprotected)
            try tx.validate(fork: fork)
            return tx
        } catch {
            throw optionError(error)
        }
    }

    /// An integer option (decimal or 0x) as a decimal JSON string.
    static func integer(_ text: String?, _ option: String) throws -> JSONValue? {
        guard let text else { return nil }
        let v = try located(option) { try UInt256(parsing: Inputs.trimmed(text)) }
        return .string(v.decimalString)
    }

    /// An ether value option (units allowed) as a decimal JSON string of wei.
    static func wei(_ text: String?, _ option: String) throws -> JSONValue? {
        guard let text else { return nil }
        let v = try located(option) { try Units.parseValue(Inputs.trimmed(text)) }
        return .string(v.decimalString)
    }

    /// A JSON option's value.
    static func json(_ text: String, _ option: String) throws -> JSONValue {
        do throws(JSONSyntaxError) {
            return try JSONValue.parse(text)
        } catch {
            throw CLIError(.badJson, "\(option): invalid JSON: \(error.message)", at: "\(option) byte \(error.offset)")
        }
    }

    /// Selector + encoded arguments of `signature` with the positional arguments or --args-json.
    func calldata(_ signature: String) throws -> [UInt8] {
        do {
            let (function, parameters) = try SignatureArgument.parameters(signature, allowTypeList: false)
            guard let function else { throw CLIError(.badSignature, "expected a function signature") }
            let values = try SignatureArgument.values(args: args, argsJSON: argsJSON, parameters: parameters)
            return try ABIEncoder.encodeCall(selector: function.selector, values: values, parameters: parameters)
        } catch let error as any BallastError {
            throw CLIError(reporting: error, "--sig: \(error.message)", at: error.location.map { "--sig \($0)" } ?? "--sig")
        }
    }

    /// The option each transaction field comes from.
    static let options: [String: String] = [
        "type": "--type", "chainId": "--chain-id", "nonce": "--nonce", "to": "--to", "value": "--value",
        "input": "--data", "data": "--data", "gas": "--gas-limit", "gasPrice": "--gas-price",
        "maxFeePerGas": "--max-fee-per-gas", "maxPriorityFeePerGas": "--max-priority-fee-per-gas",
        "maxFeePerBlobGas": "--max-fee-per-blob-gas", "blobVersionedHashes": "--blob-hash",
        "accessList": "--access-list", "authorizationList": "--auth",
    ]

    /// A transaction error located at the option it comes from (`--gas-limit`, `--auth[0].r`).
    static func optionError(_ error: TransactionError) -> CLIError {
        guard let place = error.jsonPath ?? error.field else { return CLIError(reporting: error, error.message) }
        // The field name is the leading identifier of the path; the rest is kept (`[0].address`).
        let head = String(place.prefix { $0 != "[" && $0 != "." })
        guard let option = options[head] else { return CLIError(reporting: error, error.message, at: place) }
        let at = option + place.dropFirst(head.count)
        switch error.kind {
        case .requiredField where at == option:
            return CLIError(reporting: error, "missing \(option)", at: at)
        case .fieldNotAllowed(let type) where at == option:
            return CLIError(reporting: error, "\(option) does not apply to a type \(type) transaction", at: at)
        default:
            return CLIError(reporting: error, error.message, at: at)
        }
    }
}
