import Audit
import EthereumPrimitives
import Testing
import Transactions

/// `AuditInputReader.read(lines:)`, which decodes raw transactions two at a time, reads every
/// line as `read(line:)` does: the same lines for a mix of raw transactions, JSON lines, blank
/// lines and spaces, and the same first error wherever a bad line stands.
@Suite struct AuditInputBatchTests {
    static func lines() throws -> [String] {
        var raws: [String] = []
        for name in ["demo", "eoa-simple", "eip7702-batch"] {
            raws += try AF.built(name).1.map(\.signed.rawHex)
        }
        let t = try AF.built("demo").1[0].signed
        let json = #"{"id":"a","nonce":"0","hash":"\#(t.hash.hex)","from":"\#(t.sender.checksummed)","type":2,"raw":"\#(t.rawHex)"}"#
        var out: [String] = []
        for (k, raw) in raws.enumerated() {
            out.append(k % 3 == 1 ? "  \(raw)\t" : raw)
            if k == 2 { out.append("") }
            if k == 4 { out.append(json) }
        }
        return out
    }

    static func readOneByOne(_ lines: [String]) -> Result<[AuditInputLine?], AuditError> {
        Result { () throws(AuditError) in
            try lines.enumerated().map { (k, l) throws(AuditError) in try AuditInputReader.read(line: Array(l.utf8)[...], number: k + 1, source: "x") }
        }
    }

    static func readInPairs(_ lines: [String]) -> Result<[AuditInputLine?], AuditError> {
        let bytes = lines.map { Array($0.utf8) }
        return Result { () throws(AuditError) in
            try AuditInputReader.read(lines: bytes.enumerated().map { ($0.element[...], $0.offset + 1) }, source: "x")
        }
    }

    @Test func sameLines() throws {
        let lines = try Self.lines()
        let pairs = Self.readInPairs(lines)
        #expect(pairs == Self.readOneByOne(lines))
        #expect((try? pairs.get())?.compactMap { $0 }.count == lines.filter { !$0.isEmpty }.count)
    }

    @Test func sameFirstError() throws {
        let lines = try Self.lines()
        let raw = lines[0]
        let bad = [String(raw.dropLast(2)), raw.replacingOccurrences(of: "f", with: "g"), "0x", "{\"raw\":1}", "02c0"]
        for position in 0...lines.count {
            for b in bad {
                var mixed = lines
                mixed.insert(b, at: position)
                let expected = Self.readOneByOne(mixed)
                guard case .failure = expected else {
                    Issue.record("\(b) at \(position) was read")
                    continue
                }
                #expect(Self.readInPairs(mixed) == expected, "\(b) at \(position)")
            }
        }
    }
}
