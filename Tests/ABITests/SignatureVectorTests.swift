import ABI
import BallastJSON
import Testing

/// vectors/abi_sig.json: canonical signatures, selectors and topics from eth-utils / eth-abi, for
/// human-readable and canonical texts and the equivalent JSON ABI entries.
@Suite struct SignatureVectorTests {
    static func hex(_ b: [UInt8]) -> String { "0x" + b.map { String(format: "%02x", $0) }.joined() }

    @Test func functions() throws {
        let doc = try SigVectors.load("abi_sig.json")
        let vectors = SigVectors.array(doc["functions"])
        #expect(vectors.count >= 300)
        for v in vectors {
            guard let human = SigVectors.string(v["human"]), let canonical = SigVectors.string(v["canonical"]),
                  let selector = SigVectors.string(v["selector"]), let json = v["json"] else {
                Issue.record("malformed vector \(v.compact)"); continue
            }
            let f = try ABIFunction(parsing: human)
            #expect(f.canonicalSignature == canonical, "\(human)")
            #expect(Self.hex(f.selector) == selector, "\(human)")
            // The canonical text alone gives the same signature and selector.
            let c = try ABIFunction(parsing: canonical)
            #expect(c.canonicalSignature == canonical && c.selector == f.selector)
            // The JSON ABI entry reads to the same function: names, tuple components, mutability.
            let fromJSON = try JSONABI(json: .array([json]))
            #expect(fromJSON.functions == [f], "\(human)")
            // The printers round-trip.
            #expect(try ABIFunction(parsing: f.humanReadable) == f, "\(f.humanReadable)")
            #expect(try JSONABI(json: fromJSON.jsonValue) == fromJSON)
            for p in f.inputs + f.outputs {
                #expect(p.componentsMatchType)
                #expect(p.type.isValid)
                #expect(ABIType(canonical: p.type.canonical) == p.type)
            }
        }
    }

    @Test func events() throws {
        let doc = try SigVectors.load("abi_sig.json")
        let vectors = SigVectors.array(doc["events"])
        #expect(vectors.count >= 80)
        for v in vectors {
            guard let human = SigVectors.string(v["human"]), let canonical = SigVectors.string(v["canonical"]),
                  let topic = SigVectors.string(v["topic0"]), let json = v["json"] else {
                Issue.record("malformed vector \(v.compact)"); continue
            }
            let e = try ABIEvent(parsing: human)
            #expect(e.canonicalSignature == canonical, "\(human)")
            #expect(e.topic0Hex == topic, "\(human)")
            #expect(try ABIEvent(parsing: canonical).topic0 == e.topic0)
            let fromJSON = try JSONABI(json: .array([json]))
            if human == canonical {
                // A canonical text carries neither names nor indexed flags.
                #expect(fromJSON.events.map(\.canonicalSignature) == [canonical])
            } else {
                #expect(fromJSON.events == [e], "\(human)")
            }
            #expect(try ABIEvent(parsing: e.humanReadable) == e)
            #expect(try JSONABI(json: fromJSON.jsonValue) == fromJSON)
        }
    }

    @Test func errors() throws {
        let doc = try SigVectors.load("abi_sig.json")
        let vectors = SigVectors.array(doc["errors"])
        #expect(vectors.count >= 60)
        for v in vectors {
            guard let human = SigVectors.string(v["human"]), let canonical = SigVectors.string(v["canonical"]),
                  let selector = SigVectors.string(v["selector"]), let json = v["json"] else {
                Issue.record("malformed vector \(v.compact)"); continue
            }
            let e = try ABIErrorDefinition(parsing: human)
            #expect(e.canonicalSignature == canonical, "\(human)")
            #expect(e.selectorHex == selector, "\(human)")
            let fromJSON = try JSONABI(json: .array([json]))
            #expect(fromJSON.errors == [e], "\(human)")
            #expect(try ABIErrorDefinition(parsing: e.humanReadable) == e)
        }
    }
}
