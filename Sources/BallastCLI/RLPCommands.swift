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
            let text = try Inputs.text(argument: value, file: file, what: "JSON")
            let json = try JSONValue.parse(text)
            let item = try RLPJSON.item(from: json, at: .root)
            let hex = Hex.encode(item.encoded())
            out.line(output.json ? JSONValue.object([("rlp", .string(hex))]).compact : hex)
        }
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
            let item = try RLP.decode(bytes)
            out.line(RLPJSON.json(from: item).compact)
        }
    }
}

/// JSON <-> RLP item mapping used by the `rlp` commands.
enum RLPJSON {
    static func item(from json: JSONValue, at path: JSONPath) throws -> RLPItem {
        switch json {
        case .string(let s):
            guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
                throw CLIError("bad_rlp_json", "a byte string must be \"0x…\" hex", at: path.description)
            }
            do {
                return .bytes(try Hex.decode(s))
            } catch {
                throw CLIError("bad_hex", "\(error.message)", at: path.description)
            }
        case .number(let n):
            guard let value = try? UInt256(decimal: n) else {
                throw CLIError("bad_rlp_json", "a number must be a non-negative integer below 2^256", at: path.description)
            }
            return .bytes(value.minimalBigEndianBytes)
        case .array(let items):
            var out: [RLPItem] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(try self.item(from: item, at: path + i)) }
            return .list(out)
        default:
            throw CLIError("bad_rlp_json", "expected a \"0x…\" string, an integer or an array, found \(json.kindName)", at: path.description)
        }
    }

    static func json(from item: RLPItem) -> JSONValue {
        switch item {
        case .bytes(let b): return .string(Hex.encode(b))
        case .list(let items): return .array(items.map(json(from:)))
        }
    }
}
