import BallastJSON
import EthereumPrimitives
import Transactions

/// An error in the input of an audit: it names the input, the line and the place in the line.
public typealias AuditError = CodedError<AuditErrorKind>

/// The codes of the audit inputs (a line, a simulation result, a plan to audit against); the raw
/// value is the published code (`AuditError.Kind`).
public enum AuditErrorKind: String, Sendable, Hashable, CaseIterable {
    case againstSafeMode = "against_safe_mode"
    case badJson = "bad_json"
    case badUtf8 = "bad_utf8"
    case emptyInput = "empty_input"
    case emptyTransaction = "empty_transaction"
    case inputTooLarge = "input_too_large"
    case missingField = "missing_field"
    case simulationInvalid = "simulation_invalid"
    case simulationMismatch = "simulation_mismatch"
    case unexpectedJson = "unexpected_json"
}

/// What one input line holds.
public enum AuditInput: Sendable, Hashable {
    /// A raw signed transaction (a `plan build --format jsonl` line's `raw` included).
    case signed(SignedTransaction)
    /// Bare calldata sent to `to` (with `--to`), with the value and the sender when given.
    case calldata(to: Address, value: UInt256, data: [UInt8], from: Address?)
}

/// The fields a `plan build --format jsonl` line states beside its `raw` transaction; each
/// must agree with the transaction decoded from `raw`.
public struct AuditLineClaims: Sendable, Hashable {
    public var nonce: String?
    public var hash: String?
    public var from: String?
    /// `.some(nil)`: the line says `"to": null`.
    public var to: String??
    public var type: String?

    public init(nonce: String? = nil, hash: String? = nil, from: String? = nil, to: String?? = nil, type: String? = nil) {
        self.nonce = nonce
        self.hash = hash
        self.from = from
        self.to = to
        self.type = type
    }
}

/// One item of an audit's input, with where it came from.
public struct AuditInputLine: Sendable, Hashable {
    public var input: AuditInput
    /// `txs.raw line 3`, `argument 1`.
    public var location: String
    /// The action id of a `plan build --format jsonl` line.
    public var actionId: String?
    /// The other fields of a jsonl line, checked against `raw` by the audit.
    public var claims: AuditLineClaims?

    public init(input: AuditInput, location: String, actionId: String? = nil, claims: AuditLineClaims? = nil) {
        self.input = input
        self.location = location
        self.actionId = actionId
        self.claims = claims
    }
}

/// How the lines of an input are read.
public struct AuditInputOptions: Sendable, Hashable {
    /// With `--to`: every line is bare calldata sent to this address.
    public var calldataTo: Address?
    /// The value of bare calldata (`--value`).
    public var calldataValue: UInt256
    /// The sender of bare calldata (`--from`), when known.
    public var calldataFrom: Address?

    public init(calldataTo: Address? = nil, calldataValue: UInt256 = .zero, calldataFrom: Address? = nil) {
        self.calldataTo = calldataTo
        self.calldataValue = calldataValue
        self.calldataFrom = calldataFrom
    }
}

/// Reads audit inputs: one item a line — a raw signed transaction as hex (`0x` optional), a
/// `plan build --format jsonl` object (its `raw` is audited), or with `calldataTo` bare calldata
/// as hex. Blank lines are skipped; any other bad line is an error naming the input, the line
/// and the byte (or character) where it fails.
public enum AuditInputReader {
    /// Upper bound on the items of one audit (memory guard).
    public static let maxItems = 1_000_000

    /// Reads every line of `bytes`, read from `source` (a file name, `stdin`).
    public static func read(_ bytes: [UInt8], source: String, options: AuditInputOptions = AuditInputOptions()) throws(AuditError) -> [AuditInputLine] {
        var out: [AuditInputLine] = []
        var lineNumber = 0
        var start = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            if let line = try read(line: bytes[start..<end], number: lineNumber, source: source, options: options) {
                guard out.count < maxItems else {
                    throw AuditError(.inputTooLarge, "more than \(maxItems) transactions", at: "\(source) line \(lineNumber)")
                }
                out.append(line)
            }
            start = end + 1
        }
        return out
    }

    /// Reads line `number` of `source` (without its newline): nil when it is blank. Lines are
    /// independent of each other, so a long input can be read in chunks and its lines in parallel.
    public static func read(line bytes: ArraySlice<UInt8>, number lineNumber: Int, source: String, options: AuditInputOptions = AuditInputOptions()) throws(AuditError) -> AuditInputLine? {
        guard let line = trimmed(bytes) else { return nil }
        let place = "\(source) line \(lineNumber)"
        // A hex line (the common case) is decoded from its bytes; anything else, and any hex
        // error, takes the path through text, which reports it.
        if let decoded = hexBytes(line) {
            return try item(hex: decoded, place: place, lineLabel: "line \(lineNumber) of \(source)", options: options)
        }
        guard let text = String(validating: line, as: UTF8.self) else {
            throw AuditError(.badUtf8, "line \(lineNumber) of \(source): not valid UTF-8", at: place)
        }
        return try item(text, place: place, lineLabel: "line \(lineNumber) of \(source)", options: options)
    }

    /// Reads each line as ``read(line:number:source:options:)`` does, to the same result (the
    /// first failing line's error is thrown), decoding raw transactions two at a time so that
    /// their Keccak-256 digests are computed together (`SignedTransaction.decode(_:_:)`).
    public static func read(
        lines: [(bytes: ArraySlice<UInt8>, number: Int)], source: String, options: AuditInputOptions = AuditInputOptions()
    ) throws(AuditError) -> [AuditInputLine?] {
        var out: [AuditInputLine?] = []
        out.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            if i + 1 < lines.count, options.calldataTo == nil,
               let first = rawTransaction(lines[i].bytes), let second = rawTransaction(lines[i + 1].bytes),
               case let (one, two) = SignedTransaction.decode(first[...], second[...]),
               case .success(let a) = one, case .success(let b) = two {
                out.append(AuditInputLine(input: .signed(a), location: "\(source) line \(lines[i].number)"))
                out.append(AuditInputLine(input: .signed(b), location: "\(source) line \(lines[i + 1].number)"))
                i += 2
                continue
            }
            // Anything else (a JSON line, calldata, an error) as one line.
            out.append(try read(line: lines[i].bytes, number: lines[i].number, source: source, options: options))
            i += 1
        }
        return out
    }

    /// The bytes of a line that holds a raw transaction in hex (spaces around it allowed), as
    /// ``read(line:number:source:options:)`` takes them; nil for anything else.
    static func rawTransaction(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        guard let line = trimmed(bytes), let decoded = hexBytes(line), !decoded.isEmpty else { return nil }
        return decoded
    }

    /// The line without the spaces around it; nil when nothing else is left.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var a = bytes.startIndex, b = bytes.endIndex
        while a < b && isSpace(bytes[a]) { a += 1 }
        while b > a && isSpace(bytes[b - 1]) { b -= 1 }
        return a < b ? bytes[a..<b] : nil
    }

    /// A trimmed line's bytes when it is hex (`0x` optional); nil for a JSON line or any hex error.
    static func hexBytes(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        guard line.first != 0x7B else { return nil }
        return line.withUnsafeBufferPointer { try? Hex.decode(utf8: $0) }
    }

    /// Reads one item given inline (a command-line argument).
    public static func read(argument text: String, number: Int, options: AuditInputOptions = AuditInputOptions()) throws(AuditError) -> AuditInputLine {
        let trimmed = Substring(text).trimmingSpaces
        let place = "argument \(number)"
        guard !trimmed.isEmpty else { throw AuditError(.emptyInput, "\(place) is empty", at: place) }
        return try item(String(trimmed), place: place, lineLabel: place, options: options)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }

    static func item(_ text: String, place: String, lineLabel: String, options: AuditInputOptions) throws(AuditError) -> AuditInputLine {
        if text.first == "{" {
            guard options.calldataTo == nil else {
                throw AuditError(.unexpectedJson, "\(lineLabel): a JSON line is a transaction, not calldata (drop --to)", at: place)
            }
            return try jsonLine(text, place: place, lineLabel: lineLabel)
        }
        let bytes: [UInt8]
        do throws(HexError) { bytes = try Hex.decode(text) } catch {
            let at: String
            if case .invalidCharacter(_, let offset) = error { at = "\(place), character \(offset)" } else { at = place }
            throw AuditError(reporting: error, "\(lineLabel): \(error.message)", at: at)
        }
        return try item(hex: bytes, place: place, lineLabel: lineLabel, options: options)
    }

    /// An item given as hex, decoded: bare calldata with `calldataTo`, else a signed transaction.
    static func item(hex bytes: [UInt8], place: String, lineLabel: String, options: AuditInputOptions) throws(AuditError) -> AuditInputLine {
        if let to = options.calldataTo {
            return AuditInputLine(input: .calldata(to: to, value: options.calldataValue, data: bytes, from: options.calldataFrom), location: place)
        }
        return AuditInputLine(input: .signed(try signed(bytes, place: place, lineLabel: lineLabel)), location: place)
    }

    static func signed(_ bytes: [UInt8], place: String, lineLabel: String) throws(AuditError) -> SignedTransaction {
        guard !bytes.isEmpty else { throw AuditError(.emptyTransaction, "\(lineLabel): no transaction bytes", at: place) }
        do throws(TransactionError) {
            return try SignedTransaction.decode(bytes)
        } catch {
            throw AuditError(reporting: error, "\(lineLabel): \(error.message)", at: error.location.map { "\(place), \($0)" } ?? place)
        }
    }

    static func jsonLine(_ text: String, place: String, lineLabel: String) throws(AuditError) -> AuditInputLine {
        let json: JSONValue
        do throws(JSONSyntaxError) { json = try JSONValue.parse(text) } catch {
            throw AuditError(.badJson, "\(lineLabel): invalid JSON: \(error.message)", at: "\(place), byte \(error.offset)")
        }
        guard case .object = json else {
            throw AuditError(.badJson, "\(lineLabel): expected a JSON object", at: place)
        }
        guard case .string(let raw)? = json["raw"] else {
            throw AuditError(.missingField, "\(lineLabel): a JSON line needs \"raw\" (a raw signed transaction, as `plan build --format jsonl` prints)", at: "\(place), $.raw")
        }
        let bytes: [UInt8]
        do throws(HexError) { bytes = try Hex.decode(raw) } catch {
            throw AuditError(reporting: error, "\(lineLabel): raw: \(error.message)", at: "\(place), $.raw")
        }
        let tx = try signed(bytes, place: "\(place), $.raw", lineLabel: "\(lineLabel) (raw)")
        func field(_ key: String) -> String? {
            switch json[key] {
            case .string(let s)?: s
            case .number(let s)?: s
            default: nil
            }
        }
        var claims = AuditLineClaims(nonce: field("nonce"), hash: field("hash"), from: field("from"), type: field("type"))
        if let to = json["to"] {
            if case .null = to { claims.to = .some(nil) } else { claims.to = .some(field("to") ?? "") }
        }
        return AuditInputLine(input: .signed(tx), location: place, actionId: field("id"), claims: claims)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}
