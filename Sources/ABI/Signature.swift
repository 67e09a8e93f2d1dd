// ABI entries (functions, events, errors, constructor, fallback, receive), their canonical
// signatures, selectors and topics, and their human-readable form.

import EthereumPrimitives
import Keccak

/// A function's state mutability as the JSON ABI names it.
public enum StateMutability: String, Sendable, Hashable, CaseIterable {
    case pure, view, nonpayable, payable
}

/// The canonical signature `name(t1,t2,…)` of a parameter list.
@usableFromInline
func signatureText(name: String, inputs: [ABIParameter]) -> String {
    var out = name
    out += "("
    for (i, p) in inputs.enumerated() {
        if i > 0 { out += "," }
        out += p.type.canonical
    }
    out += ")"
    return out
}

/// `(p1, p2)` with names, as in a human-readable signature.
func humanParameterList(_ params: [ABIParameter]) -> String {
    "(" + params.map(\.humanReadable).joined(separator: ", ") + ")"
}

/// A function entry of an ABI.
public struct ABIFunction: Hashable, Sendable {
    public var name: String
    public var inputs: [ABIParameter]
    public var outputs: [ABIParameter]
    public var stateMutability: StateMutability

    public init(name: String, inputs: [ABIParameter] = [], outputs: [ABIParameter] = [], stateMutability: StateMutability = .nonpayable) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.stateMutability = stateMutability
    }

    /// `name(t1,t2,…)`: the text the selector hashes (tuples expanded, no names, no spaces).
    public var canonicalSignature: String { signatureText(name: name, inputs: inputs) }

    /// The first 4 bytes of Keccak-256 of ``canonicalSignature``.
    public var selector: [UInt8] { Array(Keccak256.hash(data: canonicalSignature.utf8).bytes.prefix(4)) }

    /// ``selector`` as `0x` + 8 hex digits.
    public var selectorHex: String { Hex.encode(selector) }

    /// `function transfer(address to, uint256 amount) returns (bool)`; the mutability is written
    /// unless it is `nonpayable`.
    public var humanReadable: String {
        var out = "function " + name + humanParameterList(inputs)
        if stateMutability != .nonpayable { out += " " + stateMutability.rawValue }
        if !outputs.isEmpty { out += " returns " + humanParameterList(outputs) }
        return out
    }

    /// The input types, as a tuple.
    public var inputTypes: [ABIType] { inputs.map(\.type) }
    /// The output types, as a tuple.
    public var outputTypes: [ABIType] { outputs.map(\.type) }
}

/// An event entry of an ABI.
public struct ABIEvent: Hashable, Sendable {
    public var name: String
    /// The fields in declaration order; ``ABIParameter/indexed`` marks the topics.
    public var inputs: [ABIParameter]
    /// An anonymous event has no topic0: its indexed fields start at topic 0.
    public var anonymous: Bool

    public init(name: String, inputs: [ABIParameter] = [], anonymous: Bool = false) {
        self.name = name
        self.inputs = inputs
        self.anonymous = anonymous
    }

    /// `Name(t1,t2,…)`: the text topic0 hashes.
    public var canonicalSignature: String { signatureText(name: name, inputs: inputs) }

    /// Keccak-256 of ``canonicalSignature`` (32 bytes). An anonymous event does not log it, but
    /// the value is still defined.
    public var topic0: [UInt8] { Keccak256.hash(data: canonicalSignature.utf8).bytes }

    /// ``topic0`` as `0x` + 64 hex digits.
    public var topic0Hex: String { Hex.encode(topic0) }

    /// The largest number of indexed fields: 3, or 4 for an anonymous event.
    public var maxIndexed: Int { anonymous ? 4 : 3 }

    /// `event Transfer(address indexed from, address indexed to, uint256 value)`, with
    /// ` anonymous` appended when set.
    public var humanReadable: String {
        "event " + name + humanParameterList(inputs) + (anonymous ? " anonymous" : "")
    }
}

/// A custom error entry of an ABI (`error InsufficientBalance(uint256 available, uint256 required)`).
public struct ABIErrorDefinition: Hashable, Sendable {
    public var name: String
    public var inputs: [ABIParameter]

    public init(name: String, inputs: [ABIParameter] = []) {
        self.name = name
        self.inputs = inputs
    }

    /// `Name(t1,t2,…)`: the text the selector hashes.
    public var canonicalSignature: String { signatureText(name: name, inputs: inputs) }

    /// The first 4 bytes of Keccak-256 of ``canonicalSignature``: the first 4 bytes of revert data.
    public var selector: [UInt8] { Array(Keccak256.hash(data: canonicalSignature.utf8).bytes.prefix(4)) }

    /// ``selector`` as `0x` + 8 hex digits.
    public var selectorHex: String { Hex.encode(selector) }

    /// `error InsufficientBalance(uint256 available, uint256 required)`.
    public var humanReadable: String { "error " + name + humanParameterList(inputs) }
}

/// The constructor entry of an ABI.
public struct ABIConstructor: Hashable, Sendable {
    public var inputs: [ABIParameter]
    /// `payable` or `nonpayable`.
    public var stateMutability: StateMutability

    public init(inputs: [ABIParameter] = [], stateMutability: StateMutability = .nonpayable) {
        self.inputs = inputs
        self.stateMutability = stateMutability
    }

    /// `constructor(address owner) payable`.
    public var humanReadable: String {
        "constructor" + humanParameterList(inputs) + (stateMutability == .payable ? " payable" : "")
    }
}

/// The fallback entry of an ABI.
public struct ABIFallback: Hashable, Sendable {
    /// `payable` or `nonpayable`.
    public var stateMutability: StateMutability

    public init(stateMutability: StateMutability = .nonpayable) {
        self.stateMutability = stateMutability
    }

    /// `fallback() external` or `fallback() external payable`.
    public var humanReadable: String {
        "fallback() external" + (stateMutability == .payable ? " payable" : "")
    }
}

/// Any one entry of an ABI.
public enum ABIFragment: Hashable, Sendable {
    case function(ABIFunction)
    case event(ABIEvent)
    case error(ABIErrorDefinition)
    case constructor(ABIConstructor)
    case fallback(ABIFallback)
    /// `receive() external payable`.
    case receive

    /// The human-readable form (see each entry type).
    public var humanReadable: String {
        switch self {
        case .function(let f): return f.humanReadable
        case .event(let e): return e.humanReadable
        case .error(let e): return e.humanReadable
        case .constructor(let c): return c.humanReadable
        case .fallback(let f): return f.humanReadable
        case .receive: return "receive() external payable"
        }
    }

    /// The canonical signature of a function, event or error; nil for the others.
    public var canonicalSignature: String? {
        switch self {
        case .function(let f): return f.canonicalSignature
        case .event(let e): return e.canonicalSignature
        case .error(let e): return e.canonicalSignature
        default: return nil
        }
    }

    /// The JSON ABI `type` of the entry: `function`, `event`, `error`, `constructor`, `fallback`, `receive`.
    public var kindName: String {
        switch self {
        case .function: return "function"
        case .event: return "event"
        case .error: return "error"
        case .constructor: return "constructor"
        case .fallback: return "fallback"
        case .receive: return "receive"
        }
    }
}
