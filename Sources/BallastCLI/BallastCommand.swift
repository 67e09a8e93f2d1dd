import ArgumentParser
import Ballast

/// The root command. Every subcommand is a thin layer over a library call.
public struct BallastCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ballast",
        abstract: "Offline ABI encoding, signing and auditing of Ethereum transactions.",
        version: BallastVersion.string,
        subcommands: [
            KeccakCommand.self,
            RLPCommand.self,
            ToChecksumAddressCommand.self,
            SigCommand.self,
            SigEventCommand.self,
            CalldataCommand.self,
            ABIEncodeCommand.self,
            ABIDecodeCommand.self,
            DecodeCalldataCommand.self,
            DecodeErrorCommand.self,
            EIP712HashCommand.self,
            WalletCommand.self,
            TxCommand.self,
            PlanCommand.self,
            SafeCommand.self,
            AuditCommand.self,
        ]
    )

    public init() {}
}

public enum BallastVersion {
    public static let string = "0.1.0"
}

/// `--json`: machine-readable output, and errors as `{"error":{...}}` on stdout.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Machine-readable output; errors printed as JSON on stdout.")
    var json = false
}
