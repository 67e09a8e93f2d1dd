// Parsing of signatures: canonical (`transfer(address,uint256)`) and human-readable
// (`function transfer(address to, uint256 amount) external returns (bool)`,
// `event Transfer(address indexed from, address indexed to, uint256 value)`,
// `error InsufficientBalance(uint256 available, uint256 required)`, `constructor(…)`,
// `fallback()`, `receive()`).
//
// Accepted after the parameter list, by kind:
// - function: `external`/`public` (one), `pure`/`view`/`payable`/`nonpayable`/`constant` (one;
//   `constant` is the pre-0.5 spelling of `view`), `virtual`, `override` / `override(A, B)`, then
//   `returns (…)`. `internal`/`private` are refused (not part of an ABI).
// - event: `anonymous`. error: nothing.
// - constructor: `payable`/`nonpayable`, `public`.
// - fallback: `external`, `payable`/`nonpayable`, `virtual`, `override`; inputs `()` or `(bytes)`,
//   outputs none or `(bytes)`.
// - receive: `external`, `payable`, `virtual`, `override`; no parameters.
// A trailing `;` is allowed. Data locations (`memory`, `calldata`, `storage`) are accepted on
// function and constructor parameters and ignored; `indexed` only on event parameters.

import EthereumPrimitives

extension ABIFragment {
    /// Parses any signature. Without a leading keyword the text is a function
    /// (`transfer(address,uint256)`), except `constructor(…)`, `fallback(…)` and `receive(…)`.
    ///
    /// - Throws: ``ABISyntaxError`` naming the character offset and what was expected.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        self = try scanner.parseFragment(expected: nil)
    }
}

extension ABIFunction {
    /// Parses a function signature, canonical or human-readable, with or without the `function`
    /// keyword.
    ///
    /// - Throws: ``ABISyntaxError``; also when the text is an event, error or other entry.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        guard case .function(let f) = try scanner.parseFragment(expected: .function) else {
            throw ABISyntaxError(.syntax, "expected a function signature", offset: 0)
        }
        self = f
    }
}

extension ABIEvent {
    /// Parses an event signature, canonical (`Transfer(address,address,uint256)`) or
    /// human-readable, with or without the `event` keyword.
    ///
    /// - Throws: ``ABISyntaxError``.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        guard case .event(let e) = try scanner.parseFragment(expected: .event) else {
            throw ABISyntaxError(.syntax, "expected an event signature", offset: 0)
        }
        self = e
    }
}

extension ABIErrorDefinition {
    /// Parses a custom error signature, canonical or human-readable, with or without the `error`
    /// keyword.
    ///
    /// - Throws: ``ABISyntaxError``.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        guard case .error(let e) = try scanner.parseFragment(expected: .error) else {
            throw ABISyntaxError(.syntax, "expected an error signature", offset: 0)
        }
        self = e
    }
}

extension SignatureScanner {
    enum FragmentKind: String {
        case function, event, error, constructor, fallback, receive
    }

    /// Parses a whole signature. `expected` forces the kind of a keyword-less text and refuses
    /// another keyword.
    mutating func parseFragment(expected: FragmentKind?) throws(ABISyntaxError) -> ABIFragment {
        skipSpace()
        let start = pos
        guard let first = peekIdentifier() else {
            throw unexpected(expected: "a signature such as transfer(address,uint256)", at: pos)
        }
        // `function` and `event` are reserved words and always keywords. `error` is a keyword
        // unless directly followed by '(' (a function or error named `error`). `constructor`,
        // `fallback` and `receive` start those entries unless a function (or event, error) is
        // expected, where they are names.
        let followedByParen = pos + first.utf8.count < bytes.count && bytes[pos + first.utf8.count] == UInt8(ascii: "(")
        func isKeyword(_ k: FragmentKind) -> Bool {
            switch k {
            case .function, .event: return true
            case .error: return !followedByParen
            case .constructor, .fallback, .receive: return expected == nil
            }
        }

        var kind: FragmentKind
        var name = ""
        if let k = FragmentKind(rawValue: first), isKeyword(k) {
            kind = k
            if let expected, expected != k {
                throw error(.syntax, "expected \(signatureArticle(expected.rawValue)) signature, found \(signatureArticle(k.rawValue))", at: start)
            }
            pos += first.utf8.count
            if k == .function || k == .event || k == .error {
                skipSpace()
                let nameStart = pos
                guard let n = readIdentifier() else {
                    throw unexpected(expected: "a name after '\(k.rawValue)'", at: pos)
                }
                try checkEntryName(n, at: nameStart)
                name = n
            }
        } else {
            kind = expected ?? .function
            name = readIdentifier() ?? ""
            try checkEntryName(name, at: start)
        }

        skipSpace()
        let listStart = pos
        let inputContext: Context
        switch kind {
        case .event: inputContext = .eventInput
        case .error: inputContext = .errorInput
        default: inputContext = .functionInput
        }
        var inputOffsets: [Int] = []
        let inputs = try parseParameterList(inputContext, offsets: &inputOffsets)

        var mutability: StateMutability?
        var visibility: String?
        var virtualSeen = false
        var overrideSeen = false
        var anonymous = false
        var outputs: [ABIParameter] = []
        var returnsAt: Int?

        modifiers: while true {
            skipSpace()
            let at = pos
            guard let word = peekIdentifier() else { break }
            func refuse(_ what: String) -> ABISyntaxError {
                error(.invalidModifier, what, at: at)
            }
            switch (kind, word) {
            case (.function, "external"), (.function, "public"), (.constructor, "public"),
                 (.fallback, "external"), (.receive, "external"):
                if let visibility { throw refuse("visibility '\(word)' after '\(visibility)'") }
                visibility = word
            case (.function, "internal"), (.function, "private"):
                throw refuse("\(word) functions are not part of an ABI")
            case (.function, "pure"), (.function, "view"), (.function, "payable"), (.function, "nonpayable"),
                 (.function, "constant"), (.constructor, "payable"), (.constructor, "nonpayable"),
                 (.fallback, "payable"), (.fallback, "nonpayable"), (.receive, "payable"):
                if mutability != nil { throw refuse("a second state mutability '\(word)'") }
                mutability = word == "constant" ? .view : StateMutability(rawValue: word)
            case (.function, "virtual"), (.fallback, "virtual"), (.receive, "virtual"):
                if virtualSeen { throw refuse("'virtual' given twice") }
                virtualSeen = true
            case (.function, "override"), (.fallback, "override"), (.receive, "override"):
                if overrideSeen { throw refuse("'override' given twice") }
                overrideSeen = true
                pos += word.utf8.count
                try skipOverrideList()
                continue modifiers
            case (.event, "anonymous"):
                if anonymous { throw refuse("'anonymous' given twice") }
                anonymous = true
            case (.function, "returns"), (.fallback, "returns"):
                returnsAt = at
                pos += word.utf8.count
                var outputOffsets: [Int] = []
                outputs = try parseParameterList(.functionOutput, offsets: &outputOffsets)
                break modifiers
            default:
                switch word {
                case "external", "public", "internal", "private", "pure", "view", "payable", "nonpayable",
                     "constant", "virtual", "override", "anonymous", "returns":
                    throw refuse("'\(word)' is not allowed on \(signatureArticle(kind.rawValue))")
                default:
                    throw unexpected(expected: expectedAfterParameters(kind), at: at)
                }
            }
            pos += word.utf8.count
        }

        skipSpace()
        if peek == UInt8(ascii: ";") { pos += 1 }
        skipSpace()
        guard atEnd else {
            throw unexpected(expected: returnsAt != nil ? "the end of the signature" : expectedAfterParameters(kind), at: pos)
        }

        switch kind {
        case .function:
            return .function(ABIFunction(name: name, inputs: inputs, outputs: outputs, stateMutability: mutability ?? .nonpayable))
        case .event:
            let limit = anonymous ? 4 : 3
            var count = 0
            for (i, p) in inputs.enumerated() where p.indexed {
                count += 1
                if count > limit {
                    throw error(.tooManyIndexed, "\(anonymous ? "an anonymous" : "an") event has at most \(limit) indexed parameters", at: inputOffsets[i])
                }
            }
            return .event(ABIEvent(name: name, inputs: inputs, anonymous: anonymous))
        case .error:
            return .error(ABIErrorDefinition(name: name, inputs: inputs))
        case .constructor:
            return .constructor(ABIConstructor(inputs: inputs, stateMutability: mutability ?? .nonpayable))
        case .fallback:
            if !(inputs.isEmpty || (inputs.count == 1 && inputs[0].type == .bytes)) {
                throw error(.syntax, "fallback takes no parameters or a single bytes parameter", at: listStart)
            }
            if !(outputs.isEmpty || (outputs.count == 1 && outputs[0].type == .bytes)) {
                throw error(.syntax, "fallback returns nothing or a single bytes value", at: returnsAt ?? listStart)
            }
            if inputs.isEmpty != outputs.isEmpty {
                throw error(.syntax, "fallback takes bytes and returns bytes, or neither", at: returnsAt ?? listStart)
            }
            return .fallback(ABIFallback(stateMutability: mutability ?? .nonpayable))
        case .receive:
            if !inputs.isEmpty {
                throw error(.syntax, "receive takes no parameters", at: listStart)
            }
            return .receive
        }
    }

    func expectedAfterParameters(_ kind: FragmentKind) -> String {
        switch kind {
        case .function: return "a modifier (external, view, payable…), 'returns' or the end of the signature"
        case .event: return "'anonymous' or the end of the signature"
        case .error: return "the end of the signature"
        case .constructor: return "'payable' or the end of the signature"
        case .fallback: return "'external', 'payable', 'returns' or the end of the signature"
        case .receive: return "'external payable' or the end of the signature"
        }
    }

    /// Skips `(A, B.C)` after `override`, if present.
    mutating func skipOverrideList() throws(ABISyntaxError) {
        var look = self
        look.skipSpace()
        guard look.peek == UInt8(ascii: "(") else { return }
        self = look
        pos += 1
        while true {
            skipSpace()
            guard readIdentifier() != nil else { throw unexpected(expected: "a contract name", at: pos) }
            while peek == UInt8(ascii: ".") {
                pos += 1
                guard readIdentifier() != nil else { throw unexpected(expected: "a contract name", at: pos) }
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { pos += 1; continue }
            if peek == UInt8(ascii: ")") { pos += 1; return }
            throw unexpected(expected: "',' or ')'", at: pos)
        }
    }

    /// Refuses an empty name or a type name used as an entry name.
    func checkEntryName(_ name: String, at offset: Int) throws(ABISyntaxError) {
        if name.isEmpty { throw unexpected(expected: "a name", at: offset) }
        if Self.isTypeLikeWord(name) && name != "error" {
            throw error(.invalidName, "'\(name)' is a type and cannot name an entry", at: offset)
        }
    }

    /// Parses a parameter list, recording where each parameter starts.
    mutating func parseParameterList(_ context: Context, offsets: inout [Int]) throws(ABISyntaxError) -> [ABIParameter] {
        try expect(UInt8(ascii: "("), what: "'('")
        skipSpace()
        if peek == UInt8(ascii: ")") { pos += 1; return [] }
        var params: [ABIParameter] = []
        while true {
            skipSpace()
            offsets.append(pos)
            params.append(try parseParameter(context))
            skipSpace()
            if peek == UInt8(ascii: ",") { pos += 1; continue }
            if peek == UInt8(ascii: ")") { pos += 1; break }
            throw unexpected(expected: "',' or ')'", at: pos)
        }
        return params
    }
}

/// "a function", "an event", "an error".
func signatureArticle(_ word: String) -> String {
    guard let first = word.first else { return word }
    return ("aeiou".contains(first) ? "an " : "a ") + word
}
