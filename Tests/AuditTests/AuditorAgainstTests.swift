import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

/// `--against PLAN`: the built example passes; each mutated field is a finding of the right
/// severity, naming the field (and for data, the first differing call).
@Suite struct AuditorAgainstTests {
    struct Setup {
        let plan: Plan
        let compiled: CompiledPlan
        let signed: [SignedTransaction]
        let auditor: Auditor
    }

    static func setup(_ name: String) throws -> Setup {
        let (compiled, signed) = try AF.built(name)
        return Setup(plan: compiled.plan, compiled: compiled, signed: signed.map(\.signed), auditor: try AF.auditor(plan: compiled.plan))
    }

    static func against(_ s: Setup, _ txs: [SignedTransaction]) -> [Finding] {
        s.auditor.audit(AF.lines(txs), against: s.compiled).findings.filter { $0.code.isAgainstPlan }
    }

    /// Re-signs transaction `index` of the build after `change` (with `key`).
    static func mutated(_ s: Setup, _ index: Int, key: String = AF.devKey, _ change: (inout DynamicFeeTransaction) -> Void) throws -> [SignedTransaction] {
        var txs = s.signed
        guard case .dynamicFee(var t) = txs[index].transaction else {
            Issue.record("not a type-2 transaction")
            return txs
        }
        change(&t)
        txs[index] = try t.sign(with: try AF.signer(key))
        return txs
    }

    static func expectOne(_ findings: [Finding], field: String, severity: Severity, path: String = "tx[0]", sourceLocation: SourceLocation = #_sourceLocation) {
        let hits = findings.filter { $0.code == .audit(.againstMismatch) && $0.message.contains("\(field): expected") || ($0.code == .audit(.againstMismatch) && field == "data" && $0.message.contains("data differ")) }
        #expect(hits.count == 1, "\(field): \(findings)", sourceLocation: sourceLocation)
        #expect(hits.first?.severity == severity, sourceLocation: sourceLocation)
        #expect(hits.first?.path == path, sourceLocation: sourceLocation)
    }

    @Test func untouchedBuildHasNoHighFinding() throws {
        for name in AF.signedExamples {
            let s = try Self.setup(name)
            let report = s.auditor.audit(AF.lines(s.signed), against: s.compiled)
            #expect(!report.fails(at: .high), "\(name): \(report.findings)")
            #expect(report.findings.allSatisfy { !$0.code.isAgainstPlan })
        }
    }

    @Test func eachTransactionFieldMutated() throws {
        let s = try Self.setup("demo")
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.chainId = 10 }), field: "chainId", severity: .critical)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.nonce += 5 }), field: "nonce", severity: .high)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.to = AF.stranger }), field: "to", severity: .critical)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.value = UInt256(1) }), field: "value", severity: .critical)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.gasLimit += 1 }), field: "gas", severity: .high)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.maxFeePerGas = UInt256(41_000_000_000) }), field: "maxFeePerGas", severity: .high)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.maxPriorityFeePerGas = UInt256(2_000_000_000) }), field: "maxPriorityFeePerGas", severity: .high)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0) { $0.accessList = [AccessListEntry(address: AF.stranger)] }), field: "accessList", severity: .high)
        Self.expectOne(Self.against(s, try Self.mutated(s, 0, key: AF.otherKey) { _ in }), field: "from", severity: .critical)
    }

    @Test func typeMutated() throws {
        let s = try Self.setup("demo")
        guard case .dynamicFee(let t) = s.signed[0].transaction else { return }
        var txs = s.signed
        txs[0] = try AccessListTransaction(chainId: t.chainId, nonce: t.nonce, gasPrice: t.maxFeePerGas, gasLimit: t.gasLimit, to: t.to, value: t.value, input: t.input)
            .sign(with: try AF.signer())
        let found = Self.against(s, txs)
        Self.expectOne(found, field: "type", severity: .high)
        Self.expectOne(found, field: "gasPrice", severity: .high)
    }

    @Test func dataMutatedNamesTheFirstDifferingCall() throws {
        let s = try Self.setup("demo")
        // The swap's minimum output inside the flash loan's callback (tx[0].calls[0].calls[0].calls[4]).
        let tree = s.auditor.transactions(AF.lines(s.signed))[0].calls[0]
        let swap = tree.calls[0].calls[4]
        #expect(swap.function == "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))")
        let loan = tree.calls[0]
        var callback = loan.calls.map { AF.call($0.to, $0.data, value: $0.value) }
        guard case .tuple(var params) = swap.args[0] else {
            Issue.record("unexpected tree")
            return
        }
        params[5] = AF.u(1)
        callback[4] = AF.call(swap.to, try KnownFunction(ABIFunction(parsing: "function exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))")).encode([.tuple(params)]))
        var loanArgs = loan.args
        loanArgs[5] = .bytes(try ABIEncoder.encode([.array(callback)], as: [PlanFunctions.callListType]))
        let newLoan = try PlanFunctions.aaveFlashLoan.encode(loanArgs)
        let data = try AF.execute([AF.call(loan.to, newLoan)])
        let found = Self.against(s, try Self.mutated(s, 0) { $0.input = data })
        let hit = found.first { $0.message.contains("data differ") }
        #expect(hit?.severity == .critical)
        #expect(hit?.path == "tx[0].calls[0].calls[0].calls[4]")
        #expect(hit?.message.contains("argument 0") == true)
        #expect(found.count == 1, "\(found)")

        // A call appended to execute's list is named at its own path.
        var calls = tree.calls.map { AF.call($0.to, $0.data, value: $0.value) }
        calls.append(AF.call(AF.usdc, try AF.calldata("transfer(address,uint256)", [AF.a(AF.stranger), AF.u(1)])))
        let extra = try AF.execute(calls)
        let appended = Self.against(s, try Self.mutated(s, 0) { $0.input = extra })
        #expect(appended.first { $0.message.contains("data differ") }?.path == "tx[0].calls[0].calls[1]")
    }

    @Test func missingExtraAndReordered() throws {
        let s = try Self.setup("demo")
        let missing = Self.against(s, [s.signed[0]])
        #expect(missing.map(\.code) == [.audit(.againstMissingTransaction)])
        #expect(missing.first?.path == "tx[1]" && missing.first?.severity == .high)

        let extraTx = try AF.tx(to: AF.stranger, nonce: 44)
        let extra = Self.against(s, s.signed + [extraTx])
        #expect(extra.map(\.code) == [.audit(.againstExtraTransaction)])
        #expect(extra.first?.path == "tx[2]" && extra.first?.severity == .critical)

        let swapped = Self.against(s, [s.signed[1], s.signed[0]])
        #expect(swapped.contains { $0.path == "tx[0]" && $0.message.contains("nonce: expected 42, got 43") })
        #expect(swapped.contains { $0.severity == .critical })
    }

    @Test func authorizationMutated() throws {
        let s = try Self.setup("eip7702-batch")
        #expect(Self.against(s, s.signed).isEmpty)
        func withAuth(_ auth: UnsignedAuthorization, key: String = AF.devKey) throws -> [SignedTransaction] {
            var txs = s.signed
            guard case .setCode(var t) = txs[0].transaction else { return txs }
            t.authorizationList = [try auth.sign(with: try AF.signer(key))]
            txs[0] = try t.sign(with: try AF.signer())
            return txs
        }
        guard case .setCode(let t) = s.signed[0].transaction, let a = t.authorizationList.first else {
            Issue.record("no type-4 transaction")
            return
        }
        let path = "tx[0].authorizationList[0]"
        Self.expectOne(Self.against(s, try withAuth(UnsignedAuthorization(chainId: .zero, address: a.address, nonce: a.nonce))), field: "authorization chainId", severity: .critical, path: path)
        Self.expectOne(Self.against(s, try withAuth(UnsignedAuthorization(chainId: a.chainId, address: AF.stranger, nonce: a.nonce))), field: "authorization address", severity: .critical, path: path)
        Self.expectOne(Self.against(s, try withAuth(UnsignedAuthorization(chainId: a.chainId, address: a.address, nonce: a.nonce + 1))), field: "authorization nonce", severity: .high, path: path)
        Self.expectOne(Self.against(s, try withAuth(UnsignedAuthorization(chainId: a.chainId, address: a.address, nonce: a.nonce), key: AF.otherKey)), field: "authorization authority", severity: .critical, path: path)
    }

    @Test func calldataCannotBeProvenCompletely() throws {
        let s = try Self.setup("eoa-simple")
        let lines = s.signed.enumerated().map { k, t in
            AuditInputLine(input: .calldata(to: t.transaction.to ?? .zero, value: t.transaction.value, data: t.transaction.input, from: AF.account), location: "argument \(k + 1)")
        }
        let found = s.auditor.audit(lines, against: s.compiled).findings.filter { $0.code.isAgainstPlan }
        #expect(found.map(\.code) == Array(repeating: AnyFindingCode.audit(.againstUnverifiable), count: s.signed.count))
        #expect(found.first?.message.contains("nonce") == true)
    }

    @Test func safeModePlanIsRefused() throws {
        let plan = try AF.example("safe-batch")
        #expect(throws: AuditError.self) { try AuditAgainst.check(plan) }
        #expect((try? AuditAgainst.check(try AF.example("demo"))) != nil)
    }
}
