import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

/// Every finding code tripped, and the same situation without the problem not tripping it.
@Suite struct AuditorFindingTests {
    static let approve = "approve(address,uint256)"
    static let exactInputSingle = "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))"

    static func swap(recipient: Address, minOut: UInt64 = 1) throws -> [UInt8] {
        try AF.calldata(exactInputSingle, [.tuple([
            AF.a(AF.weth), AF.a(AF.usdc), AF.u(500), AF.a(recipient), AF.u(1_000), AF.u(minOut), AF.u(0),
        ])])
    }

    @Test func everyCodeHasAStableSeverity() {
        let expected: [AnyFindingCode: Severity] = [
            .audit(.legacyWithoutChainId): .high, .audit(.contractCreation): .medium, .audit(.feeCapHigh): .medium,
            .audit(.inputMismatch): .critical, .audit(.delegation): .medium, .audit(.delegationUnknownDelegate): .critical, .audit(.authorizationAnyChain): .high,
            .audit(.authorizationChainMismatch): .medium, .audit(.authorizationInvalidSignature): .medium,
            .audit(.authorizationNonceMismatch): .medium, .audit(.valueTransfer): .info, .audit(.unknownFunction): .medium,
            .audit(.malformedArguments): .medium, .audit(.callsNotDecoded): .medium, .audit(.approval): .info,
            .audit(.unlimitedApproval): .medium, .audit(.allowanceLeft): .low, .audit(.recipientNotSender): .high, .audit(.flashLoanReceiverMismatch): .high,
            .audit(.flashLoanDebt): .medium, .audit(.noSlippageLimit): .high, .audit(.delegateCall): .high, .audit(.chainIdMixed): .medium,
            .audit(.senderMixed): .info, .audit(.nonceGap): .medium, .audit(.nonceReused): .high, .audit(.nonceOutOfOrder): .low,
            .audit(.duplicateTransaction): .low, .audit(.againstMissingTransaction): .high, .audit(.againstExtraTransaction): .critical,
            .audit(.againstMismatch): .high, .audit(.againstUnverifiable): .high, .audit(.safeSigner): .info,
            .audit(.safeSignaturesUnverified): .low, .audit(.safeSignatureInvalid): .high, .audit(.safeSignatureOrder): .high,
        ]
        #expect(Set(AuditCode.allCases.map(\.anyCode)) == Set(expected.keys))
        for c in AuditCode.allCases { #expect(c.severity == expected[c.anyCode], "\(c)") }
    }

    // MARK: Transactions

    @Test func legacyWithoutChainId() throws {
        let unprotected = try LegacyTransaction(chainId: nil, nonce: 0, gasPrice: UInt256(20_000_000_000), gasLimit: 21_000, to: AF.stranger)
            .sign(with: try AF.signer())
        let protected = try LegacyTransaction(chainId: 1, nonce: 0, gasPrice: UInt256(20_000_000_000), gasLimit: 21_000, to: AF.stranger)
            .sign(with: try AF.signer())
        let bad = try AF.audit([unprotected])
        #expect(bad.has(.audit(.legacyWithoutChainId), at: "tx[0]"))
        #expect(bad.fails(at: .high))
        #expect(bad.transactions[0].chainId == nil)
        #expect(!(try AF.audit([protected])).has(.audit(.legacyWithoutChainId)))
    }

    @Test func contractCreation() throws {
        let create = try AF.tx(to: nil, data: [0x60, 0x00, 0x60, 0x00, 0xf3], value: UInt256(5))
        let report = try AF.audit([create])
        #expect(report.has(.audit(.contractCreation), at: "tx[0]"))
        #expect(report.has(.audit(.valueTransfer), at: "tx[0]"))
        #expect(report.transactions[0].calls.isEmpty)
        #expect(!(try AF.audit([try AF.tx(to: AF.stranger)])).has(.audit(.contractCreation)))
    }

    @Test func feeCapHigh() throws {
        let high = try AF.tx(to: AF.stranger, maxFee: UInt256(1_000_000_000_001))
        let atLimit = try AF.tx(to: AF.stranger, maxFee: UInt256(1_000_000_000_000))
        #expect(try AF.audit([high]).has(.audit(.feeCapHigh), at: "tx[0]"))
        #expect(!(try AF.audit([atLimit])).has(.audit(.feeCapHigh)))
        let strict = Auditor(decoder: try AF.decoder(), options: AuditOptions(maxFeePerGas: UInt256(10_000_000_000)))
        #expect(strict.audit(AF.lines([atLimit])).has(.audit(.feeCapHigh)))
    }

    // MARK: Authorizations

    static func setCode(auths: [SignedAuthorization], nonce: UInt64 = 7, key: String = AF.devKey) throws -> SignedTransaction {
        try SetCodeTransaction(
            chainId: 1, nonce: nonce, maxPriorityFeePerGas: UInt256(1_000_000_000), maxFeePerGas: UInt256(20_000_000_000),
            gasLimit: 100_000, to: AF.account, authorizationList: auths
        ).sign(with: try AF.signer(key))
    }

    static func auth(chainId: UInt64 = 1, nonce: UInt64 = 8, key: String = AF.devKey, delegate: Address = AF.executor) throws -> SignedAuthorization {
        try UnsignedAuthorization(chainId: UInt256(chainId), address: delegate, nonce: nonce).sign(with: try AF.signer(key))
    }

    @Test func selfSponsoredDelegationIsOnlyADelegation() throws {
        var auditor = try AF.auditor()
        auditor.options.knownDelegates = [AF.executor]
        let report = auditor.audit(AF.lines([try Self.setCode(auths: [try Self.auth()])]))
        let path = "tx[0].authorizationList[0]"
        #expect(report.codes(atLeast: .low) == [.audit(.delegation)])
        #expect(report.finding(.audit(.delegation))?.path == path)
        #expect(report.finding(.audit(.delegation))?.message.contains(AF.executor.checksummed) == true)
        #expect(report.finding(.audit(.delegation))?.message.contains(AF.account.checksummed) == true)
        #expect(report.transactions[0].authorizations[0].authority == AF.account)
    }

    /// A delegate nobody vouches for (not the plan's executor, not in the chain's address book, not
    /// a policy's delegate) hands the account to unknown code: critical.
    @Test func delegationToAnUnknownDelegateIsCritical() throws {
        let tx = try Self.setCode(auths: [try Self.auth()])
        let path = "tx[0].authorizationList[0]"
        let unknown = try AF.audit([tx])
        #expect(unknown.has(.audit(.delegationUnknownDelegate), at: path))
        #expect(unknown.finding(.audit(.delegationUnknownDelegate))?.severity == .critical)
        #expect(unknown.finding(.audit(.delegationUnknownDelegate))?.message.contains(AF.executor.checksummed) == true)
        #expect(unknown.fails(at: .critical))

        var vouched = try AF.auditor()
        vouched.options.knownDelegates = [AF.executor]
        #expect(!vouched.audit(AF.lines([tx])).has(.audit(.delegationUnknownDelegate)))

        // An address of the chain's built-in book is known; clearing a delegation (address 0) is not a delegate.
        let pool = try #require(AddressBook.builtin(chainId: 1).protocols[.aaveV3])
        #expect(!(try AF.audit([try Self.setCode(auths: [try Self.auth(delegate: pool)])])).has(.audit(.delegationUnknownDelegate)))
        #expect(!(try AF.audit([try Self.setCode(auths: [try Self.auth(delegate: Address.zero)])])).has(.audit(.delegationUnknownDelegate)))
        // A chain-0 authorization is judged by the book of the transaction's chain.
        #expect(!(try AF.audit([try Self.setCode(auths: [try Self.auth(chainId: 0, delegate: pool)])])).has(.audit(.delegationUnknownDelegate)))
    }

    @Test func authorizationProblems() throws {
        let anyChain = try AF.audit([try Self.setCode(auths: [try Self.auth(chainId: 0)])])
        #expect(anyChain.has(.audit(.authorizationAnyChain), at: "tx[0].authorizationList[0]"))
        #expect(!anyChain.has(.audit(.authorizationChainMismatch)))

        let otherChain = try AF.audit([try Self.setCode(auths: [try Self.auth(chainId: 5)])])
        #expect(otherChain.has(.audit(.authorizationChainMismatch)))
        #expect(!otherChain.has(.audit(.authorizationAnyChain)))

        let wrongNonce = try AF.audit([try Self.setCode(auths: [try Self.auth(nonce: 7)])])
        #expect(wrongNonce.has(.audit(.authorizationNonceMismatch)))
        // Another authority's nonce is not known: not checked.
        let sponsored = try AF.audit([try Self.setCode(auths: [try Self.auth(nonce: 3, key: AF.otherKey)])])
        #expect(!sponsored.has(.audit(.authorizationNonceMismatch)))
        #expect(sponsored.finding(.audit(.delegation))?.message.contains(AF.other.checksummed) == true)

        let good = try Self.auth()
        // s above n/2: not a canonical signature, the EVM skips the authorization.
        let n = try UInt256(parsing: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        let broken = SignedAuthorization(chainId: good.chainId, address: good.address, nonce: good.nonce, yParity: good.yParity, r: good.r, s: n - good.s)
        let invalid = try AF.audit([try Self.setCode(auths: [broken])])
        #expect(invalid.has(.audit(.authorizationInvalidSignature)))
        #expect(invalid.transactions[0].authorizations[0].authority == nil)
        #expect(!(try AF.audit([try Self.setCode(auths: [good])])).has(.audit(.authorizationInvalidSignature)))
    }

    // MARK: Calls

    @Test func unknownFunctionAtTheTopAndUnderExecute() throws {
        let unknown: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0, 1]
        let top = try AF.calldataReport(to: AF.stranger, unknown)
        #expect(top.has(.audit(.unknownFunction), at: "tx[0].calls[0]"))
        #expect(top.transactions[0].calls[0].function == nil)

        let nested = try AF.calldataReport(to: AF.executor, try AF.execute([
            AF.call(AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), AF.u(5)])),
            AF.call(AF.stranger, unknown),
        ]))
        #expect(nested.has(.audit(.unknownFunction), at: "tx[0].calls[0].calls[1]"))
        #expect(!nested.has(.audit(.unknownFunction), at: "tx[0].calls[0]"))

        let short = try AF.calldataReport(to: AF.stranger, [0x01, 0x02])
        #expect(short.has(.audit(.unknownFunction)))
        // A plain transfer (no calldata) is not an unknown function.
        let plain = try AF.calldataReport(to: AF.stranger, [], value: UInt256(1))
        #expect(!plain.has(.audit(.unknownFunction)))
        #expect(plain.has(.audit(.valueTransfer), at: "tx[0].calls[0]"))
        let known = try AF.calldataReport(to: AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), AF.u(5)]))
        #expect(!known.has(.audit(.unknownFunction)))
    }

    @Test func unknownFunctionResolvedByExtraABI() throws {
        let data = try AF.calldata("frobnicate(uint256)", [AF.u(3)])
        #expect(try AF.calldataReport(to: AF.stranger, data).has(.audit(.unknownFunction)))
        var decoder = try AF.decoder()
        decoder.add([try ABIFunction(parsing: "function frobnicate(uint256 level)")])
        let report = Auditor(decoder: decoder).audit([AuditInputLine(input: .calldata(to: AF.stranger, value: .zero, data: data, from: nil), location: "x")])
        #expect(!report.has(.audit(.unknownFunction)))
        #expect(report.transactions[0].calls[0].function == "frobnicate(uint256)")
    }

    @Test func malformedArguments() throws {
        let full = try AF.calldata(Self.approve, [AF.a(AF.pool), AF.u(5)])
        let report = try AF.calldataReport(to: AF.usdc, Array(full.dropLast(3)))
        #expect(report.has(.audit(.malformedArguments), at: "tx[0].calls[0]"))
        #expect(!report.has(.audit(.unknownFunction)))
        #expect(!(try AF.calldataReport(to: AF.usdc, full)).has(.audit(.malformedArguments)))
    }

    static func aaveFlashLoan(receiver: Address, modes: UInt64 = 0, params: [UInt8]) throws -> [UInt8] {
        try PlanFunctions.aaveFlashLoan.encode([
            AF.a(receiver), .array([AF.a(AF.usdc)]), .array([AF.u(1_000)]), .array([AF.u(modes)]), AF.a(receiver), .bytes(params), AF.u(0),
        ])
    }

    static func callList(_ calls: [ABIValue]) throws -> [UInt8] {
        try ABIEncoder.encode([.array(calls)], as: [PlanFunctions.callListType])
    }

    @Test func flashLoanRules() throws {
        let inner = try Self.callList([AF.call(AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), AF.u(1_001)]))])
        let good = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.pool, try Self.aaveFlashLoan(receiver: AF.executor, params: inner))]))
        #expect(good.codes(atLeast: .low).isEmpty, "\(good.findings)")
        #expect(good.transactions[0].calls[0].calls[0].calls[0].path == "tx[0].calls[0].calls[0].calls[0]")

        let elsewhere = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.pool, try Self.aaveFlashLoan(receiver: AF.stranger, params: inner))]))
        #expect(elsewhere.has(.audit(.flashLoanReceiverMismatch), at: "tx[0].calls[0].calls[0]"))

        let debt = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.pool, try Self.aaveFlashLoan(receiver: AF.executor, modes: 2, params: inner))]))
        #expect(debt.has(.audit(.flashLoanDebt), at: "tx[0].calls[0].calls[0]"))

        let opaque = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.pool, try Self.aaveFlashLoan(receiver: AF.executor, params: [1, 2, 3]))]))
        #expect(opaque.has(.audit(.callsNotDecoded), at: "tx[0].calls[0].calls[0]"))
        #expect(!good.has(.audit(.callsNotDecoded)))
    }

    @Test func approvals() throws {
        let max = try AF.calldataReport(to: AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), .uint(.max)]))
        #expect(max.has(.audit(.unlimitedApproval), at: "tx[0].calls[0]"))
        let half = try AF.calldataReport(to: AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), .uint(UInt256.one << 255)]))
        #expect(half.has(.audit(.unlimitedApproval)))
        let bounded = try AF.calldataReport(to: AF.usdc, try AF.calldata(Self.approve, [AF.a(AF.pool), .uint((UInt256.one << 255) - UInt256.one)]))
        #expect(bounded.has(.audit(.approval)) && !bounded.has(.audit(.unlimitedApproval)))

        let permit2 = "approve(address,address,uint160,uint48)"
        let p2max = try AF.calldataReport(to: AF.permit2, try AF.calldata(permit2, [AF.a(AF.usdc), AF.a(AF.router), .uint((UInt256.one << 160) - UInt256.one), AF.u(0)]))
        #expect(p2max.has(.audit(.unlimitedApproval)))
        let p2 = try AF.calldataReport(to: AF.permit2, try AF.calldata(permit2, [AF.a(AF.usdc), AF.a(AF.router), AF.u(1_000), AF.u(0)]))
        #expect(p2.has(.audit(.approval)) && !p2.has(.audit(.unlimitedApproval)))
    }

    /// An approval before a call that may pull less (an exact-output swap, an Aave repay of
    /// 2^256 − 1, a Morpho repay by shares) must be reset to 0 after it in the same call list.
    @Test func allowanceLeft() throws {
        let exactOutputSingle = "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))"
        let swap = AF.call(AF.router, try AF.calldata(exactOutputSingle, [.tuple([
            AF.a(AF.usdc), AF.a(AF.weth), AF.u(500), AF.a(AF.executor), AF.u(1_000), AF.u(5_000), AF.u(0),
        ])]))
        let approve = { (spender: Address, amount: UInt64) in AF.call(AF.usdc, try AF.calldata(Self.approve, [AF.a(spender), AF.u(amount)])) }
        let left = try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.router, 5_000), swap]))
        #expect(left.has(.audit(.allowanceLeft), at: "tx[0].calls[0].calls[0]"), "\(left.findings)")
        #expect(left.finding(.audit(.allowanceLeft))?.severity == .low)
        #expect(left.finding(.audit(.allowanceLeft))?.message.contains("tx[0].calls[0].calls[1]") == true)
        let reset = try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.router, 5_000), swap, try approve(AF.router, 0)]))
        #expect(!reset.has(.audit(.allowanceLeft)))
        #expect(reset.findings.contains { $0.code == .audit(.approval) && $0.path == "tx[0].calls[0].calls[2]" && $0.message.hasPrefix("revokes") })
        // An exact-input swap pulls exactly its amount: nothing to reset.
        let exactIn = try AF.calldataReport(to: AF.executor, try AF.execute([
            AF.call(AF.weth, try AF.calldata(Self.approve, [AF.a(AF.router), AF.u(1_000)])), AF.call(AF.router, try Self.swap(recipient: AF.executor)),
        ]))
        #expect(!exactIn.has(.audit(.allowanceLeft)))
        // Multi-hop exact output: tokenIn is the last token of the (reversed) path.
        var path = AF.weth.bytes + [0, 0x01, 0xf4] + AF.usdc.bytes
        let multi = AF.call(AF.router, try AF.calldata("exactOutput((bytes,address,uint256,uint256))", [.tuple([.bytes(path), AF.a(AF.executor), AF.u(1), AF.u(5_000)])]))
        #expect(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.router, 5_000), multi])).has(.audit(.allowanceLeft)))
        path = AF.usdc.bytes + [0, 0x01, 0xf4] + AF.weth.bytes
        let otherToken = AF.call(AF.router, try AF.calldata("exactOutput((bytes,address,uint256,uint256))", [.tuple([.bytes(path), AF.a(AF.executor), AF.u(1), AF.u(5_000)])]))
        #expect(!(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.router, 5_000), otherToken]))).has(.audit(.allowanceLeft)))

        // Aave repay of the whole debt: the approval (maxAmount) must be reset; a repay of an amount need not.
        let repay = { (amount: UInt256) in AF.call(AF.pool, try AF.calldata("repay(address,uint256,uint256,address)", [AF.a(AF.usdc), .uint(amount), AF.u(2), AF.a(AF.executor)])) }
        let all = try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.pool, 5_000), try repay(.max)]))
        #expect(all.has(.audit(.allowanceLeft), at: "tx[0].calls[0].calls[0]"))
        #expect(!all.has(.audit(.unlimitedApproval)), "a repay of 2^256 − 1 is no approval")
        #expect(!(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.pool, 5_000), try repay(.max), try approve(AF.pool, 0)]))).has(.audit(.allowanceLeft)))
        #expect(!(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.pool, 5_000), try repay(UInt256(5_000))]))).has(.audit(.allowanceLeft)))
        // A new approval of the same spender before the pull replaces the first one.
        let replaced = try AF.calldataReport(to: AF.executor, try AF.execute([try approve(AF.pool, 7), try approve(AF.pool, 5_000), try repay(.max), try approve(AF.pool, 0)]))
        #expect(!replaced.has(.audit(.allowanceLeft)))

        // Morpho repay by shares.
        let morpho = AF.address("0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb")
        let market = ABIValue.tuple([AF.a(AF.usdc), AF.a(AF.weth), AF.a(AF.stranger), AF.a(AF.stranger), AF.u(860)])
        let byShares = AF.call(morpho, try AF.calldata("repay((address,address,address,address,uint256),uint256,uint256,address,bytes)", [market, AF.u(0), AF.u(77), AF.a(AF.executor), .bytes([])]))
        #expect(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(morpho, 5_000), byShares])).has(.audit(.allowanceLeft)))
        #expect(!(try AF.calldataReport(to: AF.executor, try AF.execute([try approve(morpho, 5_000), byShares, try approve(morpho, 0)]))).has(.audit(.allowanceLeft)))
    }

    @Test func recipients() throws {
        // Under execute, the executor and the sender are ours; anyone else is not.
        let own = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.router, try Self.swap(recipient: AF.executor))]))
        #expect(!own.has(.audit(.recipientNotSender)))
        let sender = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.router, try Self.swap(recipient: AF.account))]))
        #expect(!sender.has(.audit(.recipientNotSender)))
        let stranger = try AF.calldataReport(to: AF.executor, try AF.execute([AF.call(AF.router, try Self.swap(recipient: AF.stranger))]))
        #expect(stranger.has(.audit(.recipientNotSender), at: "tx[0].calls[0].calls[0]"))
        #expect(stranger.finding(.audit(.recipientNotSender))?.message.contains(AF.stranger.checksummed) == true)
        // SwapRouter02's address(1) means msg.sender.
        let special = try AF.calldataReport(to: AF.router, try Self.swap(recipient: AF.address("0x0000000000000000000000000000000000000001")))
        #expect(!special.has(.audit(.recipientNotSender)))
        // At the top level, only the sender is ours.
        let direct = try AF.calldataReport(to: AF.router, try Self.swap(recipient: AF.executor))
        #expect(direct.has(.audit(.recipientNotSender), at: "tx[0].calls[0]"))
        let withdraw = try AF.calldataReport(to: AF.pool, try AF.calldata("withdraw(address,uint256,address)", [AF.a(AF.weth), AF.u(1), AF.a(AF.stranger)]))
        #expect(withdraw.has(.audit(.recipientNotSender)))
        let transfer = try AF.calldataReport(to: AF.usdc, try AF.calldata("transfer(address,uint256)", [AF.a(AF.stranger), AF.u(1)]))
        #expect(transfer.has(.audit(.recipientNotSender)))
        // Without a known sender there is nothing to compare with.
        let unknownSender = try AF.calldataReport(to: AF.usdc, try AF.calldata("transfer(address,uint256)", [AF.a(AF.stranger), AF.u(1)]), from: nil)
        #expect(!unknownSender.has(.audit(.recipientNotSender)))
        let unknownUnderExecute = try AF.calldataReport(to: AF.executor, try AF.execute([
            AF.call(AF.usdc, try AF.calldata("transfer(address,uint256)", [AF.a(AF.account), AF.u(1)])),
        ]), from: nil)
        #expect(!unknownUnderExecute.has(.audit(.recipientNotSender)))
    }

    @Test func slippage() throws {
        let none = try AF.calldataReport(to: AF.router, try Self.swap(recipient: AF.account, minOut: 0))
        #expect(none.has(.audit(.noSlippageLimit), at: "tx[0].calls[0]"))
        let some = try AF.calldataReport(to: AF.router, try Self.swap(recipient: AF.account, minOut: 1))
        #expect(!some.has(.audit(.noSlippageLimit)))
    }

    // MARK: Batches

    static func packed(_ entries: [(op: UInt8, to: Address, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for e in entries {
            out.append(e.op)
            out += e.to.bytes
            out += UInt256.zero.bigEndianBytes32
            out += UInt256(UInt64(e.data.count)).bigEndianBytes32
            out += e.data
        }
        return out
    }

    @Test func multiSendNestedCallsAndDelegatecall() throws {
        let approve = try AF.calldata(Self.approve, [AF.a(AF.pool), AF.u(5)])
        let batch = Self.packed([(0, AF.usdc, approve), (1, AF.stranger, [0x12, 0x34, 0x56, 0x78])])
        let report = try AF.calldataReport(to: AF.multiSend, try AF.calldata("multiSend(bytes)", [.bytes(batch)]))
        let call = report.transactions[0].calls[0]
        #expect(call.function == "multiSend(bytes)")
        #expect(call.calls.count == 2)
        #expect(call.calls[0].function == Self.approve)
        #expect(call.calls[1].path == "tx[0].calls[0].calls[1]")
        #expect(call.calls[1].delegateCall)
        #expect(report.has(.audit(.delegateCall), at: "tx[0].calls[0].calls[1]"))
        #expect(!report.has(.audit(.delegateCall), at: "tx[0].calls[0].calls[0]"))
        #expect(call.jsonValue["calls"]?.compact.contains(#""operation":"delegatecall""#) == true)

        let truncated = try AF.calldataReport(to: AF.multiSend, try AF.calldata("multiSend(bytes)", [.bytes(Array(batch.dropLast(2)))]))
        #expect(truncated.has(.audit(.callsNotDecoded)))
        #expect(CallDecoder.multiSendEntries(Array(batch.dropLast(2))) == nil)
        #expect(CallDecoder.multiSendEntries([]).map(\.count) == 0)
    }

    @Test func multicall3AndRouterMulticallNest() throws {
        let approve = try AF.calldata(Self.approve, [AF.a(AF.pool), .uint(.max)])
        let aggregate = try AF.calldata("aggregate3((address,bool,bytes)[])", [.array([
            .tuple([AF.a(AF.usdc), .bool(false), .bytes(approve)]),
        ])])
        let report = try AF.calldataReport(to: AF.multicall3, aggregate)
        #expect(report.transactions[0].calls[0].calls.first?.function == Self.approve)
        #expect(report.has(.audit(.unlimitedApproval), at: "tx[0].calls[0].calls[0]"))

        let multicall = try AF.calldata("multicall(uint256,bytes[])", [AF.u(1_900_000_000), .array([.bytes(try Self.swap(recipient: AF.stranger))])])
        let router = try AF.calldataReport(to: AF.router, multicall)
        #expect(router.transactions[0].calls[0].calls.first?.to == AF.router)
        #expect(router.has(.audit(.recipientNotSender), at: "tx[0].calls[0].calls[0]"))

        // plan check's decoder does not follow batches: its output stays as it was.
        let plain = CallDecoder().decode(to: AF.multicall3, value: .zero, data: aggregate, path: "x")
        #expect(plain.calls.isEmpty)
    }

    // MARK: The batch

    @Test func chainsAndSenders() throws {
        let mixed = try AF.audit([try AF.tx(to: AF.stranger, nonce: 0), try AF.tx(to: AF.stranger, nonce: 1, chainId: 10)])
        #expect(mixed.has(.audit(.chainIdMixed), at: "tx[1]"))
        let same = try AF.audit([try AF.tx(to: AF.stranger, nonce: 0), try AF.tx(to: AF.stranger, nonce: 1)])
        #expect(same.codes(atLeast: .info).isEmpty, "\(same.findings)")

        let senders = try AF.audit([try AF.tx(to: AF.stranger, nonce: 0), try AF.tx(to: AF.stranger, nonce: 0, key: AF.otherKey)])
        #expect(senders.has(.audit(.senderMixed), at: "tx[1]"))
        #expect(!senders.has(.audit(.nonceReused)))
    }

    @Test func nonces() throws {
        let t0 = try AF.tx(to: AF.stranger, nonce: 0)
        let t1 = try AF.tx(to: AF.stranger, nonce: 1)
        let t1b = try AF.tx(to: AF.stranger, value: UInt256(1), nonce: 1)
        let t3 = try AF.tx(to: AF.stranger, nonce: 3)

        let gap = try AF.audit([t0, t1, t3])
        #expect(gap.has(.audit(.nonceGap), at: "tx[2]"))
        #expect(gap.finding(.audit(.nonceGap))?.message.contains("nonce 2 is missing") == true)

        let reused = try AF.audit([t0, t1, t1b])
        #expect(reused.has(.audit(.nonceReused), at: "tx[2]"))
        #expect(reused.fails(at: .high))

        let duplicate = try AF.audit([t0, t1, t1])
        #expect(duplicate.has(.audit(.duplicateTransaction), at: "tx[2]"))
        #expect(!duplicate.has(.audit(.nonceReused)))

        let order = try AF.audit([t1, t0])
        #expect(order.has(.audit(.nonceOutOfOrder), at: "tx[1]"))
        #expect(!order.has(.audit(.nonceGap)))

        let fine = try AF.audit([t0, t1])
        #expect(!fine.has(.audit(.nonceGap)) && !fine.has(.audit(.nonceReused)) && !fine.has(.audit(.nonceOutOfOrder)))

        // A self-sponsored type-4 transaction at n with its authorization at n + 1, then n + 2: no gap.
        let setCode = try Self.setCode(auths: [try Self.auth(nonce: 8)], nonce: 7)
        let next = try AF.tx(to: AF.account, nonce: 9)
        #expect(!(try AF.audit([setCode, next])).has(.audit(.nonceGap)))
        let skipped = try AF.tx(to: AF.account, nonce: 10)
        #expect(try AF.audit([setCode, skipped]).has(.audit(.nonceGap), at: "tx[1]"))
    }

    @Test func jsonlFieldsMustAgreeWithRaw() throws {
        let t = try AF.tx(to: AF.stranger, nonce: 4)
        func line(nonce: String, to: String) -> String {
            #"{"id":"a","nonce":"\#(nonce)","hash":"\#(t.hash.hex)","from":"\#(AF.account.checksummed)","to":\#(to),"type":2,"raw":"\#(t.rawHex)"}"#
        }
        let good = try AuditInputReader.read(Array(line(nonce: "4", to: "\"\(AF.stranger.checksummed)\"").utf8), source: "x")
        let goodReport = try AF.auditor().audit(good)
        #expect(!goodReport.has(.audit(.inputMismatch)))
        #expect(goodReport.transactions[0].actionId == "a")
        let badNonce = try AF.auditor().audit(try AuditInputReader.read(Array(line(nonce: "5", to: "\"\(AF.stranger.checksummed)\"").utf8), source: "x"))
        #expect(badNonce.has(.audit(.inputMismatch), at: "tx[0]"))
        #expect(badNonce.fails(at: .critical))
        let badTo = try AF.auditor().audit(try AuditInputReader.read(Array(line(nonce: "4", to: "null").utf8), source: "x"))
        #expect(badTo.has(.audit(.inputMismatch)))
    }
}
