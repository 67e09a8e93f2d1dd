import ABI
import BallastJSON
import Foundation
import Testing
import TestSupport

/// JSON ABIs: the bundled abi/ folder against vectors/selectors.json (eth-utils), artifacts,
/// legacy keys, and rejections with JSON paths.
@Suite struct JSONABITests {
    static let abiFolder = Vectors.projectRoot.appendingPathComponent("abi")

    /// Every function, event and error of every bundled file, in order, against selectors.json.
    @Test func bundledFilesMatchSelectorVectors() throws {
        let doc = try SigVectors.load("selectors.json")
        guard case .object(let files)? = doc["files"] else { Issue.record("no files"); return }
        let loaded = try JSONABI.load(directory: Self.abiFolder)
        #expect(loaded.count == 32)
        #expect(loaded.map(\.name) == files.map(\.key).sorted())
        var checked = 0
        for (name, records) in files {
            let abi = try JSONABI.load(file: Self.abiFolder.appendingPathComponent(name))
            var ours: [(kind: String, name: String, signature: String, hash: String, mutability: String?)] = []
            for fragment in abi.fragments {
                switch fragment {
                case .function(let f): ours.append(("function", f.name, f.canonicalSignature, f.selectorHex, f.stateMutability.rawValue))
                case .event(let e): ours.append(("event", e.name, e.canonicalSignature, e.topic0Hex, nil))
                case .error(let e): ours.append(("error", e.name, e.canonicalSignature, e.selectorHex, nil))
                default: break
                }
            }
            let expected = SigVectors.array(records)
            #expect(ours.count == expected.count, "\(name)")
            for (o, r) in zip(ours, expected) {
                #expect(o.kind == SigVectors.string(r["kind"]), "\(name) \(o.signature)")
                #expect(o.name == SigVectors.string(r["name"]), "\(name) \(o.signature)")
                #expect(o.signature == SigVectors.string(r["signature"]), "\(name)")
                let hash = o.kind == "event" ? SigVectors.string(r["topic0"]) : SigVectors.string(r["selector"])
                #expect(o.hash == hash, "\(name) \(o.signature)")
                #expect(o.mutability == SigVectors.string(r["stateMutability"]), "\(name) \(o.signature)")
                if o.kind == "event" {
                    #expect(abi.events.first { $0.canonicalSignature == o.signature }?.anonymous == (SigVectors.bool(r["anonymous"]) ?? false))
                }
                checked += 1
            }
            // Every parameter's components mirror its type, and the human-readable form of every
            // entry parses back to the same entry (internalType aside).
            for fragment in abi.fragments {
                let again = try ABIFragment(parsing: fragment.humanReadable)
                #expect(again == Self.strippingInternalTypes(fragment), "\(fragment.humanReadable)")
            }
        }
        #expect(checked == 139)
    }

    static func strip(_ p: ABIParameter) -> ABIParameter {
        var q = p
        q.internalType = nil
        q.components = p.components.map(strip)
        return q
    }

    static func strippingInternalTypes(_ f: ABIFragment) -> ABIFragment {
        switch f {
        case .function(var x): x.inputs = x.inputs.map(strip); x.outputs = x.outputs.map(strip); return .function(x)
        case .event(var x): x.inputs = x.inputs.map(strip); return .event(x)
        case .error(var x): x.inputs = x.inputs.map(strip); return .error(x)
        case .constructor(var x): x.inputs = x.inputs.map(strip); return .constructor(x)
        default: return f
        }
    }

    @Test func entriesOfEveryKind() throws {
        let abi = try JSONABI(parsing: """
            [
              {"type":"constructor","inputs":[{"name":"owner","type":"address"}],"stateMutability":"payable"},
              {"type":"fallback","stateMutability":"nonpayable"},
              {"type":"receive","stateMutability":"payable"},
              {"name":"old","inputs":[],"outputs":[{"name":"","type":"uint256"}],"constant":true,"payable":false},
              {"type":"function","name":"pay","inputs":[],"outputs":[],"payable":true},
              {"type":"function","name":"plain","constant":false},
              {"type":"function","name":"both","inputs":[],"outputs":[],"stateMutability":"view","constant":true,"payable":false,"gas":1234},
              {"type":"event","name":"Deposit","inputs":[{"name":"dst","type":"address","indexed":true},{"name":"wad","type":"uint256","indexed":false}],"anonymous":false},
              {"type":"error","name":"Bad","inputs":[{"name":"orders","type":"tuple[2][]","internalType":"struct Order[2][]","components":[{"name":"maker","type":"address","internalType":"address"},{"name":"legs","type":"tuple[]","components":[{"name":"amount","type":"uint128"}]}]}]}
            ]
            """)
        #expect(abi.constructor == ABIConstructor(inputs: [ABIParameter(name: "owner", type: .address)], stateMutability: .payable))
        #expect(abi.fallback == ABIFallback(stateMutability: .nonpayable))
        #expect(abi.hasReceive)
        #expect(abi.functions.map(\.stateMutability) == [.view, .payable, .nonpayable, .view])
        #expect(abi.functions[0].outputs.map(\.type) == [.uint256])
        #expect(abi.events[0].inputs.map(\.indexed) == [true, false])
        let bad = abi.errors[0]
        #expect(bad.canonicalSignature == "Bad((address,(uint128)[])[2][])")
        #expect(bad.inputs[0].internalType == "struct Order[2][]")
        #expect(bad.inputs[0].components[1].components.map(\.name) == ["amount"])
        #expect(bad.humanReadable == "error Bad(tuple(address maker, tuple(uint128 amount)[] legs)[2][] orders)")
        #expect(abi.function(signature: "pay()")?.name == "pay")
        #expect(abi.function(selector: abi.functions[1].selector)?.name == "pay")
        #expect(abi.functions(named: "old").count == 1)
        #expect(abi.event(topic0: abi.events[0].topic0)?.name == "Deposit")
        #expect(abi.error(selector: bad.selector) == bad)
        // The writer round-trips.
        #expect(try JSONABI(json: abi.jsonValue) == abi)
        #expect(try JSONABI(parsing: abi.jsonValue.compact) == abi)
    }

    @Test func artifacts() throws {
        let entry = #"{"type":"function","name":"f","inputs":[{"name":"x","type":"uint256"}],"outputs":[],"stateMutability":"nonpayable"}"#
        let foundry = try JSONABI(parsing: #"{"abi":["# + entry + #"],"bytecode":{"object":"0x6080"},"methodIdentifiers":{"f(uint256)":"b3de648b"}}"#)
        #expect(foundry.functions.map(\.canonicalSignature) == ["f(uint256)"])
        #expect(foundry.functions[0].selectorHex == "0xb3de648b")
        let hardhat = try JSONABI(parsing: #"{"_format":"hh-sol-artifact-1","contractName":"C","sourceName":"C.sol","abi":["# + entry + #"],"bytecode":"0x"}"#)
        #expect(hardhat == foundry)
        do {
            _ = try JSONABI(parsing: #"{"abi":[{"type":"function","name":"f","inputs":[{"name":"x","type":"uint257"}]}]}"#)
            Issue.record("accepted uint257")
        } catch {
            #expect(error.kind == .invalidType)
            #expect(error.path.description == "abi[0].inputs[0].type")
            #expect(error.location == "abi[0].inputs[0].type")
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let json: String
        let kind: JSONABIError.Kind
        let path: String
        var contains: String = ""
        var testDescription: String { json }
    }

    static let fn = #"{"type":"function","name":"f","inputs":[],"outputs":[],"stateMutability":"nonpayable"}"#

    static let bad: [Bad] = [
        Bad(json: "[" + [fn, fn.replacingOccurrences(of: "\"f\"", with: "\"g\""), fn.replacingOccurrences(of: "\"f\"", with: "\"h\""),
                         #"{"type":"function","name":"k","inputs":[{"name":"a","type":"uint256"},{"name":"b","type":"tuple","components":[{"name":"x","type":"uint7"}]}]}"#].joined(separator: ",") + "]",
            kind: .invalidType, path: "[3].inputs[1].components[0].type", contains: "offset 4"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a"}]}]"#, kind: .missingField, path: "[0].inputs[0]", contains: "\"type\""),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple[]"}]}]"#, kind: .components, path: "[0].inputs[0]"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple","components":[]}]}]"#, kind: .components, path: "[0].inputs[0].components"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint8","components":[{"name":"x","type":"bool"}]}]}]"#, kind: .components, path: "[0].inputs[0].components"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"(uint256,bool)"}]}]"#, kind: .invalidType, path: "[0].inputs[0].type", contains: "\"tuple\" with \"components\""),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint256 "}]}]"#, kind: .invalidType, path: "[0].inputs[0].type", contains: "offset 7"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple(uint256)","components":[{"type":"bool"}]}]}]"#, kind: .invalidType, path: "[0].inputs[0].type"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint256[0]"}]}]"#, kind: .invalidType, path: "[0].inputs[0].type", contains: "at least one element"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"byte"}]}]"#, kind: .invalidType, path: "[0].inputs[0].type", contains: "bytes1"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":7}]}]"#, kind: .wrongKind, path: "[0].inputs[0].type"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a b","type":"bool"}]}]"#, kind: .invalidName, path: "[0].inputs[0].name"),
        Bad(json: #"[{"type":"function","name":"f","inputs":{}}]"#, kind: .wrongKind, path: "[0].inputs"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[3]}]"#, kind: .wrongKind, path: "[0].inputs[0]"),
        Bad(json: #"[{"type":"function","name":"f","stateMutability":"constant"}]"#, kind: .stateMutability, path: "[0].stateMutability"),
        Bad(json: #"[{"type":"function","name":"f","stateMutability":"view","constant":false}]"#, kind: .stateMutability, path: "[0].constant", contains: "contradicts"),
        Bad(json: #"[{"type":"function","name":"f","stateMutability":"nonpayable","payable":true}]"#, kind: .stateMutability, path: "[0].payable"),
        Bad(json: #"[{"type":"function","name":"f","constant":true,"payable":true}]"#, kind: .stateMutability, path: "[0].payable"),
        Bad(json: #"[{"type":"function","name":"f","constant":"yes"}]"#, kind: .wrongKind, path: "[0].constant"),
        Bad(json: #"[{"type":"constructor","stateMutability":"view"}]"#, kind: .stateMutability, path: "[0].stateMutability", contains: "nonpayable or payable"),
        Bad(json: #"[{"type":"receive","stateMutability":"nonpayable"}]"#, kind: .stateMutability, path: "[0].stateMutability"),
        Bad(json: #"[{"type":"modifier","name":"onlyOwner"}]"#, kind: .unknownEntry, path: "[0].type"),
        Bad(json: #"[{"type":"function","inputs":[]}]"#, kind: .missingField, path: "[0]", contains: "\"name\""),
        Bad(json: #"[{"type":"function","name":"1abc"}]"#, kind: .invalidName, path: "[0].name"),
        Bad(json: #"[{"type":"function","name":""}]"#, kind: .invalidName, path: "[0].name"),
        Bad(json: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"bool","indexed":true}]}]"#, kind: .indexed, path: "[0].inputs[0].indexed"),
        Bad(json: #"[{"type":"event","name":"E","inputs":[{"name":"a","type":"bool","indexed":true},{"name":"b","type":"bool","indexed":true},{"name":"c","type":"bool","indexed":true},{"name":"d","type":"bool","indexed":true}]}]"#, kind: .indexed, path: "[0].inputs[3].indexed"),
        Bad(json: #"[{"type":"event","name":"E","inputs":[{"name":"a","type":"tuple","components":[{"name":"x","type":"bool","indexed":true}]}]}]"#, kind: .indexed, path: "[0].inputs[0].components[0].indexed"),
        Bad(json: #"[{"type":"event","name":"E","anonymous":"no"}]"#, kind: .wrongKind, path: "[0].anonymous"),
        Bad(json: "[" + fn + "," + fn + "]", kind: .duplicate, path: "[1]", contains: "first at [0]"),
        Bad(json: #"[{"type":"receive","stateMutability":"payable"},{"type":"receive","stateMutability":"payable"}]"#, kind: .duplicate, path: "[1]"),
        Bad(json: #"{"contractName":"C"}"#, kind: .shape, path: "$"),
        Bad(json: #"{"abi":{}}"#, kind: .shape, path: "abi"),
        Bad(json: #""abi""#, kind: .shape, path: "$"),
        Bad(json: #"[1]"#, kind: .wrongKind, path: "[0]"),
        Bad(json: #"[{"type":3}]"#, kind: .wrongKind, path: "[0].type"),
    ]

    @Test(arguments: bad) func rejections(_ c: Bad) {
        do {
            let abi = try JSONABI(parsing: c.json)
            Issue.record("accepted: \(abi)")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.path.description == c.path, "\(error)")
            #expect(error.code == c.kind.rawValue)
            if !c.contains.isEmpty { #expect(error.message.contains(c.contains), "\(error.message)") }
        }
    }

    @Test func syntaxErrorsAndFiles() throws {
        do {
            _ = try JSONABI(parsing: #"[{"type":"function",}]"#)
            Issue.record("accepted bad JSON")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.byteOffset == 20)
            #expect(error.location == "byte 20")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-jsonabi-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint9"}]}]"#.utf8).write(to: dir.appendingPathComponent("b.json"))
        try Data("[]".utf8).write(to: dir.appendingPathComponent("a.json"))
        try Data("not an abi".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        do {
            _ = try JSONABI.load(directory: dir)
            Issue.record("accepted a bad file")
        } catch {
            #expect(error.file == "b.json")
            #expect(error.location == "b.json: [0].inputs[0].type")
            #expect(error.description.hasSuffix("(at b.json: [0].inputs[0].type)"))
        }
        do {
            _ = try JSONABI.load(file: dir.appendingPathComponent("missing.json"))
            Issue.record("read a missing file")
        } catch {
            #expect(error.kind == .io && error.file == "missing.json")
        }
        do {
            _ = try JSONABI.load(directory: dir.appendingPathComponent("nowhere"))
            Issue.record("listed a missing folder")
        } catch {
            #expect(error.kind == .io)
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("b.json"))
        let files = try JSONABI.load(directory: dir)
        #expect(files.map(\.name) == ["a.json"] && files[0].abi.fragments.isEmpty)
    }
}
