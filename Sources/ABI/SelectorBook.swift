// An index of many JSON ABIs by selector and topic, to name calldata, logs and revert data.

import EthereumPrimitives
import Foundation

/// Functions, events and errors of a set of JSON ABIs, indexed by 4-byte selector and topic0.
///
/// The same canonical signature may come from several files (`withdraw(uint256)` in WETH and a
/// vault): every source is kept, in file order. A *collision* is two different canonical
/// signatures with the same selector; ``collisions`` lists them.
public struct SelectorBook: Sendable {
    /// A function and the file that declares it.
    public struct FunctionEntry: Hashable, Sendable {
        public var function: ABIFunction
        public var file: String
        public init(function: ABIFunction, file: String) { self.function = function; self.file = file }
    }

    /// An event and the file that declares it.
    public struct EventEntry: Hashable, Sendable {
        public var event: ABIEvent
        public var file: String
        public init(event: ABIEvent, file: String) { self.event = event; self.file = file }
    }

    /// A custom error and the file that declares it.
    public struct ErrorEntry: Hashable, Sendable {
        public var error: ABIErrorDefinition
        public var file: String
        public init(error: ABIErrorDefinition, file: String) { self.error = error; self.file = file }
    }

    /// Two or more canonical signatures that share one selector (or topic).
    public struct Collision: Hashable, Sendable {
        /// `function`, `event` or `error`.
        public var kind: String
        /// The shared selector (4 bytes) or topic0 (32 bytes), as `0x…` hex.
        public var selector: String
        /// The distinct canonical signatures, sorted.
        public var signatures: [String]
        public init(kind: String, selector: String, signatures: [String]) {
            self.kind = kind
            self.selector = selector
            self.signatures = signatures
        }
    }

    /// One canonical signature declared by more than one file (not a collision).
    public struct SharedSignature: Hashable, Sendable {
        public var kind: String
        public var signature: String
        public var selector: String
        /// The files, in load order.
        public var files: [String]
        public init(kind: String, signature: String, selector: String, files: [String]) {
            self.kind = kind
            self.signature = signature
            self.selector = selector
            self.files = files
        }
    }

    /// The files in load order.
    public private(set) var files: [String] = []
    private var functionsBySelector: [UInt32: [FunctionEntry]] = [:]
    private var eventsByTopic: [[UInt8]: [EventEntry]] = [:]
    private var errorsBySelector: [UInt32: [ErrorEntry]] = [:]

    /// An empty book.
    public init() {}

    /// Loads every `*.json` ABI of a folder (see ``JSONABI/load(directory:)``). The library has
    /// no default folder: the caller passes the bundled `abi/` folder or its own.
    public init(directory: URL) throws(JSONABIError) {
        self.init()
        for file in try JSONABI.load(directory: directory) {
            add(file.abi, file: file.name)
        }
    }

    /// Builds a book from ABIs already loaded, in order.
    public init(_ abis: [JSONABIFile]) {
        self.init()
        for file in abis { add(file.abi, file: file.name) }
    }

    /// Adds every function, event and error of `abi`, attributed to `file`.
    public mutating func add(_ abi: JSONABI, file: String) {
        files.append(file)
        for fragment in abi.fragments {
            switch fragment {
            case .function(let f):
                functionsBySelector[Self.key(f.selector), default: []].append(FunctionEntry(function: f, file: file))
            case .event(let e):
                eventsByTopic[e.topic0, default: []].append(EventEntry(event: e, file: file))
            case .error(let e):
                errorsBySelector[Self.key(e.selector), default: []].append(ErrorEntry(error: e, file: file))
            default:
                break
            }
        }
    }

    static func key(_ selector: [UInt8]) -> UInt32 {
        selector.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    // MARK: Lookup

    /// The functions whose selector is `selector` (the first 4 bytes are used; fewer give
    /// nothing), every source kept.
    public func functions(selector: some Collection<UInt8>) -> [FunctionEntry] {
        let s = Array(selector.prefix(4))
        guard s.count == 4 else { return [] }
        return functionsBySelector[Self.key(s)] ?? []
    }

    /// The functions for the selector at the start of `calldata`.
    public func functions(calldata: some Collection<UInt8>) -> [FunctionEntry] {
        functions(selector: calldata)
    }

    /// The events whose topic0 is `topic0` (32 bytes).
    public func events(topic0: some Collection<UInt8>) -> [EventEntry] {
        eventsByTopic[Array(topic0)] ?? []
    }

    /// The custom errors whose selector is `selector` (the first 4 bytes of revert data).
    public func errors(selector: some Collection<UInt8>) -> [ErrorEntry] {
        let s = Array(selector.prefix(4))
        guard s.count == 4 else { return [] }
        return errorsBySelector[Self.key(s)] ?? []
    }

    /// The functions declared with this canonical signature.
    public func functions(signature: String) -> [FunctionEntry] {
        guard let f = try? ABIFunction(parsing: signature) else { return [] }
        let canonical = f.canonicalSignature
        return functions(selector: f.selector).filter { $0.function.canonicalSignature == canonical }
    }

    /// Every function entry, in selector order, then file order.
    public var allFunctions: [FunctionEntry] {
        functionsBySelector.keys.sorted().flatMap { functionsBySelector[$0] ?? [] }
    }

    /// Every event entry, in topic order, then file order.
    public var allEvents: [EventEntry] {
        eventsByTopic.keys.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { eventsByTopic[$0] ?? [] }
    }

    /// Every error entry, in selector order, then file order.
    public var allErrors: [ErrorEntry] {
        errorsBySelector.keys.sorted().flatMap { errorsBySelector[$0] ?? [] }
    }

    // MARK: Reports

    /// Selectors (and topics) shared by different canonical signatures, sorted by kind and selector.
    public var collisions: [Collision] {
        var out: [Collision] = []
        func check(_ kind: String, _ selector: [UInt8], _ signatures: [String]) {
            let distinct = Set(signatures)
            if distinct.count > 1 {
                out.append(Collision(kind: kind, selector: Hex.encode(selector), signatures: distinct.sorted()))
            }
        }
        for key in functionsBySelector.keys.sorted() {
            let entries = functionsBySelector[key] ?? []
            check("function", entries[0].function.selector, entries.map(\.function.canonicalSignature))
        }
        for key in eventsByTopic.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            check("event", key, (eventsByTopic[key] ?? []).map(\.event.canonicalSignature))
        }
        for key in errorsBySelector.keys.sorted() {
            let entries = errorsBySelector[key] ?? []
            check("error", entries[0].error.selector, entries.map(\.error.canonicalSignature))
        }
        return out
    }

    /// Canonical signatures declared by more than one file, sorted by kind then signature.
    public var sharedSignatures: [SharedSignature] {
        var out: [SharedSignature] = []
        func collect(_ kind: String, _ items: [(signature: String, selector: [UInt8], file: String)]) {
            var order: [String] = []
            var byName: [String: (selector: [UInt8], files: [String])] = [:]
            for item in items {
                if byName[item.signature] == nil {
                    order.append(item.signature)
                    byName[item.signature] = (item.selector, [])
                }
                if byName[item.signature]?.files.contains(item.file) == false {
                    byName[item.signature]?.files.append(item.file)
                }
            }
            for sig in order.sorted() {
                guard let v = byName[sig], v.files.count > 1 else { continue }
                out.append(SharedSignature(kind: kind, signature: sig, selector: Hex.encode(v.selector), files: v.files))
            }
        }
        collect("function", allFunctions.map { ($0.function.canonicalSignature, $0.function.selector, $0.file) })
        collect("event", allEvents.map { ($0.event.canonicalSignature, $0.event.topic0, $0.file) })
        collect("error", allErrors.map { ($0.error.canonicalSignature, $0.error.selector, $0.file) })
        return out
    }
}
