import ArgumentParser
import Ballast
import Foundation

/// Parses what the ABI commands call SIGNATURE: a function signature (canonical or
/// human-readable) or, where allowed, a bare type list `(t1,t2,…)`.
enum SignatureArgument {
    /// The parameters of a type list `(…)`, or the inputs of a function signature.
    static func parameters(_ text: String, allowTypeList: Bool) throws -> (function: ABIFunction?, parameters: [ABIParameter]) {
        let trimmed = Inputs.trimmed(text)
        if allowTypeList, trimmed.filter({ !$0.isWhitespace }) == "()" { return (nil, []) }
        if allowTypeList, trimmed.hasPrefix("(") || trimmed.hasPrefix("tuple(") {
            let parameter = try ABIParameter(parsing: String(trimmed))
            guard case .tuple = parameter.type else {
                throw CLIError(.badSignature, "expected a type list such as (uint256,bytes)", at: "offset 0")
            }
            let components = parameter.components.isEmpty
                ? (parameter.type.tupleComponents ?? []).map { ABIParameter(type: $0) }
                : parameter.components
            return (nil, components)
        }
        let function = try ABIFunction(parsing: String(trimmed))
        return (function, function.inputs)
    }

    /// Values from cast-style arguments or from `--args-json`.
    static func values(args: [String], argsJSON: String?, parameters: [ABIParameter]) throws -> [ABIValue] {
        if let argsJSON {
            guard args.isEmpty else { throw CLIError(.usage, "give ARGS or --args-json, not both") }
            let json = try JSONValue.parse(argsJSON)
            return try ABIValue.list(fromJSON: json, parameters: parameters)
        }
        guard args.count == parameters.count else {
            throw CLIError(.argumentCount, "expected \(parameters.count) argument(s), got \(args.count)")
        }
        return try ABIArgumentParser.parse(args, as: parameters.map(\.type))
    }
}

extension ABIType {
    var tupleComponents: [ABIType]? {
        if case .tuple(let c) = self { return c }
        return nil
    }
}

/// Reads HEX from an argument, `-` (stdin) or a file, and decodes it.
func hexInput(_ argument: String?, file: String? = nil, what: String = "HEX") throws -> [UInt8] {
    try Inputs.hex(argument: argument, file: file, what: what)
}

struct SigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig",
        abstract: "The 4-byte selector of a function signature.",
        discussion: "Canonical (`transfer(address,uint256)`) or human-readable (`function transfer(address to, uint256 amount) returns (bool)`); tuples as `(address,uint256)[]` or `tuple(address,uint256)[]`."
    )
    @Argument(help: "The function signature.") var signature: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let function = try ABIFunction(parsing: signature)
            if output.json {
                out.line(JSONValue.object([
                    ("selector", .string(Hex.encode(function.selector))),
                    ("signature", .string(function.canonicalSignature)),
                ]).compact)
            } else {
                out.line(Hex.encode(function.selector))
            }
        }
    }
}

struct SigEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-event",
        abstract: "The topic0 (keccak-256 of the canonical signature) of an event.",
        discussion: "`Transfer(address,address,uint256)` or `event Transfer(address indexed from, address indexed to, uint256 value)`."
    )
    @Argument(help: "The event signature.") var signature: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            var text = Inputs.trimmed(signature)
            if text.hasPrefix("event ") { text = text.dropFirst(6) }
            let event = try ABIEvent(parsing: "event " + text)
            if output.json {
                out.line(JSONValue.object([
                    ("topic0", .string(Hex.encode(event.topic0))),
                    ("signature", .string(event.canonicalSignature)),
                ]).compact)
            } else {
                out.line(Hex.encode(event.topic0))
            }
        }
    }
}

struct CalldataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calldata",
        abstract: "Selector + ABI-encoded arguments.",
        discussion: """
            ARGS use cast's syntax: `[1,2]` arrays, `(a,b)` tuples, `0x…` bytes, decimal or 0x numbers, \
            true/false, addresses; `--args-json '[…]'` takes one JSON array in the JSON value format instead \
            (a tuple may be an object keyed by component name).
            """
    )
    @Argument(help: "The function signature.") var signature: String
    @Argument(parsing: .allUnrecognized, help: "The arguments, one per parameter.") var args: [String] = []
    @Option(name: .customLong("args-json"), help: "The arguments as one JSON array.") var argsJSON: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let (function, parameters) = try SignatureArgument.parameters(signature, allowTypeList: false)
            guard let function else { throw CLIError(.badSignature, "expected a function signature") }
            let values = try SignatureArgument.values(args: args, argsJSON: argsJSON, parameters: parameters)
            let data = try ABIEncoder.encodeCall(selector: function.selector, values: values, parameters: parameters)
            let hex = Hex.encode(data)
            out.line(output.json ? JSONValue.object([("calldata", .string(hex))]).compact : hex)
        }
    }
}

struct ABIEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi-encode",
        abstract: "ABI-encode arguments (no selector).",
        discussion: "SIGNATURE is a function signature or a bare type list such as `(uint256,bytes)`. `--packed` gives Solidity's non-standard packed mode (abi.encodePacked)."
    )
    @Argument(help: "A function signature or a type list.") var signature: String
    @Argument(parsing: .allUnrecognized, help: "The arguments, one per parameter.") var args: [String] = []
    @Option(name: .customLong("args-json"), help: "The arguments as one JSON array.") var argsJSON: String?
    @Flag(name: .long, help: "Solidity's non-standard packed encoding.") var packed = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let (_, parameters) = try SignatureArgument.parameters(signature, allowTypeList: true)
            let values = try SignatureArgument.values(args: args, argsJSON: argsJSON, parameters: parameters)
            let data = packed
                ? try ABIPacked.encode(values, as: parameters.map(\.type))
                : try ABIEncoder.encode(values, parameters: parameters)
            let hex = Hex.encode(data)
            out.line(output.json ? JSONValue.object([("encoded", .string(hex))]).compact : hex)
        }
    }
}

struct ABIDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi-decode",
        abstract: "Decode ABI-encoded data to a JSON array of values.",
        discussion: """
            TYPES is a type list `(t1,t2,…)` or a function signature whose inputs are taken. Strict by \
            default: padding, offsets, bounds, canonical layout, no trailing bytes. `--lenient` accepts \
            non-canonical layouts that still decode unambiguously and lists what was non-canonical on stderr.
            """
    )
    @Argument(help: "A type list or a function signature.") var types: String
    @Argument(help: "The data as hex (or `-` for standard input).") var hex: String?
    @Option(name: .long, help: "Read the hex from a file (`-` = standard input).") var file: String?
    @Flag(name: .long, help: "Accept non-canonical offsets and trailing bytes (reported on stderr).") var lenient = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let (_, parameters) = try SignatureArgument.parameters(types, allowTypeList: true)
            let data = try hexInput(hex, file: file)
            let report = try ABIDecoder.decodeReport(parameters.map(\.type), from: data, mode: lenient ? .lenient : .strict)
            for finding in report.findings {
                StandardStreams.writeErr("note: non-canonical: \(finding)\n")
            }
            out.line(ABIValue.jsonArray(report.values).compact)
        }
    }
}

struct DecodeCalldataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-calldata",
        abstract: "Decode calldata: check the selector, then decode the arguments strictly.",
        discussion: """
            With SIGNATURE: the selector must match it. Without (or with `--abi PATH`): the selector is \
            looked up in the JSON ABIs of PATH (a file or a folder; default: the bundled abi/ folder). \
            Prints the arguments as a JSON array, exactly as abi-decode does; when the function was \
            looked up, its canonical signature is printed on the line before. `--json` prints \
            {"function":"…","args":[…]}.
            """
    )
    @Argument(help: "SIGNATURE HEX, or only HEX with --abi / the bundled ABIs.") var positional: [String] = []
    @Option(name: .long, help: "A JSON ABI file or folder to look the selector up in.") var abi: String?
    @Flag(name: .long, help: "Accept non-canonical layouts (reported on stderr).") var lenient = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let function: ABIFunction
            let data: [UInt8]
            let lookedUp: Bool
            switch positional.count {
            case 2 where abi == nil:
                function = try ABIFunction(parsing: positional[0])
                data = try hexInput(positional[1])
                lookedUp = false
            case 1:
                data = try hexInput(positional[0])
                function = try Self.lookUp(data, in: abi)
                lookedUp = true
            default:
                throw CLIError(.usage, "expected SIGNATURE HEX, or HEX with --abi PATH")
            }
            guard data.count >= 4 else {
                throw CLIError(.calldataTooShort, "calldata is shorter than a 4-byte selector", at: "byte \(data.count)")
            }
            guard Array(data[0..<4]) == function.selector else {
                throw CLIError(.selectorMismatch,
                    "selector \(Hex.encode(data[0..<4])) is not \(function.canonicalSignature) (\(Hex.encode(function.selector)))",
                    at: "byte 0")
            }
            let report = try ABIDecoder.decodeCallReport(data, selector: function.selector,
                types: function.inputTypes, mode: lenient ? .lenient : .strict)
            for finding in report.findings {
                StandardStreams.writeErr("note: non-canonical: \(finding)\n")
            }
            let args = ABIValue.jsonArray(report.values)
            if output.json {
                out.line(JSONValue.object([("function", .string(function.canonicalSignature)), ("args", args)]).compact)
            } else {
                if lookedUp { out.line(function.canonicalSignature) }
                out.line(args.compact)
            }
        }
    }

    static func lookUp(_ data: [UInt8], in path: String?) throws -> ABIFunction {
        guard data.count >= 4 else {
            throw CLIError(.calldataTooShort, "calldata is shorter than a 4-byte selector", at: "byte \(data.count)")
        }
        let book = try SelectorBookLoader.load(path)
        let matches = book.functions(selector: Array(data[0..<4]))
        let signatures = Set(matches.map(\.function.canonicalSignature))
        guard let first = matches.first else {
            throw CLIError(.unknownSelector, "selector \(Hex.encode(data[0..<4])) is not in the ABIs", at: "byte 0")
        }
        guard signatures.count == 1 else {
            throw CLIError(.ambiguousSelector, "selector \(Hex.encode(data[0..<4])) matches \(signatures.sorted().joined(separator: ", "))", at: "byte 0")
        }
        return first.function
    }
}

/// Loads a selector book from a file, a folder, or the bundled ABIs.
enum SelectorBookLoader {
    static func load(_ path: String?) throws -> SelectorBook {
        let url: URL
        if let path {
            url = URL(fileURLWithPath: path)
        } else {
            guard let bundled = BundledABI.directory else {
                throw CLIError(.abiNotFound, "the bundled abi/ folder was not found; pass --abi PATH or set BALLAST_ABI_DIR")
            }
            url = bundled
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CLIError(.fileUnreadable, "no such file or folder: \(url.path)", at: url.path)
        }
        if isDirectory.boolValue { return try SelectorBook(directory: url) }
        let abi = try JSONABI.load(file: url)
        var book = SelectorBook([])
        book.add(abi, file: url.lastPathComponent)
        return book
    }
}

struct DecodeErrorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-error",
        abstract: "Decode revert data: Error(string), Panic(uint256), or a custom error.",
        discussion: "A custom error is looked up in `--abi PATH` (default: the bundled ABIs) or given with `--sig 'error Name(types)'`."
    )
    @Argument(help: "The revert data as hex.") var hex: String
    @Option(name: .long, help: "A custom error signature, e.g. 'error InsufficientBalance(uint256,uint256)'.") var sig: String?
    @Option(name: .long, help: "A JSON ABI file or folder to look custom errors up in.") var abi: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let data = try hexInput(hex)
            let revert = try ABIRevert.decode(data)
            var members: [(key: String, value: JSONValue)] = []
            var text: [String] = []
            switch revert {
            case .empty:
                members = [("kind", .string("empty"))]
                text = ["(empty revert data)"]
            case .error(let message):
                members = [("kind", .string("Error")), ("signature", .string("Error(string)")), ("args", .array([.string(message)]))]
                text = ["Error(string)", JSONValue.array([.string(message)]).compact]
            case .panic(let code):
                let name = ABIPanicCode(code: code)?.summary ?? "unknown panic code"
                members = [("kind", .string("Panic")), ("signature", .string("Panic(uint256)")),
                           ("args", .array([.string(code.decimalString)])), ("reason", .string(name))]
                text = ["Panic(uint256)", "[\"\(code.decimalString)\"] \(name)"]
            case .custom(let selector, _):
                let definition: ABIErrorDefinition
                if let sig {
                    var s = Inputs.trimmed(sig)
                    if s.hasPrefix("error ") { s = s.dropFirst(6) }
                    definition = try ABIErrorDefinition(parsing: "error " + s)
                    guard definition.selector == selector else {
                        throw CLIError(.selectorMismatch, "selector \(Hex.encode(selector)) is not \(definition.canonicalSignature)", at: "byte 0")
                    }
                } else {
                    let book = try SelectorBookLoader.load(abi)
                    let found = book.errors(selector: selector)
                    guard let first = found.first else {
                        throw CLIError(.unknownSelector, "error selector \(Hex.encode(selector)) is not in the ABIs", at: "byte 0")
                    }
                    definition = first.error
                }
                let values = try ABIRevert.decodeCustom(data, selector: selector, types: definition.inputs.map(\.type))
                members = [("kind", .string("custom")), ("signature", .string(definition.canonicalSignature)),
                           ("args", ABIValue.jsonArray(values))]
                text = [definition.canonicalSignature, ABIValue.jsonArray(values).compact]
            }
            if output.json { out.line(JSONValue.object(members).compact) } else { text.forEach { out.line($0) } }
        }
    }
}

struct EIP712HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eip712-hash",
        abstract: "The EIP-712 digest of an eth_signTypedData_v4 JSON document.",
        discussion: "FILE may be `-` for standard input. `--json` also prints the domain separator and the struct hash."
    )
    @Argument(help: "The typed-data JSON file.") var file: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            var bytes = try Inputs.readFile(file, limit: .document)
            let json = try JSONValue.parse(bytes: bytes)
            bytes = []  // the tree is made: the file's bytes go before the document is read
            let typed = try EIP712.TypedData(json: json)
            if output.json {
                out.line(JSONValue.object([
                    ("digest", .string(Hex.encode(typed.digest))),
                    ("domainSeparator", .string(Hex.encode(typed.domainSeparator))),
                    ("structHash", .string(Hex.encode(typed.structHash))),
                ]).compact)
            } else {
                out.line(Hex.encode(typed.digest))
            }
        }
    }
}
