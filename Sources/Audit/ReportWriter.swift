import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import Protocols
import Transactions

/// The audit report's pieces written as UTF-8 straight into one growing byte buffer, without
/// intermediate strings or `JSONValue` trees: what a streamed audit renders per transaction.
///
/// The bytes are exactly those of the `String` forms (`AuditReport.jsonText(of:)`,
/// `AuditReport.textLines(of:)`, `Finding.jsonValue.compact`), which are derived from it.
///
/// Addresses are written in their EIP-55 form, which `Address.checksummed` keeps for the
/// addresses met last on the thread, so that a writer reused for many transactions hashes each
/// address about once.
public struct ReportWriter: Sendable {
    public var bytes: [UInt8] = []
    /// In `--json`, an argument whose bytes the tree decodes into nested calls is shown as
    /// references to those calls (their paths) instead of the bytes, so that each call's bytes
    /// appear once, at its own node (`audit --json-nested ref`). Off: the JSON value format of
    /// every argument (the default output).
    public var nestedCallReferences = false

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    // MARK: Primitives

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `s`'s UTF-8 bytes (copied from its storage in one go).
    @inline(__always)
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func decimal(_ v: Int) {
        if v < 0 {
            bytes.append(0x2D)
            decimal(UInt64(v.magnitude))
        } else {
            decimal(UInt64(v))
        }
    }

    mutating func decimal(_ v: UInt64) {
        if v < 10 {
            bytes.append(0x30 + UInt8(v))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var n = v
        withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            while n > 0 {
                i -= 1
                buffer[i] = 0x30 + UInt8(n % 10)
                n /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }

    mutating func decimal(_ v: UInt256) {
        if let small = v.uint64Value { decimal(small) } else { text(v.decimalString) }
    }

    /// `Units.formatAmount(v, decimals: d)`'s text (the integer part, then the fraction without
    /// its trailing zeros), written without building it when `v` and 10^d fit in 64 bits.
    mutating func amount(_ v: UInt256, decimals d: Int) {
        guard d > 0, d <= 19, let small = v.uint64Value else {
            text(Units.formatAmount(v, decimals: d))
            return
        }
        var scale: UInt64 = 1
        for _ in 0..<d { scale &*= 10 }
        decimal(small / scale)
        var fraction = small % scale
        guard fraction != 0 else { return }
        var width = d
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        bytes.append(0x2E)
        var digits = 1
        var rest = fraction / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        bytes.append(contentsOf: repeatElement(0x30, count: width - digits))
        decimal(fraction)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `0x` and the lowercase hex digits of `data`.
    mutating func hex(_ data: some Collection<UInt8>) {
        if data.withContiguousStorageIfAvailable({ hex(buffer: $0) }) == nil { hex(buffer: Array(data)) }
    }

    private mutating func hex(buffer data: [UInt8]) {
        data.withUnsafeBufferPointer { hex(buffer: $0) }
    }

    /// `0x` and the digits (`Hex.encodeDigits`).
    private mutating func hex(buffer data: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        let n = data.count
        bytes.append(contentsOf: repeatElement(0x30, count: 2 * n + 2))
        bytes.withUnsafeMutableBytes { out in
            out[start + 1] = 0x78
            guard n > 0, let source = data.baseAddress, let base = out.baseAddress else { return }
            Hex.encodeDigits(source, count: n, into: base + start + 2)
        }
    }

    /// `0x` and the eight lowercase hex digits of `w` (a selector), most significant first.
    mutating func hex(word w: UInt32) {
        withUnsafeBytes(of: w.bigEndian) { hex(buffer: $0.bindMemory(to: UInt8.self)) }
    }

    /// The EIP-55 checksummed form of `a`.
    mutating func address(_ a: Address) {
        text(a.checksummed)
    }

    /// `s` as a JSON string (the escapes of `JSONValue`'s output).
    mutating func jsonString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            // Most strings (paths, signatures, messages) need no escape: copied in one go.
            if !Self.needsEscape(utf8) {
                bytes.append(contentsOf: utf8)
                return
            }
            var run = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b == 0x22 || b == 0x5C || b < 0x20 else { continue }
                if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
                switch b {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    raw("\\u00")
                    bytes.append(Self.hexDigits[Int(b >> 4)])
                    bytes.append(Self.hexDigits[Int(b & 0x0F)])
                }
                run = i + 1
            }
            if run < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...])) }
        }
        bytes.append(0x22)
    }

    /// Whether some byte of `utf8` is `"`, `\` or below 0x20, looked for eight bytes at a
    /// time: a byte equal to c is a zero byte of w ^ c·0x0101…, and a zero or small byte is found
    /// by the borrow of a subtraction ((x − 0x01…) & ~x & 0x80…, exact about whether one exists).
    static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while n &- i >= 8 {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
            if found & tops != 0 { return true }
            i &+= 8
        }
        while i < n {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return true }
            i &+= 1
        }
        return false
    }

    @inline(__always)
    mutating func quoted(_ body: (inout ReportWriter) -> Void) {
        bytes.append(0x22)
        body(&self)
        bytes.append(0x22)
    }

    // MARK: ABI values

    /// A value in the JSON value format (as `ABIValue.jsonValue`, compact).
    mutating func json(_ v: ABIValue) {
        switch v {
        case .uint(let x): quoted { $0.decimal(x) }
        case .int(let x): jsonString(x.decimalString)
        case .address(let a): quoted { $0.address(a) }
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .fixedBytes(let b), .bytes(let b): quoted { $0.hex(b) }
        case .string(let s): jsonString(s)
        case .array(let items), .tuple(let items): json(items)
        }
    }

    /// A list of values as a JSON array; with `replacing`, the value at that index is the given
    /// string instead.
    mutating func json(_ items: [ABIValue], replacing: (index: Int, text: String)? = nil) {
        bytes.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            if let replacing, replacing.index == i { jsonString(replacing.text) } else { json(item) }
        }
        bytes.append(0x5D)
    }

    // MARK: Findings

    /// `{"code","severity","path","message"}`, compact.
    public mutating func json(_ f: Finding) {
        raw("{\"code\":")
        jsonString(f.code.rawValue)
        raw(",\"severity\":")
        jsonString(f.severity.description)
        raw(",\"path\":")
        jsonString(f.path)
        raw(",\"message\":")
        jsonString(f.message)
        raw("}")
    }

    // MARK: Transactions

    /// One transaction of `--json`, compact (as `AuditReport.json(_:)`).
    public mutating func json(_ tx: AuditedTransaction) {
        raw("{\"index\":")
        decimal(tx.index)
        raw(",\"hash\":")
        if let h = tx.hash { quoted { w in h.withUnsafeBytes { w.hex($0) } } } else { raw("null") }
        raw(",\"from\":")
        if let a = tx.from { quoted { $0.address(a) } } else { raw("null") }
        raw(",\"to\":")
        if let a = tx.to { quoted { $0.address(a) } } else { raw("null") }
        raw(",\"type\":")
        if let t = tx.type { decimal(UInt64(t.rawValue)) } else { raw("null") }
        raw(",\"chainId\":")
        if let c = tx.chainId { quoted { $0.decimal(c) } } else { raw("null") }
        raw(",\"nonce\":")
        if let n = tx.nonce { quoted { $0.decimal(n) } } else { raw("null") }
        if let id = tx.actionId {
            raw(",\"id\":")
            jsonString(id)
        }
        raw(",\"value\":")
        quoted { $0.decimal(tx.value) }
        raw(",\"gas\":")
        if let g = tx.gasLimit { quoted { $0.decimal(g) } } else { raw("null") }
        if let p = tx.gasPrice {
            raw(",\"gasPrice\":")
            quoted { $0.decimal(p) }
        }
        if let f = tx.maxFeePerGas {
            raw(",\"maxFeePerGas\":")
            quoted { $0.decimal(f) }
        }
        if let f = tx.maxPriorityFeePerGas {
            raw(",\"maxPriorityFeePerGas\":")
            quoted { $0.decimal(f) }
        }
        if tx.type == .setCode || !tx.authorizations.isEmpty {
            raw(",\"authorizationList\":[")
            for (k, a) in tx.authorizations.enumerated() {
                if k > 0 { bytes.append(0x2C) }
                raw("{\"chainId\":")
                quoted { $0.decimal(a.chainId) }
                raw(",\"address\":")
                quoted { $0.address(a.address) }
                raw(",\"nonce\":")
                quoted { $0.decimal(a.nonce) }
                raw(",\"authority\":")
                if let who = a.authority { quoted { $0.address(who) } } else { raw("null") }
                raw("}")
            }
            raw("]")
        }
        if !tx.safeSignatures.isEmpty {
            raw(",\"safeSignatures\":")
            text(JSONValue.array(tx.safeSignatures.map(\.jsonValue)).compact)
        }
        raw(",\"calls\":[")
        for (k, call) in tx.calls.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            json(call)
        }
        raw("]}")
    }

    /// One call in the audit format (as `DecodedCall.jsonValue`, compact).
    public mutating func json(_ call: DecodedCall) {
        raw("{\"path\":")
        jsonString(call.path)
        raw(",\"to\":")
        quoted { $0.address(call.to) }
        raw(",\"value\":")
        quoted { $0.decimal(call.value) }
        raw(",\"selector\":")
        if let w = call.selectorWord { quoted { $0.hex(word: w) } } else { raw("null") }
        raw(",\"function\":")
        if let f = call.function { jsonString(f) } else { raw("null") }
        raw(",\"args\":")
        if nestedCallReferences, let n = call.nestedArgument, n < call.args.count, let nesting = call.nesting {
            bytes.append(0x5B)
            for (i, item) in call.args.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                if i == n { nestedReference(item, nesting, calls: call.calls) } else { json(item) }
            }
            bytes.append(0x5D)
        } else {
            json(call.args)
        }
        if call.function == nil {
            raw(",\"data\":")
            quoted { $0.hex(call.data) }
        }
        if call.delegateCall { raw(",\"operation\":\"delegatecall\"") }
        raw(",\"calls\":[")
        for (k, child) in call.calls.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            json(child)
        }
        raw("]}")
    }

    // MARK: Text

    /// One transaction of the readable report, its lines separated by newlines (no newline
    /// after the last): its head line, its fields and its call tree.
    public mutating func text(_ tx: AuditedTransaction) {
        text(tx.path)
        if let id = tx.actionId {
            raw("  action ")
            text(id)
        }
        if let h = tx.hash {
            raw("  ")
            h.withUnsafeBytes { hex($0) }
        }
        var facts = 0
        func fact(_ w: inout ReportWriter) {
            w.raw(facts == 0 ? "\n  " : ", ")
            facts += 1
        }
        if let t = tx.type {
            fact(&self)
            raw("type ")
            decimal(UInt64(t.rawValue))
        }
        if tx.hash != nil {
            fact(&self)
            if let c = tx.chainId {
                raw("chain ")
                decimal(c)
            } else {
                raw("no chain id")
            }
        } else if let c = tx.chainId {
            fact(&self)
            raw("chain ")
            decimal(c)
        }
        if let n = tx.nonce {
            fact(&self)
            raw("nonce ")
            decimal(n)
        }
        if let g = tx.gasLimit {
            fact(&self)
            raw("gas ")
            decimal(g)
        }
        if let p = tx.gasPrice {
            fact(&self)
            raw("gasPrice ")
            amount(p, decimals: Units.Unit.gwei.decimals)
            raw(" gwei")
        }
        if let f = tx.maxFeePerGas {
            fact(&self)
            raw("maxFee ")
            amount(f, decimals: Units.Unit.gwei.decimals)
            raw(" gwei")
        }
        if let f = tx.maxPriorityFeePerGas {
            fact(&self)
            raw("priority ")
            amount(f, decimals: Units.Unit.gwei.decimals)
            raw(" gwei")
        }
        raw("\n  from   ")
        if let a = tx.from { address(a) } else { raw("(unknown)") }
        raw("\n  to     ")
        if let a = tx.to { address(a) } else { raw("(contract creation)") }
        if !tx.value.isZero {
            raw("\n  value  ")
            decimal(tx.value)
            raw(" wei (")
            amount(tx.value, decimals: Units.Unit.ether.decimals)
            raw(" ether)")
        }
        for (k, a) in tx.authorizations.enumerated() {
            raw("\n  authorization[")
            decimal(k)
            raw("]  delegate ")
            address(a.address)
            raw(", chain ")
            if a.chainId.isZero { raw("0 (any chain)") } else { decimal(a.chainId) }
            raw(", nonce ")
            decimal(a.nonce)
            raw(", authority ")
            if let who = a.authority { address(who) } else { raw("none (invalid signature)") }
        }
        if tx.to == nil {
            raw("\n  initcode ")
            decimal(tx.data.count)
            raw(" bytes")
        }
        for call in tx.calls { text(call, indent: 2) }
    }

    private mutating func pad(_ n: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: n))
    }

    /// One call of the readable report and its nested calls, each line preceded by a newline.
    mutating func text(_ call: DecodedCall, indent: Int) {
        bytes.append(0x0A)
        pad(indent)
        text(call.path)
        raw("  ")
        address(call.to)
        raw("  ")
        if let f = call.function {
            text(f)
        } else if let s = call.selector {
            raw("unknown selector ")
            hex(s)
        } else if call.data.isEmpty {
            raw("(no calldata)")
        } else {
            raw("(")
            decimal(call.data.count)
            raw(" bytes, no selector)")
        }
        if !call.value.isZero {
            raw("  value ")
            decimal(call.value)
        }
        if call.delegateCall { raw("  DELEGATECALL") }
        if call.function != nil {
            if !call.args.isEmpty {
                bytes.append(0x0A)
                pad(indent)
                raw("  args ")
                var replacing: (index: Int, text: String)?
                if let n = call.nestedArgument, n < call.args.count {
                    replacing = (n, "<\(call.calls.count) call\(call.calls.count == 1 ? "" : "s") below>")
                }
                json(call.args, replacing: replacing)
            }
        } else if !call.data.isEmpty {
            bytes.append(0x0A)
            pad(indent)
            raw("  data ")
            hex(call.data)
        }
        for child in call.calls { text(child, indent: indent + 4) }
    }

    // MARK: Nested call references

    /// `{"call":"PATH"}`.
    private mutating func reference(to call: DecodedCall) {
        raw("{\"call\":")
        jsonString(call.path)
        raw("}")
    }

    /// The argument holding the nested `calls`, with each call's bytes replaced by a reference
    /// to its node: in a list of tuples the bytes component of each tuple, in `bytes[]` each
    /// element, and an argument that encodes the whole list (a flash loan's callback data, a
    /// MultiSend batch) as `{"calls":["PATH",…]}`. The other components (targets, values,
    /// `allowFailure`) stay as they are.
    private mutating func nestedReference(_ value: ABIValue, _ nesting: CallNesting, calls: [DecodedCall]) {
        let component: Int
        switch nesting {
        case .callList: component = 2
        case .call3: component = 2
        case .call3Value: component = 3
        case .targetCalls: component = 1
        case .selfCalls: component = -1
        case .encodedCallList, .multiSend:
            raw("{\"calls\":[")
            for (k, c) in calls.enumerated() {
                if k > 0 { bytes.append(0x2C) }
                jsonString(c.path)
            }
            raw("]}")
            return
        case .safeTransaction:
            if let first = calls.first { reference(to: first) } else { json(value) }
            return
        }
        guard case .array(let items) = value, items.count == calls.count else {
            json(value)
            return
        }
        bytes.append(0x5B)
        for (k, item) in items.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            if component < 0 {
                reference(to: calls[k])
            } else if case .tuple(let parts) = item, component < parts.count {
                bytes.append(0x5B)
                for (j, part) in parts.enumerated() {
                    if j > 0 { bytes.append(0x2C) }
                    if j == component { reference(to: calls[k]) } else { json(part) }
                }
                bytes.append(0x5D)
            } else {
                json(item)
            }
        }
        bytes.append(0x5D)
    }
}
