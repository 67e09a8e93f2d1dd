import ArgumentParser
import Ballast

struct WalletSignAuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-auth",
        abstract: "Sign an EIP-7702 authorization: prints {\"chainId\",\"address\",\"nonce\",\"yParity\",\"r\",\"s\"}.",
        discussion: """
            The signed hash is keccak256(0x05 ‖ rlp([chainId, address, nonce])): the key's account lets \
            its code delegate to --address on --chain-id (0: every chain) while its nonce is --nonce. \
            Note that a transaction the same account sends itself increments its nonce before the \
            authorization list is processed, so such an authorization needs the account's nonce + 1.

            Prints one JSON object: chainId, nonce, yParity, r and s as 0x hex quantities, address \
            checksummed; it can be pasted as is into the authorizationList of a `tx sign` line. \
            Numbers are decimal or 0x hex; the chain id is below 2^256, the nonce below 2^64 − 1 (EIP-7702).
            """
    )

    @Option(name: .customLong("chain-id"), help: ArgumentHelp("The chain id (0 = any chain).", valueName: "n"))
    var chainId: String

    @Option(help: ArgumentHelp("The contract to delegate to.", valueName: "addr"))
    var address: String

    @Option(help: ArgumentHelp("The signing account's nonce when the authorization is processed.", valueName: "n"))
    var nonce: String

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func run() throws {
        try runCommand(json: output.json) { out in
            let chain = try located("--chain-id") { try UInt256(parsing: Inputs.trimmed(chainId)) }
            let target = try located("--address") { try Address(hex: Inputs.trimmed(address)) }
            let nonceValue = try located("--nonce") { try UInt256(parsing: Inputs.trimmed(nonce)) }
            guard let nonce64 = nonceValue.uint64Value, nonce64 < UInt64.max else {
                throw CLIError(.nonceTooLarge, "an authorization nonce is below 2^64 - 1 (EIP-7702)", at: "--nonce")
            }
            let signer = try keys.signer()
            let authorization = UnsignedAuthorization(chainId: chain, address: target, nonce: nonce64)
            let signed = try authorization.sign(with: signer)
            out.line(signed.signAuthJSON().compact)
        }
    }
}
