import ArgumentParser
import Ballast

struct WalletSignTypedDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-typed-data",
        abstract: "Sign EIP-712 typed data (eth_signTypedData_v4 JSON): prints the 65-byte signature r ‖ s ‖ v, v = 27 or 28.",
        discussion: """
            FILE (`-` = standard input) holds one JSON object with "types", "primaryType", "domain" and \
            "message". The digest signed is keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)). \
            Values are read strictly: every field present, no unknown fields, integers as JSON integers, \
            decimal strings or 0x hex strings that fit their type, addresses with a valid checksum when \
            mixed case, bytesN exactly N bytes. A declared EIP712Domain is hashed as declared; without \
            one, it is derived from the keys of "domain". Errors name the JSON path.

            --json prints {"address":"0x…","domainSeparator":"0x…","hashStruct":"0x…","digest":"0x…","signature":"0x…"}.
            """
    )

    @Argument(help: ArgumentHelp("The typed-data JSON file (`-` = standard input).", valueName: "file"))
    var file: String

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func run() throws {
        try runCommand(json: output.json) { out in
            let document = try Inputs.typedData(file)
            let signer = try keys.signer()
            let signature = try TypedDataSignature.sign(document, signer: signer)
            let hex = Hex.encode(signature)
            if output.json {
                out.line(JSONValue.object([
                    ("address", .string(try WalletText.address(of: signer).checksummed)),
                    ("domainSeparator", .string(Hex.encode(document.domainSeparator))),
                    ("hashStruct", .string(Hex.encode(document.structHash))),
                    ("digest", .string(Hex.encode(document.digest))),
                    ("signature", .string(hex)),
                ]).compact)
            } else {
                out.line(hex)
            }
        }
    }
}

struct WalletVerifyTypedDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-typed-data",
        abstract: "Check an EIP-712 signature: prints true when ADDRESS signed the typed data in FILE.",
        discussion: """
            FILE is read as by sign-typed-data (`-` = standard input). SIGNATURE is 65 bytes r ‖ s ‖ v in \
            hex, v = 27/28 (or 0/1). As verify-message: a valid signature by ADDRESS prints `true` (--json: \
            {"valid":true,"address":"0x…"}); anything else is an error with exit status 1 \
            (signature_mismatch names the address the signature recovers to; high-s signatures and other \
            v values are refused).
            """
    )

    @Argument(help: ArgumentHelp("The typed-data JSON file (`-` = standard input).", valueName: "file"))
    var file: String

    @Argument(help: "The 65-byte signature r ‖ s ‖ v as hex.")
    var signature: String

    @Argument(help: "The expected signer.")
    var address: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let document = try Inputs.typedData(file)
            let signatureBytes = try located("SIGNATURE") { try Hex.decode(Inputs.trimmed(signature)) }
            let expected = try located("ADDRESS") { try Address(hex: Inputs.trimmed(address)) }
            let recovered = try located("SIGNATURE") {
                try TypedDataSignature.recoverAddress(document, signature: signatureBytes)
            }
            try WalletVerification.requireMatch(recovered: recovered, expected: expected)
            out.line(WalletVerification.success(recovered, json: output.json))
        }
    }
}

extension Inputs {
    /// An EIP-712 document from a file (`-` = standard input): UTF-8 checked in place (no copy
    /// of the text), parsed, and the bytes handed over to be released before it is read.
    static func typedData(_ file: String) throws -> EIP712.TypedData {
        let bytes = try readFile(file, limit: .document)
        try checkUTF8InPlace(bytes, source: file == "-" ? "stdin" : file)
        return try EIP712.TypedData(utf8: bytes)
    }
}
