import ArgumentParser
import Ballast

struct RLPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rlp",
        abstract: "Encode and strictly decode RLP.",
        subcommands: [RLPEncodeCommand.self, RLPDecodeCommand.self]
    )
}

struct RLPEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode JSON as RLP: a \"0x…\" string is a byte string, an array is a list.",
        discussion: """
            Also accepted: a non-negative JSON integer, encoded as a canonical RLP integer \
            (minimal big-endian, zero is the empty string). `-` or --file reads the JSON from stdin or a file.
            """
    )

    @Argument(help: "The JSON value (or `-` for standard input).")
    var value: String?

    @Option(name: .long, help: "Read the JSON from a file (`-` = standard input).")
    var file: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let hex = Hex.encode(try encoding())
            out.line(output.json ? JSONValue.object([("rlp", .string(hex))]).compact : hex)
        }
    }
}

extension RLPEncodeCommand {
    /// The encoding of the JSON input, streamed from its bytes (see `RLPJSONStream`); the input
    /// is released before the hex text is made.
    func encoding() throws -> [UInt8] {
        let bytes: [UInt8]
        if let file {
            guard value == nil else { throw CLIError(.usage, "give JSON either as an argument or with --file, not both") }
            bytes = try Inputs.readFile(file, limit: .bytes)
            try Inputs.checkUTF8(bytes, source: file == "-" ? "stdin" : file)
        } else {
            guard let value else { throw CLIError(.usage, "missing JSON") }
            if value == "-" {
                bytes = try Inputs.readFile("-", limit: .bytes)
                try Inputs.checkUTF8(bytes, source: "stdin")
            } else {
                bytes = Array(value.utf8)
            }
        }
        return try RLPJSONStream.encode(bytes)
    }
}

struct RLPDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Strictly decode RLP (canonical, no trailing bytes) to compact JSON.",
        discussion: "Prints arrays and \"0x…\" strings without whitespace (the empty string is \"0x\")."
    )

    @Argument(help: "The encoding as hex (or `-` for standard input).")
    var hex: String?

    @Option(name: .long, help: "Read the hex from a file (`-` = standard input).")
    var file: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let bytes = try Inputs.hex(argument: hex, file: file, what: "HEX")
            try RLPJSON.writeCompactJSON(decoding: bytes, into: &out)
        }
    }
}

/// RLP → compact JSON for `rlp decode` (JSON → RLP: `RLPJSONStream`).
enum RLPJSON {
    /// Writes the compact JSON of the one item `bytes` holds, and a newline, straight from the
    /// bytes: the input is checked first (`RLP.validate`, nothing allocated; an error leaves
    /// `out` untouched), then walked once, the text going out in pieces of about 64 KiB
    /// (`CommandOutput.flush(atLeast:)`). No tree of items or JSON values is built and the text is
    /// never held whole, so memory is the input and one piece.
    static func writeCompactJSON(decoding bytes: [UInt8], into out: inout CommandOutput) throws {
        do {
            try RLP.validate(bytes)
        } catch {
            // The error exactly as the tree decoder reports it.
            _ = try RLP.decode(bytes)
            throw error
        }
        var reader = RLPReader(bytes)
        try write(&reader, into: &out)
        out.append("\n")
    }

    /// Payload bytes hex-encoded at a time: a long byte string goes out in pieces too.
    private static let hexPieceBytes = 1 << 15

    private static func write(_ reader: inout RLPReader, into out: inout CommandOutput) throws {
        guard let element = try reader.peek() else { return }
        switch element.kind {
        case .bytes:
            let payload = try reader.nextBytes()
            out.append("\"0x")
            try payload.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                var start = 0
                repeat {
                    let end = min(raw.count, start + hexPieceBytes)
                    out.append(Hex.encode(UnsafeRawBufferPointer(rebasing: raw[start..<end]), prefix: false))
                    try out.flush()
                    start = end
                } while start < raw.count
            }
            out.append("\"")
        case .list:
            var items = try reader.nextList()
            out.append("[")
            var first = true
            while !items.isAtEnd {
                if !first { out.append(",") }
                first = false
                try write(&items, into: &out)
                try out.flush()
            }
            out.append("]")
        }
    }
}
