import ABI
import BallastJSON
import Testing

/// EIP-712 hashing against eth-account 0.14.0 (vectors/eip712.json), and rejections with JSON paths.
@Suite struct EIP712Tests {
    static func hex(_ b: [UInt8]?) -> String { "0x" + (b ?? []).map { String(format: "%02x", $0) }.joined() }

    @Test func referenceVectors() throws {
        let doc = try SigVectors.load("eip712.json")
        let vectors = SigVectors.array(doc["vectors"])
        #expect(vectors.count >= 55)
        for v in vectors {
            let name = SigVectors.string(v["name"]) ?? "?"
            guard let document = v["document"] else { Issue.record("no document in \(name)"); continue }
            let td = try EIP712.TypedData(json: document)
            #expect(td.encodeType(td.primaryType) == SigVectors.string(v["encodeType"]), "\(name)")
            #expect(Self.hex(td.typeHash(td.primaryType)) == SigVectors.string(v["typeHash"]), "\(name)")
            #expect(td.encodeType("EIP712Domain") == SigVectors.string(v["domainEncodeType"]), "\(name)")
            #expect(Self.hex(td.domainSeparator) == SigVectors.string(v["domainSeparator"]), "\(name)")
            #expect(Self.hex(td.structHash) == SigVectors.string(v["structHash"]), "\(name)")
            #expect(Self.hex(td.digest) == SigVectors.string(v["digest"]), "\(name)")
            // The same from text, and through the lower-level API.
            let again = try EIP712.TypedData(parsing: document.compact)
            #expect(again.digest == td.digest)
            #expect(try td.hashStruct(td.primaryType, td.message) == td.structHash)
            #expect(try td.hashStruct("EIP712Domain", td.domain) == td.domainSeparator)
            #expect(EIP712.digest(domainSeparator: td.domainSeparator, structHash: td.structHash) == td.digest)
            #expect(td.declaresDomainType == (document["types"]?["EIP712Domain"] != nil))
        }
    }

    /// A declared EIP712Domain is hashed as declared (its order, its extra fields).
    @Test func declaredDomains() throws {
        let doc = try SigVectors.load("eip712.json")
        let vectors = SigVectors.array(doc["declaredDomains"])
        #expect(vectors.count == 2)
        for v in vectors {
            let name = SigVectors.string(v["name"]) ?? "?"
            guard let document = v["document"] else { Issue.record("no document in \(name)"); continue }
            let td = try EIP712.TypedData(json: document)
            #expect(td.declaresDomainType)
            #expect(td.encodeType("EIP712Domain") == SigVectors.string(v["domainEncodeType"]), "\(name)")
            #expect(Self.hex(td.domainSeparator) == SigVectors.string(v["domainSeparator"]), "\(name)")
            #expect(Self.hex(td.structHash) == SigVectors.string(v["structHash"]), "\(name)")
            #expect(Self.hex(td.digest) == SigVectors.string(v["digest"]), "\(name)")
        }
    }

    @Test func mailExample() throws {
        let td = try EIP712.TypedData(parsing: Self.doc())
        #expect(Self.hex(td.domainSeparator) == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(Self.hex(td.digest) == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        #expect(td.encodeType("Mail") == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(td.encodeType("Person") == "Person(string name,address wallet)")
        #expect(td.encodeType("EIP712Domain") == "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
        #expect(td.encodeType("Nope") == nil && td.typeHash("Nope") == nil)
        #expect(!td.declaresDomainType)
        let data = try td.encodeData("Mail", td.message)
        #expect(data.count == 128)
        #expect(throws: EIP712Error.self) { try td.encodeData("Nope", td.message) }
        #expect(td.types["Mail"]?.map(\.type) == [.structure("Person"), .structure("Person"), .string])
        let parts = try EIP712.TypedData(types: try JSONValue.parse(Self.types()), primaryType: "Mail",
                                         domain: try JSONValue.parse(Self.domain), message: try JSONValue.parse(Self.message))
        #expect(parts.digest == td.digest)
        // Integers in any accepted form hash the same.
        for chainId in ["1", "\"1\"", "\"0x1\"", "\"0x0001\"", "\"001\""] {
            let d = Self.domain.replacingOccurrences(of: "\"chainId\":1", with: "\"chainId\":\(chainId)")
            #expect(try EIP712.TypedData(parsing: Self.doc(domain: d)).digest == td.digest, "\(chainId)")
        }
        // A lowercase address is the same address.
        let lower = Self.message.replacingOccurrences(of: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", with: "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")
        #expect(try EIP712.TypedData(parsing: Self.doc(message: lower)).digest == td.digest)
    }

    @Test func fieldTypes() throws {
        let td = try EIP712.TypedData(parsing: Self.single("uint8[][2]", "[[1,2],[]]"))
        #expect(td.types["V"]?.first?.type == .array(.array(.atomic(.uint(bits: 8)), count: nil), count: 2))
        #expect(td.types["V"]?.first?.typeName == "uint8[][2]")
        #expect(EIP712.FieldType.array(.structure("P"), count: 3).structName == "P")
        // Extreme integers.
        _ = try EIP712.TypedData(parsing: Self.single("int8", "-128"))
        _ = try EIP712.TypedData(parsing: Self.single("int8", "\"127\""))
        _ = try EIP712.TypedData(parsing: Self.single("int8", "\"0x7f\""))
        _ = try EIP712.TypedData(parsing: Self.single("uint256", "\"115792089237316195423570985008687907853269984665640564039457584007913129639935\""))
        _ = try EIP712.TypedData(parsing: Self.single("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819968"))
        _ = try EIP712.TypedData(parsing: Self.single("bytes", "\"0x\""))
        _ = try EIP712.TypedData(parsing: Self.single("bytes1", "\"0xFF\""))
    }

    // MARK: Documents

    static let person = #"[{"name":"name","type":"string"},{"name":"wallet","type":"address"}]"#
    static let mail = #"[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]"#
    static let domain = #"{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"}"#
    static let message = #"{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}"#

    static func types(person: String = person, mail: String = mail, extra: String = "") -> String {
        #"{"Person":\#(person),"Mail":\#(mail)\#(extra)}"#
    }

    static func doc(types: String = types(), primary: String = "\"Mail\"", domain: String = domain, message: String = message) -> String {
        #"{"types":\#(types),"primaryType":\#(primary),"domain":\#(domain),"message":\#(message)}"#
    }

    /// A one-field struct V { type v } with message { v: value } and an empty domain.
    static func single(_ type: String, _ value: String) -> String {
        #"{"types":{"V":[{"name":"v","type":"\#(type)"}]},"primaryType":"V","domain":{},"message":{"v":\#(value)}}"#
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let label: String
        let json: String
        let kind: EIP712Error.Kind
        let path: String
        var contains: String = ""
        var testDescription: String { label }
    }

    static let declaredDomain = #","EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}]"#

    static let bad: [Bad] = [
        Bad(label: "not an object", json: "[]", kind: .wrongKind, path: "$"),
        Bad(label: "missing types", json: #"{"primaryType":"Mail","domain":{},"message":{}}"#, kind: .missingField, path: "$", contains: "\"types\""),
        Bad(label: "missing message", json: #"{"types":{},"primaryType":"Mail","domain":{}}"#, kind: .missingField, path: "$", contains: "\"message\""),
        Bad(label: "types not object", json: doc(types: "[]"), kind: .wrongKind, path: "types"),
        Bad(label: "primaryType number", json: doc(primary: "1"), kind: .wrongKind, path: "primaryType"),
        Bad(label: "domain array", json: doc(domain: "[]"), kind: .wrongKind, path: "domain"),
        Bad(label: "undeclared primary", json: doc(primary: "\"Letter\""), kind: .primaryType, path: "primaryType"),
        Bad(label: "domain as primary", json: doc(types: types(extra: declaredDomain), primary: "\"EIP712Domain\""), kind: .primaryType, path: "primaryType"),
        Bad(label: "unknown type", json: doc(types: types(mail: #"[{"name":"from","type":"Persn"}]"#)), kind: .unknownType, path: "types.Mail[0].type", contains: "Persn"),
        Bad(label: "bare uint", json: single("uint", "1"), kind: .invalidType, path: "types.V[0].type", contains: "uint256"),
        Bad(label: "uint7", json: single("uint7", "1"), kind: .invalidType, path: "types.V[0].type", contains: "multiple of 8"),
        Bad(label: "bytes33", json: single("bytes33", "\"0x00\""), kind: .invalidType, path: "types.V[0].type"),
        Bad(label: "zero array", json: single("uint8[0]", "[]"), kind: .invalidType, path: "types.V[0].type", contains: "at least one element"),
        Bad(label: "spaced type", json: single("uint8 []", "[]"), kind: .invalidType, path: "types.V[0].type"),
        Bad(label: "tuple type", json: single("(uint8)", "[]"), kind: .invalidType, path: "types.V[0].type"),
        Bad(label: "cycle", json: doc(types: types(person: #"[{"name":"name","type":"string"},{"name":"wallet","type":"address"},{"name":"last","type":"Mail"}]"#)),
            kind: .cyclicType, path: "types.Person[2].type", contains: "Mail → Person → Mail"),
        Bad(label: "self through array", json: #"{"types":{"Node":[{"name":"kids","type":"Node[]"}]},"primaryType":"Node","domain":{},"message":{"kids":[]}}"#,
            kind: .cyclicType, path: "types.Node[0].type"),
        Bad(label: "duplicate field", json: doc(types: types(person: #"[{"name":"name","type":"string"},{"name":"name","type":"address"}]"#)),
            kind: .duplicateField, path: "types.Person[1].name"),
        Bad(label: "struct named address", json: doc(types: types(extra: #","address":[]"#)), kind: .invalidName, path: "types.address"),
        Bad(label: "bad struct name", json: doc(types: types(extra: #","My Type":[]"#)), kind: .invalidName, path: "types.My Type"),
        Bad(label: "bad field name", json: single("uint8", "1").replacingOccurrences(of: #""name":"v""#, with: #""name":"a-b""#), kind: .invalidName, path: "types.V[0].name"),
        Bad(label: "field without type", json: doc(types: types(person: #"[{"name":"name"}]"#)), kind: .missingField, path: "types.Person[0]"),
        Bad(label: "struct not array", json: doc(types: types(person: "{}")), kind: .wrongKind, path: "types.Person"),
        Bad(label: "missing field", json: doc(message: message.replacingOccurrences(of: #","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB""#, with: "")),
            kind: .missingField, path: "message.to", contains: "\"wallet\""),
        Bad(label: "unknown field", json: doc(message: message.replacingOccurrences(of: #""contents""#, with: #""extra":1,"contents""#)),
            kind: .unknownField, path: "message.extra"),
        Bad(label: "null struct", json: doc(message: message.replacingOccurrences(of: #""from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"}"#, with: #""from":null"#)),
            kind: .wrongKind, path: "message.from"),
        Bad(label: "bad checksum", json: doc(message: message.replacingOccurrences(of: "0xCD2a3d9F", with: "0xcD2a3d9F")),
            kind: .invalidAddress, path: "message.from.wallet", contains: "checksum"),
        Bad(label: "address without 0x", json: doc(message: message.replacingOccurrences(of: "0xCD2a3d9F", with: "CD2a3d9F")),
            kind: .invalidAddress, path: "message.from.wallet"),
        Bad(label: "short address", json: single("address", "\"0x1234\""), kind: .invalidAddress, path: "message.v"),
        Bad(label: "address number", json: single("address", "1"), kind: .wrongKind, path: "message.v"),
        Bad(label: "string number", json: doc(message: message.replacingOccurrences(of: #""Hello, Bob!""#, with: "5")),
            kind: .wrongKind, path: "message.contents"),
        Bad(label: "chainId text", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":"abc""#)),
            kind: .invalidInteger, path: "domain.chainId"),
        Bad(label: "chainId negative", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":-1"#)),
            kind: .integerRange, path: "domain.chainId"),
        Bad(label: "chainId fraction", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":1.5"#)),
            kind: .invalidInteger, path: "domain.chainId", contains: "fraction"),
        Bad(label: "chainId exponent", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":1e3"#)),
            kind: .invalidInteger, path: "domain.chainId"),
        Bad(label: "chainId bool", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":true"#)),
            kind: .wrongKind, path: "domain.chainId"),
        Bad(label: "chainId empty", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":"""#)),
            kind: .invalidInteger, path: "domain.chainId"),
        Bad(label: "chainId spaced", json: doc(domain: domain.replacingOccurrences(of: #""chainId":1"#, with: #""chainId":" 1""#)),
            kind: .invalidInteger, path: "domain.chainId"),
        Bad(label: "unknown domain key", json: doc(domain: domain.replacingOccurrences(of: #""version":"1""#, with: #""version":"1","foo":"x""#)),
            kind: .unknownField, path: "domain.foo"),
        Bad(label: "domain key not declared", json: doc(types: types(extra: declaredDomain), domain: domain.replacingOccurrences(of: #""version":"1""#, with: #""version":"1","salt":"0x00""#)),
            kind: .domainMismatch, path: "domain.salt"),
        Bad(label: "declared field missing", json: doc(types: types(extra: declaredDomain), domain: domain.replacingOccurrences(of: #""version":"1","#, with: "")),
            kind: .domainMismatch, path: "domain", contains: "\"version\""),
        Bad(label: "salt length", json: doc(domain: domain.replacingOccurrences(of: #""version":"1""#, with: #""version":"1","salt":"0x00""#)),
            kind: .bytesLength, path: "domain.salt", contains: "exactly 32"),
        Bad(label: "uint8 256", json: single("uint8", "256"), kind: .integerRange, path: "message.v", contains: "uint8"),
        Bad(label: "uint8 hex 0x100", json: single("uint8", "\"0x100\""), kind: .integerRange, path: "message.v"),
        Bad(label: "uint256 2^256", json: single("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639936"), kind: .integerRange, path: "message.v"),
        Bad(label: "uint negative string", json: single("uint64", "\"-1\""), kind: .integerRange, path: "message.v"),
        Bad(label: "int8 -129", json: single("int8", "-129"), kind: .integerRange, path: "message.v"),
        Bad(label: "int8 128", json: single("int8", "\"128\""), kind: .integerRange, path: "message.v"),
        Bad(label: "int8 0x80", json: single("int8", "\"0x80\""), kind: .integerRange, path: "message.v"),
        Bad(label: "int8 -0x1", json: single("int8", "\"-0x1\""), kind: .invalidInteger, path: "message.v", contains: "decimal"),
        Bad(label: "int256 huge", json: single("int256", "-57896044618658097711785492504343953926634992332820282019728792003956564819969"), kind: .integerRange, path: "message.v"),
        Bad(label: "int -0", json: single("int16", "\"-0\""), kind: .invalidInteger, path: "message.v"),
        Bad(label: "bool string", json: single("bool", "\"true\""), kind: .wrongKind, path: "message.v"),
        Bad(label: "bool number", json: single("bool", "1"), kind: .wrongKind, path: "message.v"),
        Bad(label: "bytes4 short", json: single("bytes4", "\"0xa9059c\""), kind: .bytesLength, path: "message.v", contains: "found 3"),
        Bad(label: "bytes4 long", json: single("bytes4", "\"0xa9059cbb00\""), kind: .bytesLength, path: "message.v"),
        Bad(label: "bytes odd", json: single("bytes", "\"0xabc\""), kind: .invalidHex, path: "message.v"),
        Bad(label: "bytes no prefix", json: single("bytes", "\"abcd\""), kind: .invalidHex, path: "message.v"),
        Bad(label: "bytes bad digit", json: single("bytes", "\"0xzz\""), kind: .invalidHex, path: "message.v"),
        Bad(label: "bytes number", json: single("bytes", "12"), kind: .wrongKind, path: "message.v"),
        Bad(label: "fixed array count", json: single("uint8[2]", "[1]"), kind: .arrayLength, path: "message.v", contains: "exactly 2"),
        Bad(label: "nested fixed array count", json: single("uint8[2][]", "[[1,2],[3]]"), kind: .arrayLength, path: "message.v[1]"),
        Bad(label: "array as object", json: single("uint8[]", "{}"), kind: .wrongKind, path: "message.v"),
        Bad(label: "element wrong", json: single("address[]", "[\"0x0000000000000000000000000000000000000000\", 7]"), kind: .wrongKind, path: "message.v[1]"),
        Bad(label: "message not object", json: doc(message: "[]"), kind: .wrongKind, path: "message"),
    ]

    @Test(arguments: bad) func rejections(_ c: Bad) {
        do {
            let td = try EIP712.TypedData(parsing: c.json)
            Issue.record("accepted, digest \(Self.hex(td.digest))")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.path.description == c.path, "\(error)")
            #expect(error.location == c.path)
            #expect(error.code == c.kind.rawValue)
            if !c.contains.isEmpty { #expect(error.message.contains(c.contains), "\(error.message)") }
        }
    }

    @Test func syntaxError() {
        do {
            _ = try EIP712.TypedData(parsing: #"{"types": }"#)
            Issue.record("accepted bad JSON")
        } catch {
            #expect(error.kind == .syntax && error.byteOffset == 10 && error.location == "byte 10")
        }
    }
}
