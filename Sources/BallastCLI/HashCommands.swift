import ArgumentParser
import Ballast

struct KeccakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keccak",
        abstract: "Keccak-256 of data: `0x…` is hex bytes, anything else UTF-8 text.",
        discussion: "Only a lowercase `0x` prefix marks hex input. `--file PATH` hashes a file's bytes (`-` = stdin)."
    )

    @Argument(help: "The data: 0x-prefixed hex bytes, or text.")
    var data: String?

    @Option(name: .long, help: "Hash the bytes of a file (`-` = standard input).")
    var file: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let digest: Keccak256Digest
            if let file {
                guard data == nil else { throw CLIError(.usage, "give DATA or --file, not both") }
                // Streamed in fixed-size chunks: constant memory whatever the file's size.
                var hasher = Keccak256()
                try Inputs.forEachChunk(file) { hasher.update(bufferPointer: $0) }
                digest = hasher.finalize()
            } else {
                guard let data else { throw CLIError(.usage, "missing DATA (or --file PATH)") }
                if data.hasPrefix("0x") {
                    digest = Keccak256.hash(data: try Hex.decode(data))
                } else {
                    digest = Keccak256.hash(data: Array(data.utf8))
                }
            }
            let hex = "0x" + digest.description
            out.line(output.json ? JSONValue.object([("hash", .string(hex))]).compact : hex)
        }
    }
}

struct ToChecksumAddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-checksum-address",
        abstract: "Print an address in its EIP-55 checksummed form (a mixed-case input must already be valid)."
    )

    @Argument(help: "A 20-byte address, with or without 0x.")
    var address: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let parsed = try Address(hex: Inputs.trimmed(address))
            out.line(output.json ? JSONValue.object([("address", .string(parsed.checksummed))]).compact : parsed.checksummed)
        }
    }
}
