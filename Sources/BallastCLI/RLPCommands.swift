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
            guard value == nil else { throw CLIError("usage", "give JSON either as an argument or with --file, not both") }
            bytes = try Inputs.readFile(file, limit: .bytes)
            try Inputs.checkUTF8(bytes, source: file == "-" ? "stdin" : file)
        } else {
            guard let value else { throw CLIError("usage", "missing JSON") }
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
            out.line(try RLPJSON.compactJSON(decoding: bytes))
        }
    }
}

/// RLP → compact JSON for `rlp decode` (JSON → RLP: `RLPJSONStream`).
enum RLPJSON {
    /// The compact JSON of the one item `bytes` holds, written straight from the bytes: the
    /// input is checked first (`RLP.validate`, nothing allocated), then walked once; no tree of
    /// items or JSON values is built, so memory is the input and the text.
    static func compactJSON(decoding bytes: [UInt8]) throws -> String {
        do {
            try RLP.validate(bytes)
        } catch {
            // The error exactly as the tree decoder reports it.
            _ = try RLP.decode(bytes)
            throw error
        }
        var out = ""
        var reader = RLPReader(bytes)
        try write(&reader, into: &out)
        return out
    }

    private static func write(_ reader: inout RLPReader, into out: inout String) throws(RLPError) {
        guard let element = try reader.peek() else { return }
        switch element.kind {
        case .bytes:
            let payload = try reader.nextBytes()
            out += "\""
            payload.withUnsafeBytes { out += Hex.encode($0) }
            out += "\""
        case .list:
            var items = try reader.nextList()
            out += "["
            var first = true
            while !items.isAtEnd {
                if !first { out += "," }
                first = false
                try write(&items, into: &out)
            }
            out += "]"
        }
    }
}
