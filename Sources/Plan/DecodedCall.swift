import ABI
import BallastJSON
import EthereumPrimitives
import Protocols

/// A call decoded from its bytes, with the calls nested in it: the call list of `execute` and of
/// a flash loan's callback data.
///
/// A value type whose fields live in one shared, immutable box (a change makes a new one):
/// handing a call (and its tree) to the checks, the report writers and the policy costs one
/// reference count, not one for each of its strings and arrays.
public struct DecodedCall: Sendable, Hashable {
    /// The fields, stored once in an immutable box.
    struct Fields: Sendable, Hashable {
        var path: String
        var to: Address
        var value: UInt256
        /// The first 4 bytes of the data as a big-endian word (nil when shorter).
        var selectorWord: UInt32?
        var function: String?
        var catalogIndex: Int?
        var args: [ABIValue] = []
        var data: [UInt8]
        var calls: [DecodedCall] = []
        var nestedArgument: Int?
        var nesting: CallNesting?
        var delegateCall = false
        var nestedCallsUndecoded = false

        init(path: String, to: Address, value: UInt256, data: [UInt8]) {
            self.path = path
            self.to = to
            self.value = value
            self.data = data
            if data.count >= 4 {
                selectorWord = UInt32(data[0]) << 24 | UInt32(data[1]) << 16 | UInt32(data[2]) << 8 | UInt32(data[3])
            }
        }
    }

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: consuming Fields) { self.fields = consume fields }
    }

    private var box: Box

    /// The call with these fields (the decoder's, built in one go).
    init(_ fields: consuming Fields) {
        box = Box(consume fields)
    }

    /// Changes a field (a new box: the fields of a decoded call are not meant to change).
    private mutating func change(_ body: (inout Fields) -> Void) {
        var fields = box.fields
        body(&fields)
        box = Box(fields)
    }

    /// `tx[0].calls[0].calls[3]`.
    public var path: String {
        get { box.fields.path }
        set { change { $0.path = newValue } }
    }
    public var to: Address {
        get { box.fields.to }
        set { change { $0.to = newValue } }
    }
    public var value: UInt256 {
        get { box.fields.value }
        set { change { $0.value = newValue } }
    }
    /// The first 4 bytes of the data, nil when shorter.
    public var selector: [UInt8]? {
        get {
            box.fields.selectorWord.map { w in [UInt8(w >> 24), UInt8(truncatingIfNeeded: w >> 16), UInt8(truncatingIfNeeded: w >> 8), UInt8(truncatingIfNeeded: w)] }
        }
        set {
            change { f in
                f.selectorWord = newValue.flatMap { s in s.count == 4 ? s.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : nil }
            }
        }
    }
    /// ``selector`` as a big-endian word.
    public var selectorWord: UInt32? { box.fields.selectorWord }
    /// The canonical signature, nil when the selector is unknown or the arguments do not decode.
    public var function: String? {
        get { box.fields.function }
        set { change { $0.function = newValue } }
    }
    /// The position of ``function`` in `ProtocolCatalog.all`, when the catalog declares it (set
    /// by the decoder together with ``function``).
    public var catalogIndex: Int? {
        get { box.fields.catalogIndex }
        set { change { $0.catalogIndex = newValue } }
    }
    public var args: [ABIValue] {
        get { box.fields.args }
        set { change { $0.args = newValue } }
    }
    /// The raw data (shown when the function is unknown).
    public var data: [UInt8] {
        get { box.fields.data }
        set { change { $0.data = newValue } }
    }
    public var calls: [DecodedCall] {
        get { box.fields.calls }
        set { change { $0.calls = newValue } }
    }
    /// The argument that holds the nested call list (`execute`'s calls, a flash loan's callback
    /// data), when there is one.
    public var nestedArgument: Int? {
        get { box.fields.nestedArgument }
        set { change { $0.nestedArgument = newValue } }
    }
    /// How `nestedArgument` holds the nested calls (from the protocol catalog), when it does.
    public var nesting: CallNesting? {
        get { box.fields.nesting }
        set { change { $0.nesting = newValue } }
    }
    /// Made by DELEGATECALL (a Safe MultiSend entry or `execTransaction` with operation 1).
    public var delegateCall: Bool {
        get { box.fields.delegateCall }
        set { change { $0.delegateCall = newValue } }
    }
    /// The function carries a call list that could not be followed: it does not decode as one
    /// (a flash loan's callback data in another format, a malformed MultiSend batch) or it is
    /// nested deeper than the decoder follows.
    public var nestedCallsUndecoded: Bool {
        get { box.fields.nestedCallsUndecoded }
        set { change { $0.nestedCallsUndecoded = newValue } }
    }

    /// The catalog's entry for ``function``, when it declares it.
    public var catalogEntry: ProtocolFunction? { catalogIndex.map { ProtocolCatalog.all[$0] } }

    public static func == (a: DecodedCall, b: DecodedCall) -> Bool {
        a.box === b.box || a.box.fields == b.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
    }

    /// In the audit format: `path`, `to`, `value`, `selector`, `function`, `args`, `calls`.
    public var jsonValue: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("path", .string(path)),
            ("to", .string(to.checksummed)),
            ("value", .string(value.decimalString)),
            ("selector", selector.map { .string(Hex.encode($0)) } ?? .null),
            ("function", function.map { .string($0) } ?? .null),
            ("args", ABIValue.jsonArray(args)),
        ]
        if function == nil { m.append(("data", .string(Hex.encode(data)))) }
        if delegateCall { m.append(("operation", .string("delegatecall"))) }
        m.append(("calls", .array(calls.map(\.jsonValue))))
        return .object(m)
    }
}
