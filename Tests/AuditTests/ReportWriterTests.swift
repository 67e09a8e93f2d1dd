import ABI
@testable import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Testing
import Transactions

/// The report written as bytes (`ReportWriter`, what `ballast audit` prints) against the
/// `JSONValue` forms, and `--json-nested ref`.
struct ReportWriterTests {
    static let execTransaction = "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)"

    @Test(arguments: AF.signedExamples)
    func bytesAreTheJSONValueText(_ name: String) throws {
        let (compiled, signed) = try AF.built(name)
        let report = try AF.auditor(plan: compiled.plan).audit(AF.lines(signed.map(\.signed)), against: compiled)
        #expect(report.jsonText() == report.jsonValue.compact)
        guard case .array(let txs)? = report.jsonValue["transactions"] else {
            Issue.record("no transactions")
            return
        }
        #expect(txs.map(\.compact) == report.transactions.map(AuditReport.jsonText(of:)))
    }

    /// The report handed over in pieces is the whole report: JSON cut every few bytes, and the
    /// text line by line.
    @Test(arguments: AF.signedExamples)
    func piecesMakeTheWholeReport(_ name: String) throws {
        let (compiled, signed) = try AF.built(name)
        let report = try AF.auditor(plan: compiled.plan).audit(AF.lines(signed.map(\.signed)), against: compiled)
        var pieces: [[UInt8]] = []
        report.writeJSON(pieceBytes: 1) { pieces.append($0) }
        #expect(pieces.count > report.transactions.count)
        #expect(String(decoding: pieces.flatMap { $0 }, as: UTF8.self) == report.jsonValue.compact)
        var lines: [String] = []
        report.forEachTextLine(failOn: .high) { lines.append($0) }
        #expect(lines == report.textLines(failOn: .high))
        #expect(lines.last?.isEmpty == false)
    }

    /// Fees and values are written as `Units.formatAmount` prints them, without building it
    /// when they fit in 64 bits.
    @Test func amountsAreTheFormattedText() {
        var values: [UInt256] = [.zero, .one, UInt256(9), UInt256(10), .max, UInt256(UInt64.max), UInt256(UInt64.max) + .one]
        var x = UInt256.one
        for _ in 0..<22 {
            values += [x, x - .one, x + .one, x * UInt256(3) / UInt256(2), x / UInt256(7) * UInt256(5) + UInt256(3)]
            x = x * UInt256(10)
        }
        values += [UInt256(1_500_000_000), UInt256(40_000_000_000), UInt256(1_000_000_001), UInt256(123_456_789_012_345_678)]
        var wrong: [String] = []
        for v in values {
            for d in 0...25 {
                var w = ReportWriter()
                w.amount(v, decimals: d)
                let written = String(decoding: w.bytes, as: UTF8.self)
                if written != Units.formatAmount(v, decimals: d) { wrong.append("\(v.decimalString) at \(d): \(written)") }
            }
        }
        #expect(wrong == [])
    }

    @Test func escapesAsJSONValue() {
        let odd = "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f} é ✓"
        var w = ReportWriter()
        w.json(Finding(code: .audit(.approval), path: odd, message: odd))
        #expect(String(decoding: w.bytes, as: UTF8.self) == Finding(code: .audit(.approval), path: odd, message: odd).jsonValue.compact)
    }

    /// The eight-bytes-at-a-time scan agrees with a byte-by-byte one for every byte value at
    /// every position of strings of 0…24 bytes (over a background of other byte values), and the
    /// writer's output then matches `JSONValue`'s.
    @Test func escapeScanFindsEveryByteThatNeedsIt() {
        var wrong: [String] = []
        for background: UInt8 in [0x61, 0x21, 0x7F, 0xC3, 0xFF, 0x5B, 0x23] {
            for length in 0...24 {
                for position in 0..<max(length, 1) {
                    for value in 0...255 {
                        var bytes = [UInt8](repeating: background, count: length)
                        if length > 0 { bytes[position] = UInt8(value) }
                        let expected = bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
                        let found = bytes.withUnsafeBufferPointer { ReportWriter.needsEscape($0) }
                        if found != expected { wrong.append("\(bytes)") }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        for text in ["", "tx[0].calls[0]", "approve(address,uint256)", "0123456\"", "01234567\\x", "a\u{1f}bcdefghij", String(repeating: "é", count: 9)] {
            var w = ReportWriter()
            w.jsonString(text)
            #expect(String(decoding: w.bytes, as: UTF8.self) == JSONValue.string(text).compact)
        }
    }

    /// The demo's first transaction: executor `execute` → Aave `flashLoan` → six callback calls.
    static func demoCalldata() throws -> [UInt8] {
        try AF.built("demo").1[0].signed.transaction.input
    }

    /// A Safe's `execTransaction` → MultiSend (DELEGATECALL) → the demo's executor call and an
    /// approval.
    static func safeCalldata() throws -> [UInt8] {
        let approve = try AF.calldata("approve(address,uint256)", [AF.a(AF.pool), AF.u(5)])
        let batch = AuditorFindingTests.packed([(0, AF.executor, try demoCalldata()), (0, AF.usdc, approve)])
        let multiSend = try AF.calldata("multiSend(bytes)", [.bytes(batch)])
        return try AF.calldata(Self.execTransaction, [
            AF.a(AF.multiSend), AF.u(0), .bytes(multiSend), AF.u(1), AF.u(0), AF.u(0), AF.u(0),
            AF.a(.zero), AF.a(.zero), .bytes([]),
        ])
    }

    static func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    static func nodes(_ call: DecodedCall, depth: Int = 0) -> [(DecodedCall, Int)] {
        [(call, depth)] + call.calls.flatMap { nodes($0, depth: depth + 1) }
    }

    @Test(arguments: [("demo", AF.executor), ("safe", AF.safe)])
    func nestedReferencesShowEachCallsBytesOnce(_ which: String, _ to: Address) throws {
        let data = which == "demo" ? try Self.demoCalldata() : try Self.safeCalldata()
        let report = try AF.calldataReport(to: to, data)
        let top = report.transactions[0].calls[0]
        let all = Self.nodes(top)
        #expect(all.contains { $0.1 >= 2 }, "the tree is nested")
        #expect(!all.contains { $0.0.nestedCallsUndecoded })
        let plain = report.jsonText()
        let refs = report.jsonText(nestedCallReferences: true)
        for (call, depth) in all where depth > 0 {
            let hex = Hex.encode(call.data, prefix: false)
            // Once at most: a decoded call shows its arguments, an undecoded one its `data`.
            #expect(Self.occurrences(hex, in: refs) <= 1, "\(call.path)")
            // Without references, each enclosing call's arguments repeat it.
            #expect(Self.occurrences(hex, in: plain) >= depth, "\(call.path)")
            // Its path: at its node and once in its parent's arguments (findings name paths too).
            let calls = refs.components(separatedBy: #"],"findings":["#)[0]
            #expect(Self.occurrences("\"\(call.path)\"", in: calls) == 2, "\(call.path)")
        }
        // Every byte string of the output appears once.
        let strings = try #require(try? NSRegularExpression(pattern: "\"0x[0-9a-f]{66,}\""))
        let ns = refs as NSString
        let found = strings.matches(in: refs, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
        #expect(Set(found).count == found.count)
        #expect(refs.utf8.count < 2 * data.count)
        #expect(plain.utf8.count > 3 * data.count)
        // The references change nothing but the nested arguments.
        let parsedPlain = try JSONValue.parse(plain), parsedRefs = try JSONValue.parse(refs)
        guard case .array(let p)? = parsedPlain["transactions"], case .array(let r)? = parsedRefs["transactions"],
              case .array(let pc)? = p.first?["calls"], case .array(let rc)? = r.first?["calls"] else {
            Issue.record("no calls")
            return
        }
        #expect(parsedPlain["findings"] == parsedRefs["findings"])
        Self.expectSameButNested(pc[0], rc[0], top)
    }

    /// `plain` and `refs` are the same call node but for the argument holding nested calls.
    static func expectSameButNested(_ plain: JSONValue, _ refs: JSONValue, _ call: DecodedCall) {
        guard case .object(let a) = plain, case .object(let b) = refs else {
            Issue.record("\(call.path): not an object")
            return
        }
        #expect(a.map(\.key) == b.map(\.key), "\(call.path)")
        for (x, y) in zip(a, b) {
            switch x.key {
            case "args":
                guard case .array(let pa) = x.value, case .array(let ra) = y.value, pa.count == ra.count else {
                    Issue.record("\(call.path): args")
                    continue
                }
                for (k, (u, v)) in zip(pa, ra).enumerated() where k != call.nestedArgument {
                    #expect(u == v, "\(call.path) args[\(k)]")
                }
            case "calls":
                guard case .array(let pcs) = x.value, case .array(let rcs) = y.value, pcs.count == call.calls.count, rcs.count == call.calls.count else {
                    Issue.record("\(call.path): calls")
                    continue
                }
                for (k, child) in call.calls.enumerated() { expectSameButNested(pcs[k], rcs[k], child) }
            default:
                #expect(x.value == y.value, "\(call.path) \(x.key)")
            }
        }
    }
}
