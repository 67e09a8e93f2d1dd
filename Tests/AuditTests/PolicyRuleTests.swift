import ABI
import Audit
import EthereumPrimitives
import Plan
import Testing
import Transactions

/// Calls and transactions built by hand for the rule tests.
enum PolicyFixture {
    static let executorText = "0x1111111111111111111111111111111111111111"
    static let otherText = "0x9999999999999999999999999999999999999999"
    static let delegateText = "0x3333333333333333333333333333333333333333"
    static let poolText = "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"
    static let usdcText = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
    static let wethText = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
    static let routerText = "0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"
    static let permit2Text = "0x000000000022D473030F116dDEE9F6B43aC78BA3"

    static func a(_ s: String) -> Address { Address(s) ?? .zero }
    static let executor = a(executorText), other = a(otherText), delegate = a(delegateText), pool = a(poolText)
    static let usdc = a(usdcText), weth = a(wethText), router = a(routerText), permit2 = a(permit2Text)

    static let permit2Approve = (try? ABIFunction(parsing: "function approve(address token, address spender, uint160 amount, uint48 expiration)")) ?? ABIFunction(name: "invalid")
    static let decoder = CallDecoder(extra: [permit2Approve])

    struct Call {
        var to: Address
        var value: UInt256 = .zero
        var data: [UInt8]
    }

    static func call(_ to: Address, _ f: KnownFunction, _ args: [ABIValue], value: UInt256 = .zero) -> Call {
        Call(to: to, value: value, data: (try? f.encode(args)) ?? [])
    }

    static func callList(_ calls: [Call]) -> ABIValue {
        .array(calls.map { .tuple([.address($0.to), .uint($0.value), .bytes($0.data)]) })
    }

    /// `pool.flashLoan(executor, [USDC], [1e6], [0], executor, abi.encode(calls), 0)`.
    static func flashLoan(_ calls: [Call]) -> Call {
        let params = (try? ABIEncoder.encode([callList(calls)], as: [PlanFunctions.callListType])) ?? []
        return flashLoan(params: params)
    }

    static func flashLoan(params: [UInt8]) -> Call {
        call(pool, PlanFunctions.aaveFlashLoan, [
            .address(executor), .array([.address(usdc)]), .array([.uint(UInt256(1_000_000))]), .array([.uint(.zero)]),
            .address(executor), .bytes(params), .uint(.zero),
        ])
    }

    /// A type-2 transaction on chain 1 from `executor`'s owner carrying `call` as its top-level call.
    static func transaction(_ c: Call, index: Int = 0, actionId: String? = nil) -> AuditedTransaction {
        AuditedTransaction(
            index: index, actionId: actionId, type: .dynamicFee, from: other, to: c.to, chainId: 1, nonce: 0, value: c.value,
            gasLimit: 100_000, maxFeePerGas: UInt256(1_000_000_000), maxPriorityFeePerGas: UInt256(1), data: c.data,
            calls: [decoder.decode(to: c.to, value: c.value, data: c.data, path: "tx[\(index)].calls[0]")])
    }

    /// `call` as the top-level call: at `tx[0].calls[0]`.
    static func top(_ c: Call) -> AuditedTransaction { transaction(c) }

    /// `call` inside a flash loan's callback: `executor.execute([pool.flashLoan(…, [call])])`, the
    /// call at `tx[0].calls[0].calls[0].calls[0]`.
    static func nested(_ c: Call) -> AuditedTransaction {
        let outer = call(executor, PlanFunctions.execute, [callList([flashLoan([c])])])
        return transaction(outer)
    }

    static let topPath = "tx[0].calls[0]"
    static let nestedPath = "tx[0].calls[0].calls[0].calls[0]"

    static func policy(_ members: String) throws -> SigningPolicy {
        try SigningPolicy.parse(Array(("{\"version\":1" + (members.isEmpty ? "" : "," + members) + "}").utf8))
    }

    /// Lets the nested wrappers (executor, pool, execute, flashLoan) through rules that list.
    static let wrappers = "\"\(executorText)\",\"\(poolText)\""
    static let wrapperFunctions = "\"execute((address,uint256,bytes)[])\",\"flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)\""
}

/// Each call rule tripped by a top-level call and by a call inside a flash loan's callback;
/// each transaction rule tripped by a transaction's own fields.
@Suite struct PolicyRuleTests {
    typealias F = PolicyFixture

    static let max = UInt256.max
    static let permit2Max = (UInt256(1) << 160) - UInt256(1)

    /// (name, policy members, the offending call, finding code)
    static let callCases: [(String, String, F.Call, AnyFindingCode)] = [
        ("targets", "\"targets\":[\(F.wrappers)]", F.call(F.other, PlanFunctions.report, []), .policy(.targetNotAllowed)),
        ("deniedTargets", "\"deniedTargets\":[\"\(F.otherText)\"]", F.call(F.other, PlanFunctions.report, []), .policy(.targetDenied)),
        ("maxValue", "\"maxValue\":\"1gwei\"", F.call(F.weth, PlanFunctions.wethDeposit, [], value: UInt256(2_000_000_000)), .policy(.valueTooHigh)),
        ("functions by signature", "\"functions\":[\(F.wrapperFunctions)]", F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(UInt256(1))]), .policy(.functionNotAllowed)),
        ("functions by selector", "\"functions\":[\"0x3f707e6b\",\"0xAB9C4B5D\"]", F.call(F.other, PlanFunctions.report, []), .policy(.functionNotAllowed)),
        ("deniedFunctions", "\"deniedFunctions\":[\"transfer(address,uint256)\"]", F.call(F.usdc, PlanFunctions.transfer, [.address(F.other), .uint(UInt256(1))]), .policy(.functionDenied)),
        ("deniedFunctions by selector of an undecodable call", "\"deniedFunctions\":[\"transfer(address,uint256)\"],\"unknownCalls\":\"allow\"",
         F.Call(to: F.usdc, data: [0xa9, 0x05, 0x9c, 0xbb, 1, 2, 3]), .policy(.functionDenied)),
        ("unknownCalls: unknown selector", "", F.Call(to: F.other, data: [0xde, 0xad, 0xbe, 0xef] + [UInt8](repeating: 0, count: 32)), .policy(.unknownCall)),
        ("unknownCalls: no selector", "", F.Call(to: F.other, data: [1, 2]), .policy(.unknownCall)),
        ("unknownCalls: flash loan whose callback does not decode", "", F.flashLoan(params: [1, 2, 3]), .policy(.unknownCall)),
        ("unlimited ERC-20 approval (default)", "", F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(max)]), .policy(.unlimitedApproval)),
        ("unlimited Permit2 approval (default)", "",
         F.Call(to: F.permit2, data: (try? ABIEncoder.encodeCall(selector: F.permit2Approve.selector, values: [.address(F.usdc), .address(F.pool), .uint(permit2Max), .uint(.zero)], parameters: F.permit2Approve.inputs)) ?? []),
         .policy(.unlimitedApproval)),
        ("approvals.spenders", "\"approvals\":{\"spenders\":[\"\(F.poolText)\"]}", F.call(F.usdc, PlanFunctions.approve, [.address(F.other), .uint(UInt256(5))]), .policy(.spenderNotAllowed)),
        ("approvals.maxAmount", "\"approvals\":{\"maxAmount\":\"100\"}", F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(UInt256(101))]), .policy(.approvalTooHigh)),
        ("approvals.maxAmount per token", "\"approvals\":{\"maxAmount\":{\"\(F.usdcText)\":\"100\"}}", F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(UInt256(101))]), .policy(.approvalTooHigh)),
        ("recipients", "\"recipients\":[\"\(F.executorText)\"]", F.call(F.usdc, PlanFunctions.transfer, [.address(F.other), .uint(UInt256(1))]), .policy(.recipientNotAllowed)),
        ("recipients in a swap's parameters", "\"recipients\":[\"\(F.executorText)\"]", F.call(F.router, PlanFunctions.exactInputSingle, [.tuple([
            .address(F.usdc), .address(F.weth), .uint(UInt256(500)), .address(F.other), .uint(UInt256(1)), .uint(UInt256(1)), .uint(.zero),
        ])]), .policy(.recipientNotAllowed)),
    ]

    @Test(arguments: callCases.indices)
    func callRuleAtTopLevel(_ i: Int) throws {
        let (name, members, call, code) = Self.callCases[i]
        let findings = try F.policy(members).evaluate([F.top(call)])
        #expect(findings.map(\.code) == [code], "\(name): \(findings)")
        #expect(findings.map(\.path) == [F.topPath], "\(name)")
        #expect(findings.allSatisfy { $0.severity == .high })
    }

    @Test(arguments: callCases.indices)
    func callRuleInAFlashLoanCallback(_ i: Int) throws {
        let (name, members, call, code) = Self.callCases[i]
        let findings = try F.policy(members).evaluate([F.nested(call)])
        #expect(findings.map(\.code) == [code], "\(name): \(findings)")
        #expect(findings.map(\.path) == [F.nestedPath], "\(name)")
    }

    @Test func callsThatPass() throws {
        let p = try F.policy("\"targets\":[\(F.wrappers),\"\(F.usdcText)\",\"\(F.wethText)\"],\"approvals\":{\"spenders\":[\"\(F.poolText)\"],\"maxAmount\":{\"\(F.usdcText)\":\"100\"}},\"recipients\":[\"\(F.executorText)\"]")
        for call in [
            // A revocation names any spender.
            F.call(F.usdc, PlanFunctions.approve, [.address(F.other), .uint(.zero)]),
            // The per-token bound does not apply to another token.
            F.call(F.weth, PlanFunctions.approve, [.address(F.pool), .uint(UInt256(1) << 100)]),
            F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(UInt256(100))]),
            F.call(F.usdc, PlanFunctions.transfer, [.address(F.executor), .uint(UInt256(7))]),
            // Plain value with no data is not a function call.
            F.Call(to: F.usdc, value: UInt256(1), data: []),
        ] {
            #expect(p.evaluate([F.top(call), F.nested(call)]).isEmpty, "\(call)")
        }
        // Permitted explicitly: unlimited approvals, unknown calls.
        let loose = try F.policy("\"approvals\":{\"unlimited\":true,\"maxAmount\":\"5\"},\"unknownCalls\":\"allow\"")
        #expect(loose.evaluate([F.top(F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(Self.max)]))]).isEmpty)
        #expect(loose.evaluate([F.top(F.Call(to: F.other, data: [1, 2, 3, 4, 5]))]).isEmpty)
        // A signature entry does not match a call whose arguments do not decode; a selector entry does.
        let bySignature = try F.policy("\"functions\":[\"transfer(address,uint256)\"],\"unknownCalls\":\"allow\"")
        let bySelector = try F.policy("\"functions\":[\"0xa9059cbb\"],\"unknownCalls\":\"allow\"")
        let broken = F.Call(to: F.usdc, data: [0xa9, 0x05, 0x9c, 0xbb, 1])
        #expect(bySignature.evaluate([F.top(broken)]).map(\.code) == [.policy(.functionNotAllowed)])
        #expect(bySelector.evaluate([F.top(broken)]).isEmpty)
    }

    @Test func everyViolationOfOneCallIsListed() throws {
        let p = try F.policy("\"targets\":[],\"deniedTargets\":[\"\(F.usdcText)\"],\"maxValue\":\"0\",\"functions\":[],\"approvals\":{\"spenders\":[],\"maxAmount\":\"1\"}")
        let call = F.call(F.usdc, PlanFunctions.approve, [.address(F.pool), .uint(Self.max)], value: UInt256(1))
        let findings = p.evaluate([F.top(call)])
        #expect(findings.map(\.code) == [
            .policy(.targetDenied), .policy(.targetNotAllowed), .policy(.valueTooHigh), .policy(.functionNotAllowed),
            .policy(.spenderNotAllowed), .policy(.unlimitedApproval), .policy(.approvalTooHigh),
        ])
    }

    // MARK: Transaction rules

    func tx(
        type: TransactionType? = .dynamicFee, from: Address? = PolicyFixture.other, to: Address? = PolicyFixture.usdc, chainId: UInt64? = 1,
        value: UInt256 = .zero, gas: UInt64? = 100_000, gasPrice: UInt256? = nil, maxFee: UInt256? = nil, tip: UInt256? = nil,
        authorizations: [AuditedAuthorization] = [], index: Int = 0, actionId: String? = nil
    ) -> AuditedTransaction {
        let data: [UInt8] = to == nil ? [0x60, 0x00] : []
        return AuditedTransaction(
            index: index, actionId: actionId, type: type, from: from, to: to, chainId: chainId, nonce: 0, value: value, gasLimit: gas,
            gasPrice: gasPrice, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, data: data, authorizations: authorizations,
            calls: to.map { [F.decoder.decode(to: $0, value: value, data: data, path: "tx[\(index)].calls[0]")] } ?? [])
    }

    func codes(_ members: String, _ txs: [AuditedTransaction]) throws -> [AnyFindingCode] {
        try F.policy(members).evaluate(txs).map(\.code)
    }

    @Test func chainIds() throws {
        let p = try F.policy("\"chainIds\":[1,10]")
        let wrong = p.evaluate([tx(chainId: 5)])
        #expect(wrong.map(\.code) == [.policy(.chainNotAllowed)] && wrong[0].severity == .critical && wrong[0].path == "tx[0]")
        #expect(wrong[0].message == "chainIds: chain 5 is not allowed (allowed: 1, 10)")
        let unprotected = p.evaluate([tx(type: .legacy, chainId: nil, gasPrice: UInt256(1))])
        #expect(unprotected.map(\.code) == [.policy(.chainNotAllowed)] && unprotected[0].message.contains("no chain id"))
        // Bare calldata (no type, no chain id): not a transaction's fields to check.
        #expect(p.evaluate([tx(type: nil, from: nil, chainId: nil, gas: nil)]).isEmpty)
        #expect(p.evaluate([tx(chainId: 10)]).isEmpty)
    }

    @Test func accounts() throws {
        let p = try F.policy("\"accounts\":[\"\(F.executorText)\"]")
        let f = p.evaluate([tx(from: F.other)])
        #expect(f.map(\.code) == [.policy(.accountNotAllowed)] && f[0].severity == .critical)
        #expect(p.evaluate([tx(from: F.executor)]).isEmpty && p.evaluate([tx(from: nil)]).isEmpty)
    }

    @Test func maxTransactionsAndTotalValue() throws {
        let three = (0..<3).map { tx(value: UInt256(1), index: $0) }
        let many = try F.policy("\"maxTransactions\":1").evaluate(three)
        #expect(many.map(\.code) == [.policy(.tooManyTransactions)] && many[0].path == "tx[1]")
        #expect(try codes("\"maxTransactions\":3", three).isEmpty)
        let total = try F.policy("\"maxTotalValue\":\"2\"").evaluate(three)
        #expect(total.map(\.code) == [.policy(.totalValueTooHigh)] && total[0].path == "tx[2]")
        #expect(total[0].message.contains("3 wei in total"))
        let overflow = try F.policy("\"maxTotalValue\":\"0x\(String(repeating: "f", count: 64))\"").evaluate([tx(value: .max), tx(value: UInt256(1), index: 1)])
        #expect(overflow.map(\.path) == ["tx[1]"])
    }

    /// Operator grants: setApprovalForAll(operator, true) and Morpho setAuthorization(x, true) are
    /// unlimited approvals of the target (refused by default, spender-checked); false revokes.
    @Test func operatorGrantsAreUnlimitedApprovals() throws {
        let forAll = try ABIFunction(parsing: "function setApprovalForAll(address operator, bool approved)")
        let authorize = try ABIFunction(parsing: "function setAuthorization(address authorized, bool newIsAuthorized)")
        let decoder = CallDecoder(extra: [forAll, authorize])
        func tx(_ f: ABIFunction, _ to: Address, _ who: Address, _ on: Bool) throws -> AuditedTransaction {
            let data = try ABIEncoder.encodeCall(selector: f.selector, values: [.address(who), .bool(on)], parameters: f.inputs)
            return AuditedTransaction(
                index: 0, type: .dynamicFee, from: F.other, to: to, chainId: 1, nonce: 0, gasLimit: 100_000,
                maxFeePerGas: UInt256(1), maxPriorityFeePerGas: UInt256(1), data: data,
                calls: [decoder.decode(to: to, value: .zero, data: data, path: "tx[0].calls[0]")])
        }
        let morpho = F.a("0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb")
        for (f, target) in [(forAll, F.weth), (authorize, morpho)] {
            let grant = try tx(f, target, F.router, true)
            let refused = try F.policy("").evaluate([grant])
            #expect(refused.map(\.code) == [.policy(.unlimitedApproval)], "\(f.name)")
            #expect(refused.first?.path == "tx[0].calls[0]")
            #expect(try F.policy("\"approvals\":{\"unlimited\":true}").evaluate([grant]).isEmpty)
            let spenders = try F.policy("\"approvals\":{\"unlimited\":true,\"spenders\":[\"\(F.poolText)\"]}").evaluate([grant])
            #expect(spenders.map(\.code) == [.policy(.spenderNotAllowed)])
            #expect(try F.policy("").evaluate([try tx(f, target, F.router, false)]).isEmpty)
        }
    }

    /// maxTotalFee: gas limit × maxFeePerGas (or gasPrice), summed in order, reported once where
    /// the sum passes the bound; 100,000 gas × 10 gwei = 0.001 ether a transaction here.
    @Test func maxTotalFee() throws {
        let gwei10 = UInt256(10_000_000_000)
        let three = [
            tx(maxFee: gwei10, tip: .zero),
            tx(type: .legacy, gasPrice: gwei10, index: 1),
            tx(maxFee: gwei10, tip: .zero, index: 2),
        ]
        #expect(try codes("\"maxTotalFee\":\"0.003 ether\"", three).isEmpty)
        let over = try F.policy("\"maxTotalFee\":\"0.0025 ether\"").evaluate(three)
        #expect(over.map(\.code) == [.policy(.totalFeeTooHigh)] && over[0].path == "tx[2]")
        #expect(over[0].message.contains("3000000000000000 wei"))
        #expect(try F.policy("\"maxTotalFee\":\"0.0015 ether\"").evaluate(three).map(\.path) == ["tx[1]"])
        // A product beyond 2^256 − 1 is over any bound, and a transaction without fees adds nothing.
        let huge = try F.policy("\"maxTotalFee\":\"0x\(String(repeating: "f", count: 64))\"").evaluate([tx(gas: .max, maxFee: .max, tip: .zero)])
        #expect(huge.map(\.code) == [.policy(.totalFeeTooHigh)] && huge[0].message.contains("more than 2^256"))
        #expect(try codes("\"maxTotalFee\":0", [tx()]).isEmpty)
        #expect(throws: PolicyError.self) { try F.policy("\"maxTotalFee\":\"1.5\"") }
    }

    @Test func gasAndFees() throws {
        #expect(try codes("\"maxGas\":99999", [tx(gas: 100_000)]) == [.policy(.gasTooHigh)])
        #expect(try codes("\"maxGas\":100000", [tx(gas: 100_000)]).isEmpty)
        #expect(try codes("\"maxFeePerGas\":\"30gwei\"", [tx(maxFee: UInt256(30_000_000_001))]) == [.policy(.feeTooHigh)])
        #expect(try codes("\"maxPriorityFeePerGas\":\"2gwei\"", [tx(maxFee: UInt256(1), tip: UInt256(2_000_000_001))]) == [.policy(.priorityFeeTooHigh)])
        #expect(try codes("\"maxGasPrice\":\"20gwei\"", [tx(type: .legacy, gasPrice: UInt256(20_000_000_001))]) == [.policy(.gasPriceTooHigh)])
        // maxFeePerGas bounds a legacy gas price when maxGasPrice is absent…
        let legacy = try F.policy("\"maxFeePerGas\":\"20gwei\"").evaluate([tx(type: .legacy, gasPrice: UInt256(20_000_000_001))])
        #expect(legacy.map(\.code) == [.policy(.gasPriceTooHigh)] && legacy[0].message.hasPrefix("maxFeePerGas: "))
        // …and not when it is given.
        #expect(try codes("\"maxFeePerGas\":\"20gwei\",\"maxGasPrice\":\"30gwei\"", [tx(type: .legacy, gasPrice: UInt256(25_000_000_000))]).isEmpty)
    }

    @Test func contractCreation() throws {
        let creation = tx(to: nil, value: UInt256(5))
        #expect(try codes("", [creation]) == [.policy(.contractCreation)])
        #expect(try codes("\"contractCreation\":true", [creation]).isEmpty)
        // A creation's value has no call to carry it: the transaction is checked.
        let f = try F.policy("\"contractCreation\":true,\"maxValue\":\"4\"").evaluate([creation])
        #expect(f.map(\.code) == [.policy(.valueTooHigh)] && f[0].path == "tx[0]")
    }

    @Test func authorizations() throws {
        let good = AuditedAuthorization(chainId: UInt256(1), address: F.delegate, nonce: 1, authority: F.executor)
        let p = try F.policy("\"chainIds\":[1],\"accounts\":[\"\(F.other)\",\"\(F.executor)\"],\"delegates\":[\"\(F.delegateText)\"]")
        #expect(p.evaluate([tx(type: .setCode, authorizations: [good])]).isEmpty)
        // No delegate is allowed unless listed.
        let none = try F.policy("").evaluate([tx(type: .setCode, authorizations: [good])])
        #expect(none.map(\.code) == [.policy(.delegateNotAllowed)] && none[0].path == "tx[0].authorizationList[0]" && none[0].severity == .high)
        var other = good
        other.address = F.other
        #expect(p.evaluate([tx(type: .setCode, authorizations: [good, other])]).map(\.path) == ["tx[0].authorizationList[1]"])
        var anyChain = good
        anyChain.chainId = .zero
        let any = p.evaluate([tx(type: .setCode, authorizations: [anyChain])])
        #expect(any.map(\.code) == [.policy(.authorizationAnyChain)] && any[0].severity == .critical)
        #expect(try F.policy("\"delegates\":[\"\(F.delegateText)\"],\"allowAnyChainAuthorization\":true").evaluate([tx(type: .setCode, authorizations: [anyChain])]).isEmpty)
        var chain5 = good
        chain5.chainId = UInt256(5)
        let wrongChain = p.evaluate([tx(type: .setCode, authorizations: [chain5])])
        #expect(wrongChain.map(\.code) == [.policy(.chainNotAllowed)] && wrongChain[0].severity == .critical)
        var stranger = good
        stranger.authority = F.delegate
        let signer = p.evaluate([tx(type: .setCode, authorizations: [stranger])])
        #expect(signer.map(\.code) == [.policy(.accountNotAllowed)] && signer[0].path == "tx[0].authorizationList[0]")
        // An unsigned (or unrecoverable) authorization has no authority to check.
        stranger.authority = nil
        #expect(p.evaluate([tx(type: .setCode, authorizations: [stranger])]).isEmpty)
    }

    @Test func messagesNameTheActionAndTheOrderIsStable() throws {
        let p = try F.policy("\"chainIds\":[10],\"targets\":[],\"maxGas\":1")
        let txs = [
            PolicyFixture.transaction(F.call(F.usdc, PlanFunctions.transfer, [.address(F.other), .uint(UInt256(1))]), index: 0, actionId: "pay-1"),
            PolicyFixture.transaction(F.call(F.weth, PlanFunctions.wethDeposit, []), index: 1),
        ]
        let f = p.evaluate(txs)
        #expect(f.map(\.path) == ["tx[0]", "tx[0]", "tx[0].calls[0]", "tx[1]", "tx[1]", "tx[1].calls[0]"])
        #expect(f[2].message == "action \"pay-1\": targets: calls \(F.usdcText), which is not an allowed target")
        #expect(f[5].message == "targets: calls \(F.wethText), which is not an allowed target")
        #expect(f.allSatisfy { if case .policy = $0.code { true } else { false } })
        #expect(SigningPolicy().evaluate([]).isEmpty)
    }
}
