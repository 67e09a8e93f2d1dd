import ABI
import Audit
@testable import BallastCLI
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

/// The multi-threaded paths — `tx sign --jobs N`, `plan build` signing on several threads, and
/// audits sharing one `Auditor` across threads — run in this test process, so that
/// `make sanitize` (ThreadSanitizer, AddressSanitizer) instruments them: the CLI tests run the
/// `ballast` binary as a child process, which a sanitizer only sees through its exit status.
/// Each parallel result must equal the single-threaded one and the independent reference.
@Suite struct ParallelPathTests {
    static func batchVectors() throws -> (text: String, key: String, raws: [String]) {
        let data = try Data(contentsOf: Vectors.project("tx_batch.json"))
        let json = try JSONValue.parse(bytes: Array(data))
        guard case .object(let fields) = json else { throw Failure("tx_batch.json is not an object") }
        func field(_ name: String) -> JSONValue? { fields.first { $0.key == name }?.value }
        guard case .string(let text)? = field("text"), case .string(let key)? = field("key"),
              case .array(let list)? = field("raws")
        else { throw Failure("tx_batch.json: missing text, key or raws") }
        let raws = list.compactMap { v -> String? in if case .string(let s) = v { return s } else { return nil } }
        return (text, key, raws)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func signer(_ hex: String) throws -> PrivateKeySigner {
        try PrivateKeySigner(privateKey: PrivateKey(bytes: TestHex.decode(hex) ?? []))
    }

    /// eth-account's 240-line batch (vectors/tx_batch.json), four times over (960 lines, 30
    /// blocks of `Parallel.blockSize`): parsed and signed on `jobs` threads, it gives exactly
    /// eth-account's raw transactions, in order.
    @Test(arguments: [1, 2, 3, 4, 8])
    func txSignBatchMatchesEthAccount(jobs: Int) throws {
        let (text, key, raws) = try Self.batchVectors()
        #expect(raws.count == 240)
        let input = String(repeating: text.hasSuffix("\n") ? text : text + "\n", count: 4)
        let batch = TxBatch(bytes: Array(input.utf8))
        var transactions = try batch.parse(allowUnprotected: false, chainId: nil, jobs: jobs)
        #expect(transactions.count == 960 && transactions.allSatisfy { $0 != nil })
        let signed = try TxBatch.sign(&transactions, lineNumbers: batch.lineNumbers, with: try Self.signer(key), jobs: jobs)
        #expect(signed == raws + raws + raws + raws)
        #expect(transactions.allSatisfy { $0 == nil })
    }

    /// Two bad lines in different blocks, parsed on several threads: the error is always the
    /// first bad line's, whichever thread finds which first.
    @Test(arguments: [2, 4, 8])
    func txSignNamesTheFirstBadLineWithAnyJobs(jobs: Int) throws {
        let good = #"{"chainId":1,"nonce":0,"to":"0x5555555555555555555555555555555555555555","gas":21000,"gasPrice":1}"#
        let bad = #"{"chainId":1,"nonce":0,"to":"0x5555555555555555555555555555555555555555","gas":20999,"gasPrice":1}"#
        var lines = [String](repeating: good, count: 400)
        lines[137] = bad
        lines[330] = "{"
        let batch = TxBatch(bytes: Array(lines.joined(separator: "\n").utf8))
        for _ in 0..<5 {
            do {
                _ = try batch.parse(allowUnprotected: false, chainId: nil, jobs: jobs)
                Issue.record("a batch with bad lines parsed")
            } catch let error as CLIError {
                #expect(error.code == "gas_below_intrinsic")
                #expect(error.location == "line 138: gas")
            }
        }
    }

    /// `Parallel.forEach` visits every index exactly once on any number of threads, and reports
    /// the lowest failing index having run every index below it.
    @Test(arguments: [1, 2, 3, 7, 64])
    func parallelForEachVisitsEveryIndexOnce(jobs: Int) throws {
        let count = 10_000
        var hits = [Int](repeating: 0, count: count)
        try hits.withUnsafeMutableBufferPointer { buffer in
            let out = SendableBuffer(buffer)
            try Parallel.forEach(count: count, jobs: jobs) { i in out[i] += 1 }
        }
        #expect(hits.allSatisfy { $0 == 1 })

        struct Stop: Error { let index: Int }
        var ran = [Bool](repeating: false, count: count)
        do {
            try ran.withUnsafeMutableBufferPointer { buffer in
                let out = SendableBuffer(buffer)
                try Parallel.forEach(count: count, jobs: jobs) { i in
                    if i == 5_000 || i == 7_777 { throw Stop(index: i) }
                    out[i] = true
                }
            }
            Issue.record("no error")
        } catch let stop as Stop {
            #expect(stop.index == 5_000)
        }
        #expect(ran[0..<5_000].allSatisfy { $0 })
    }

    // MARK: plan build

    static let planAccountKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let abiDirectory = Vectors.projectRoot.appendingPathComponent("abi").path

    /// A plan of `count` harvest actions (one transaction each) on the executor.
    static func harvestPlan(_ count: Int) throws -> CompiledPlan {
        let actions = (0..<count).map {
            #"{"id":"h\#($0)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"#
        }
        let text = """
            {"version":1,"chainId":1,"account":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
             "execution":{"mode":"executor","executor":"0x1111111111111111111111111111111111111111"},"nonce":7,
             "fees":{"maxFeePerGas":"40gwei","maxPriorityFeePerGas":"1.5gwei"},"actions":[\(actions.joined(separator: ","))]}
            """
        return try Plan(parsing: text, options: PlanOptions(abiDirectory: abiDirectory)).compile()
    }

    /// `plan build` signing: 300 transactions on 2, 4 and 8 threads give the same bytes as one
    /// thread, each recovering to the plan's account with its own nonce.
    @Test func planSigningOnSeveralThreadsEqualsOneThread() throws {
        let compiled = try Self.harvestPlan(300)
        let signer = try Self.signer(Self.planAccountKey)
        let serial = try compiled.sign(with: signer, threads: 1).map(\.signed.encoded)
        #expect(serial.count == 300)
        for threads in [2, 4, 8] {
            let parallel = try compiled.sign(with: signer, threads: threads)
            #expect(parallel.map(\.signed.encoded) == serial, "threads: \(threads)")
            #expect(parallel.map(\.actionId) == (0..<300).map { "h\($0)" })
        }
        for (k, raw) in serial.enumerated() {
            let d = try SignedTransaction.decode(raw)
            #expect(d.sender == (try? Address(hex: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")))
            #expect(d.transaction.nonce == 7 + UInt64(k))
        }
    }

    /// Several plans compiled and signed at once on different threads (one shared signer, the
    /// process-wide libsecp256k1 context) give what each gives alone.
    @Test func plansSignedConcurrentlyEqualTheirSerialResults() throws {
        let compiled = try Self.harvestPlan(70)
        let signer = try Self.signer(Self.planAccountKey)
        let expected = try compiled.sign(with: signer, threads: 1).map(\.signed.encoded)
        let results = ConcurrentResults<[[UInt8]]>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.set(i, try? compiled.sign(with: signer, threads: 2).map(\.signed.encoded))
        }
        for i in 0..<4 { #expect(results.get(i) == expected, "thread \(i)") }
    }

    // MARK: audit

    /// One `Auditor` (a `Sendable` value: its decoder, the bundled ABIs) used by several threads
    /// at once: every thread's report of the signed demo build equals the serial report.
    @Test func auditorSharedAcrossThreadsGivesTheSerialReport() throws {
        let bytes = try [UInt8](Data(contentsOf: Vectors.projectRoot.appendingPathComponent("examples/demo.json")))
        let plan = try Plan(bytes: bytes, options: PlanOptions(abiDirectory: Self.abiDirectory))
        let compiled = try plan.compile()
        let signed = try compiled.sign(with: try Self.signer("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), threads: 1)
        var decoder = CallDecoder(plan: plan)
        decoder.followsBatches = true
        decoder.add(try SelectorBook(directory: Vectors.projectRoot.appendingPathComponent("abi")))
        let auditor = Auditor(decoder: decoder)
        let lines = signed.enumerated().map { AuditInputLine(input: .signed($1.signed), location: "line \($0 + 1)") }
        let expected = auditor.audit(lines, against: compiled).jsonValue.compact
        let results = ConcurrentResults<String>(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results.set(i, auditor.audit(lines, against: i % 2 == 0 ? compiled : nil).jsonValue.compact)
        }
        let plain = auditor.audit(lines).jsonValue.compact
        for i in 0..<8 { #expect(results.get(i) == (i % 2 == 0 ? expected : plain), "thread \(i)") }
    }
}

/// Results written by several threads, one slot each, under a lock.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value?) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
    func get(_ i: Int) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[i]
    }
}
