import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Keccak
import Plan
import TestSupport
import Testing
import Transactions

/// Builders of eth_simulateV1 responses and logs for the simulation tests.
enum SF {
    static let transfer = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    static let approval = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
    static let native = AF.address("0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE")

    static func topic(_ a: Address) -> String { "0x" + String(repeating: "0", count: 24) + Hex.encode(a.bytes, prefix: false) }
    static func word(_ v: UInt256) -> String { Hex.encode(v.bigEndianBytes32, prefix: false) }

    static func log(_ address: Address, _ topics: [String], _ data: String) -> String {
        #"{"address":"\#(address.checksummed.lowercased())","topics":[\#(topics.map { "\"\($0)\"" }.joined(separator: ","))],"data":"\#(data)","logIndex":"0x0","removed":false}"#
    }

    static func transferLog(_ token: Address, _ from: Address, _ to: Address, _ amount: UInt64) -> String {
        log(token, [transfer, topic(from), topic(to)], "0x" + word(UInt256(amount)))
    }

    static func approvalLog(_ token: Address, _ owner: Address, _ spender: Address, _ amount: UInt256) -> String {
        log(token, [approval, topic(owner), topic(spender)], "0x" + word(amount))
    }

    static func call(status: String = "0x1", returnData: String = "0x", gasUsed: String = "0x5208", logs: [String] = [], error: String? = nil) -> String {
        var s = #"{"returnData":"\#(returnData)","logs":[\#(logs.joined(separator: ","))],"gasUsed":"\#(gasUsed)","status":"\#(status)""#
        if let error { s += #","error":\#(error)"# }
        return s + "}"
    }

    static func response(_ calls: [String]) -> String {
        #"{"jsonrpc":"2.0","id":1,"result":[{"number":"0x10","hash":"0x\#(String(repeating: "ab", count: 32))","gasUsed":"0x0","calls":[\#(calls.joined(separator: ","))]}]}"#
    }

    static func parse(_ text: String) throws -> SimulationResult {
        try SimulationResult.parse(Array(text.utf8))
    }

    static func parseError(_ text: String) -> AuditError? {
        do {
            _ = try parse(text)
            return nil
        } catch let e as AuditError {
            return e
        } catch {
            return nil
        }
    }

    static func check(_ calls: [String], _ txs: [SignedTransaction], plan: CompiledPlan? = nil) throws -> (findings: [Finding], summary: SimulationSummary) {
        let audited = try AF.auditor(plan: plan?.plan).transactions(AF.lines(txs))
        return try SimulationCheck(errors: try SelectorBook(directory: AF.abiDirectory).allErrors.map(\.error))
            .check(try parse(response(calls)), transactions: audited, plan: plan)
    }
}

@Suite struct SimulationRequestTests {
    @Test func dynamicFeeCallHasTheContractFieldsInOrder() throws {
        let tx = try AF.tx(to: AF.usdc, data: [0xa9, 0x05, 0x9c, 0xbb], value: UInt256(1000), nonce: 12, gas: 65_000)
        let request = SimulationRequest.json([tx])
        let text = request.compact
        #expect(text.hasPrefix(#"{"jsonrpc":"2.0","id":1,"method":"eth_simulateV1","params":[{"blockStateCalls":[{"calls":[{"#))
        #expect(text.hasSuffix(#"]}],"validation":true,"traceTransfers":true},"latest"]}"#))
        let call = SimulationRequest.call(tx)
        guard case .object(let m) = call else { Issue.record("not an object"); return }
        #expect(m.map(\.key) == ["from", "to", "value", "input", "gas", "nonce", "maxFeePerGas", "maxPriorityFeePerGas"])
        #expect(call["from"] == .string(AF.account.checksummed))
        #expect(call["to"] == .string(AF.usdc.checksummed))
        #expect(call["value"] == .string("0x3e8"))
        #expect(call["input"] == .string("0xa9059cbb"))
        #expect(call["gas"] == .string("0xfde8"))
        #expect(call["nonce"] == .string("0xc"))
        #expect(call["maxFeePerGas"] == .string("0x9502f9000"))
        #expect(call["maxPriorityFeePerGas"] == .string("0x3b9aca00"))
    }

    @Test func legacyAccessListAndSetCodeFields() throws {
        let legacy = try LegacyTransaction(chainId: 1, nonce: 0, gasPrice: UInt256(20_000_000_000), gasLimit: 21_000, to: AF.stranger).sign(with: try AF.signer())
        guard case .object(let l) = SimulationRequest.call(legacy) else { return }
        #expect(l.map(\.key) == ["from", "to", "value", "input", "gas", "nonce", "gasPrice"])
        #expect(SimulationRequest.call(legacy)["input"] == .string("0x"))
        #expect(SimulationRequest.call(legacy)["value"] == .string("0x0"))

        let key = try Bytes32(hex: "0x" + String(repeating: "01", count: 32))
        let withList = try AccessListTransaction(chainId: 1, nonce: 1, gasPrice: UInt256(1), gasLimit: 30_000, to: AF.usdc,
                                                 accessList: [AccessListEntry(address: AF.usdc, storageKeys: [key])]).sign(with: try AF.signer())
        #expect(SimulationRequest.call(withList)["accessList"]?.compact
            == #"[{"address":"\#(AF.usdc.checksummed)","storageKeys":["0x\#(String(repeating: "01", count: 32))"]}]"#)

        let auth = try AuditorFindingTests.auth(chainId: 1, nonce: 8)
        let setCode = try AuditorFindingTests.setCode(auths: [auth])
        let list = SimulationRequest.call(setCode)["authorizationList"]
        #expect(list?.compact == #"[{"chainId":"0x1","address":"\#(AF.executor.checksummed)","nonce":"0x8","yParity":"\#("0x" + String(auth.yParity, radix: 16))","r":"\#(auth.r.hexQuantity)","s":"\#(auth.s.hexQuantity)"}]"#)
    }

    @Test func callsAreInNonceOrder() throws {
        let txs = [try AF.tx(to: AF.usdc, nonce: 5), try AF.tx(to: AF.weth, nonce: 3), try AF.tx(to: AF.pool, nonce: 4)]
        let calls = SimulationRequest.json(txs)["params"].flatMap { p -> JSONValue? in
            guard case .array(let a) = p else { return nil }
            return a[0]["blockStateCalls"]
        }
        guard case .array(let blocks)? = calls, case .array(let list)? = blocks.first?["calls"] else { Issue.record("no calls"); return }
        #expect(list.map { $0["nonce"] } == [.string("0x3"), .string("0x4"), .string("0x5")])
        #expect(SimulationRequest.nonceOrder([5, 3, 4, 3]) == [1, 3, 2, 0])
    }
}

@Suite struct SimulationResultTests {
    @Test func readsCallsAndLogs() throws {
        let text = SF.response([
            SF.call(gasUsed: "0xb4c8", logs: [SF.transferLog(AF.usdc, AF.account, AF.pool, 7)]),
            SF.call(status: "0x0", returnData: "0x", gasUsed: "0x0", error: #"{"code":3,"message":"execution reverted","data":"0x08c379a0"}"#),
        ])
        guard case .calls(let calls) = try SF.parse(text) else { Issue.record("not calls"); return }
        #expect(calls.count == 2)
        #expect(calls[0].success && calls[0].gasUsed == 0xb4c8 && calls[0].logs.count == 1)
        #expect(calls[0].logs[0].address == AF.usdc && calls[0].logs[0].topics.count == 3)
        #expect(!calls[1].success && calls[1].errorMessage == "execution reverted" && calls[1].revertData == [0x08, 0xc3, 0x79, 0xa0])
    }

    @Test func refusalIsRead() throws {
        let r = try SF.parse(#"{"jsonrpc":"2.0","id":1,"error":{"code":-38014,"message":"nonce too low"}}"#)
        #expect(r == .refused(code: "-38014", message: "nonce too low"))
    }

    @Test func errorsNameTheJSONPath() {
        let cases: [(String, String)] = [
            (SF.response([SF.call(status: "0x2")]), "result[0].calls[0].status"),
            (SF.response([SF.call(gasUsed: "0x05")]), "result[0].calls[0].gasUsed"),
            (SF.response([SF.call(gasUsed: "21000")]), "result[0].calls[0].gasUsed"),
            (SF.response([SF.call(returnData: "0x123")]), "result[0].calls[0].returnData"),
            (SF.response([SF.call(logs: [SF.log(AF.usdc, [SF.transfer, SF.transfer, SF.transfer, SF.transfer, SF.transfer], "0x")])]), "result[0].calls[0].logs[0].topics"),
            (SF.response([SF.call(logs: [SF.log(AF.usdc, ["0x1234"], "0x")])]), "result[0].calls[0].logs[0].topics[0]"),
            (SF.response([SF.call(), #"{"returnData":"0x","logs":[],"status":"0x1"}"#]), "result[0].calls[1].gasUsed"),
            (#"{"jsonrpc":"2.0","id":1,"result":[{"calls":[]},{"calls":[]}]}"#, "result"),
            (#"{"jsonrpc":"1.0","id":1,"result":[{"calls":[]}]}"#, "jsonrpc"),
            (#"{"id":1,"result":[{"calls":[]}]}"#, "jsonrpc"),
            (#"[]"#, "$"),
        ]
        for (text, path) in cases {
            let e = SF.parseError(text)
            #expect(e?.code == "simulation_invalid", "\(text)")
            #expect(e?.location == path, "\(text): \(String(describing: e))")
        }
        #expect(SF.parseError("{\"jsonrpc\":")?.code == "bad_json")
        #expect(SF.parseError(#"{"jsonrpc":"2.0","id":1,"result":[{"calls":[]}],"result":[]}"#)?.code == "bad_json")
    }
}

@Suite struct SimulationCheckTests {
    static let executeSig = "execute((address,uint256,bytes)[])"

    @Test func revertReasonsAreDecoded() throws {
        let check = SimulationCheck(errors: try SelectorBook(directory: AF.abiDirectory).allErrors.map(\.error))
        #expect(check.describeRevert(ABIRevert.encodeError("STF")) == #"Error("STF")"#)
        #expect(check.describeRevert(ABIRevert.encodePanic(.arithmeticOverflow)) == "Panic(0x11): arithmetic overflow or underflow")
        #expect(check.describeRevert([]) == "reverted without data")
        let callFailed = ABIErrorDefinition(name: "CallFailed", inputs: [ABIParameter(type: .uint256), ABIParameter(type: .bytes)])
        let nested = try ABIRevert.encodeCustom(selector: callFailed.selector, values: [.uint(UInt256(2)), .bytes(ABIRevert.encodeError("Too little received"))], types: [.uint256, .bytes])
        #expect(check.describeRevert(nested) == #"CallFailed("2", Error("Too little received"))"#)
        let twice = try ABIRevert.encodeCustom(selector: callFailed.selector, values: [.uint(UInt256(0)), .bytes(nested)], types: [.uint256, .bytes])
        #expect(check.describeRevert(twice) == #"CallFailed("0", CallFailed("2", Error("Too little received")))"#)
        let notOwner = ABIErrorDefinition(name: "NotOwner", inputs: [ABIParameter(type: .address)])
        let custom = try ABIRevert.encodeCustom(selector: notOwner.selector, values: [.address(AF.stranger)], types: [.address])
        #expect(check.describeRevert(custom) == #"NotOwner("\#(AF.stranger.checksummed)")"#)
        #expect(check.describeRevert([1, 2, 3, 4, 5]).hasPrefix("custom error 0x01020304 (unknown)"))
        #expect(check.describeRevert([1, 2]).hasPrefix("malformed revert data"))
    }

    @Test func revertedCallIsCriticalWithItsReason() throws {
        let tx = try AF.tx(to: AF.usdc, nonce: 0, gas: 100_000)
        let (findings, summary) = try SF.check([SF.call(status: "0x0", returnData: Hex.encode(ABIRevert.encodeError("ERC20: transfer amount exceeds balance")), gasUsed: "0x6000")], [tx])
        #expect(findings.map(\.code) == [.simulation(.reverted)])
        #expect(findings[0].severity == .critical && findings[0].path == "tx[0]")
        #expect(findings[0].message.contains(#"Error("ERC20: transfer amount exceeds balance")"#))
        #expect(summary.transactions[0].success == false)
    }

    @Test func gasAboveTheHeadroom() throws {
        let tx = try AF.tx(to: AF.usdc, nonce: 0, gas: 100_000)
        #expect(try SF.check([SF.call(gasUsed: "0x15f90")], [tx]).findings.isEmpty)  // 90000: exactly 90%
        let f = try SF.check([SF.call(gasUsed: "0x15f91")], [tx]).findings
        #expect(f.map(\.code) == [.simulation(.gasHigh)] && f[0].severity == .medium)
    }

    @Test func countMismatchIsAnError() throws {
        let tx = try AF.tx(to: AF.usdc, nonce: 0)
        #expect(throws: AuditError.self) { try SF.check([SF.call(), SF.call()], [tx]) }
    }

    @Test func callsAreMatchedInNonceOrder() throws {
        let txs = [try AF.tx(to: AF.usdc, nonce: 1, gas: 100_000), try AF.tx(to: AF.weth, nonce: 0, gas: 100_000)]
        let (findings, summary) = try SF.check([SF.call(), SF.call(status: "0x0")], txs)
        // The first result is the nonce-0 transaction (tx[1]); the failed second one is tx[0].
        #expect(summary.transactions.map(\.index) == [1, 0])
        #expect(findings.map(\.path) == ["tx[0]"])
    }

    @Test func valueLeavingToAStrangerIsCaught() throws {
        // The account pays the pool (it logs, so it acts as a protocol) and a stranger (it does not).
        let data = try AF.calldata("transfer(address,uint256)", [AF.a(AF.stranger), AF.u(5)])
        let tx = try AF.tx(to: AF.usdc, data: data, nonce: 0, gas: 100_000)
        let logs = [SF.transferLog(AF.usdc, AF.account, AF.stranger, 5)]
        let f = try SF.check([SF.call(logs: logs)], [tx]).findings
        #expect(f.map(\.code) == [.simulation(.unexpectedRecipient)])
        #expect(f[0].severity == .critical && f[0].message.contains(AF.stranger.checksummed))
        // Native value reported by traceTransfers counts too.
        let native = [SF.log(SF.native, [SF.transfer, SF.topic(AF.account), SF.topic(AF.stranger)], "0x" + SF.word(UInt256(9)))]
        let n = try SF.check([SF.call(logs: native)], [try AF.tx(to: AF.usdc, nonce: 0, gas: 100_000)]).findings
        #expect(n.map(\.code) == [.simulation(.unexpectedRecipient)] && n[0].message.contains("wei of ether"))
        // The call's own target, and a counterparty that logs, are protocols.
        let fine = [SF.transferLog(AF.usdc, AF.account, AF.usdc, 5), SF.transferLog(AF.usdc, AF.account, AF.pool, 5), SF.log(AF.pool, [SF.transfer], "0x")]
        #expect(try SF.check([SF.call(logs: fine)], [tx]).findings.isEmpty)
    }

    /// Aave moves a repayment from the repayer to the reserve's aToken, which is no call target and
    /// logs nothing: the pool's own Repay event (same reserve, repayer and amount) accounts for it.
    @Test func aaveRepaymentToTheATokenIsThePools() throws {
        let aToken = try Address(hex: "0x98C23E9d8f34FEFb1B7BD6a91B7FF122F4e16F5c")
        let data = try AF.calldata("repay(address,uint256,uint256,address)", [AF.a(AF.usdc), AF.u(500), AF.u(2), AF.a(AF.account)])
        let tx = try AF.tx(to: AF.pool, data: data, nonce: 0, gas: 300_000)
        let repayTopic = Hex.encode(Keccak256.hash(data: "Repay(address,address,address,uint256,bool)".utf8).bytes)
        func repay(amount: UInt64, from pool: Address = AF.pool) -> String {
            SF.log(pool, [repayTopic, SF.topic(AF.usdc), SF.topic(AF.account), SF.topic(AF.account)],
                   "0x" + SF.word(UInt256(amount)) + SF.word(.zero))
        }
        let paid = SF.transferLog(AF.usdc, AF.account, aToken, 500)
        #expect(try SF.check([SF.call(logs: [paid, repay(amount: 500)])], [tx]).findings.isEmpty)
        // Without the pool's event, or for another amount, or reported by a stranger: caught.
        for logs in [[paid], [paid, repay(amount: 499)], [paid, repay(amount: 500, from: AF.stranger)]] {
            let f = try SF.check([SF.call(logs: logs)], [tx]).findings
            #expect(f.map(\.code) == [.simulation(.unexpectedRecipient)] && f[0].message.contains(aToken.checksummed), "\(f)")
        }
    }

    @Test func outputPaidForGoingElsewhereIsCaught() throws {
        let tx = try AF.tx(to: AF.router, nonce: 0, gas: 300_000)
        let logs = [
            SF.transferLog(AF.usdc, AF.account, AF.router, 100),
            SF.transferLog(AF.weth, AF.router, AF.stranger, 99),
        ]
        let f = try SF.check([SF.call(logs: logs)], [tx]).findings
        #expect(f.map(\.code) == [.simulation(.unexpectedRecipient)] && f[0].message.contains("paid for by \(AF.account.checksummed) goes from \(AF.router.checksummed)"))
    }

    @Test func allowanceLeftUnlessSpentOrReset() throws {
        let txs = [try AF.tx(to: AF.usdc, nonce: 0, gas: 100_000), try AF.tx(to: AF.router, nonce: 1, gas: 300_000)]
        let approve = SF.approvalLog(AF.usdc, AF.account, AF.router, UInt256(100))
        // Spent by a transfer from the account (no Approval logged by the token): nothing left.
        let spent = try SF.check([SF.call(logs: [approve]), SF.call(logs: [SF.transferLog(AF.usdc, AF.account, AF.router, 100)])], txs)
        #expect(spent.findings.isEmpty)
        // Partly spent: 40 left.
        let part = try SF.check([SF.call(logs: [approve]), SF.call(logs: [SF.transferLog(AF.usdc, AF.account, AF.router, 60)])], txs).findings
        #expect(part.map(\.code) == [.simulation(.allowanceLeft)] && part[0].message.contains("allowance of 40 "))
        #expect(part[0].path == "tx[0].logs[0]" && part[0].severity == .high)
        // A token logging the allowance left before its transfer (OpenZeppelin 4): the Approval counts.
        let oz4 = [SF.approvalLog(AF.usdc, AF.account, AF.router, UInt256(40)), SF.transferLog(AF.usdc, AF.account, AF.router, 60)]
        let logged = try SF.check([SF.call(logs: [approve]), SF.call(logs: oz4)], txs).findings
        #expect(logged.map(\.code) == [.simulation(.allowanceLeft)] && logged[0].message.contains("allowance of 40 ") && logged[0].path == "tx[1].logs[0]")
        // Approved and spent at once in an executor's list: the Approval just before the transfer
        // is the grant, not a record of the spending.
        let atOnce = [approve, SF.transferLog(AF.usdc, AF.account, AF.router, 100)]
        #expect(try SF.check([SF.call(logs: atOnce), SF.call()], txs).findings.isEmpty)
        // OpenZeppelin 4 approved and spent at once: Approval(100), Approval(0), Transfer(100).
        let oz4AtOnce = [approve, SF.approvalLog(AF.usdc, AF.account, AF.router, .zero), SF.transferLog(AF.usdc, AF.account, AF.router, 100)]
        #expect(try SF.check([SF.call(logs: oz4AtOnce), SF.call()], txs).findings.isEmpty)
        // Reset to zero: nothing left. Unlimited: never spent.
        let reset = try SF.check([SF.call(logs: [approve]), SF.call(logs: [SF.approvalLog(AF.usdc, AF.account, AF.router, .zero)])], txs)
        #expect(reset.findings.isEmpty)
        let unlimited = try SF.check([SF.call(logs: [SF.approvalLog(AF.usdc, AF.account, AF.router, .max)]), SF.call(logs: [SF.transferLog(AF.usdc, AF.account, AF.router, 60)])], txs).findings
        #expect(unlimited.map(\.code) == [.simulation(.allowanceLeft)] && unlimited[0].message.contains("an unlimited amount"))
    }

    @Test func approvalToAStrangerIsCaught() throws {
        let tx = try AF.tx(to: AF.usdc, nonce: 0, gas: 100_000)
        let f = try SF.check([SF.call(logs: [SF.approvalLog(AF.usdc, AF.account, AF.stranger, UInt256(5)), SF.approvalLog(AF.usdc, AF.account, AF.stranger, .zero)])], [tx]).findings
        #expect(f.map(\.code) == [.simulation(.unexpectedSpender)] && f[0].path == "tx[0].logs[0]")
        // A revocation is no grant.
        #expect(try SF.check([SF.call(logs: [SF.approvalLog(AF.usdc, AF.account, AF.stranger, .zero)])], [tx]).findings.isEmpty)
    }

    @Test func netChangesPerHolderAndToken() throws {
        let tx = try AF.tx(to: AF.router, nonce: 0, gas: 300_000)
        let logs = [
            SF.transferLog(AF.usdc, AF.account, AF.router, 100),
            SF.transferLog(AF.weth, AF.router, AF.account, 99),
            SF.log(SF.native, [SF.transfer, SF.topic(AF.router), SF.topic(AF.account)], "0x" + SF.word(UInt256(7))),
            SF.transferLog(AF.usdc, AF.router, AF.account, 30),
        ]
        let s = try SF.check([SF.call(logs: logs)], [tx]).summary
        #expect(s.netChanges.map { "\($0.token == SF.native ? "ETH" : $0.token.checksummed) \($0.text)" } == [
            "ETH +7", "\(AF.usdc.checksummed) -70", "\(AF.weth.checksummed) +99",
        ].sorted { a, b in a.hasPrefix("ETH") || (!b.hasPrefix("ETH") && a < b) })
        let json = s.jsonValue.compact
        #expect(json.contains(#""token":"ETH","change":"7""#) && json.contains(#""change":"-70""#))
        let text = s.textLines().joined(separator: "\n")
        #expect(text.contains("net balance changes:") && text.contains("-70"))
    }

    @Test func wrappingAndBurnsCount() throws {
        let deposit = "0x" + Hex.encode(Keccak256.hash(data: "Deposit(address,uint256)".utf8).bytes, prefix: false)
        let withdrawal = "0x" + Hex.encode(Keccak256.hash(data: "Withdrawal(address,uint256)".utf8).bytes, prefix: false)
        let tx = try AF.tx(to: AF.weth, value: UInt256(50), nonce: 0, gas: 100_000)
        let logs = [
            SF.log(SF.native, [SF.transfer, SF.topic(AF.account), SF.topic(AF.weth)], "0x" + SF.word(UInt256(50))),
            SF.log(AF.weth, [deposit, SF.topic(AF.account)], "0x" + SF.word(UInt256(50))),
            SF.log(AF.weth, [withdrawal, SF.topic(AF.account)], "0x" + SF.word(UInt256(20))),
            SF.transferLog(AF.usdc, AF.account, .zero, 5),
        ]
        let (f, s) = try SF.check([SF.call(logs: logs)], [tx])
        #expect(f.isEmpty)
        #expect(s.netChanges.map(\.text) == ["-50", "-5", "+30"])
    }

    @Test func refusalIsACriticalFinding() throws {
        let tx = try AF.tx(to: AF.usdc, nonce: 0)
        let audited = try AF.auditor().transactions(AF.lines([tx]))
        let (f, s) = try SimulationCheck().check(.refused(code: "-38014", message: "nonce too low"), transactions: audited)
        #expect(f.map(\.code) == [.simulation(.refused)] && f[0].severity == .critical && s.refusal != nil)
    }

    @Test func swapBelowTheCalldatasMinimumWithoutAPlan() throws {
        let params: ABIValue = .tuple([AF.a(AF.usdc), AF.a(AF.weth), AF.u(500), AF.a(AF.account), AF.u(100), AF.u(60), AF.u(0)])
        let data = try AF.calldata("exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))", [params])
        let tx = try AF.tx(to: AF.router, data: data, nonce: 0, gas: 300_000)
        func logs(_ out: UInt64, to: Address = AF.account) -> [String] {
            [SF.transferLog(AF.usdc, AF.account, AF.router, 100), SF.transferLog(AF.weth, AF.router, to, out)]
        }
        #expect(try SF.check([SF.call(logs: logs(60))], [tx]).findings.isEmpty)
        let f = try SF.check([SF.call(logs: logs(59))], [tx]).findings
        #expect(f.map(\.code) == [.simulation(.swapBelowMinimum)] && f[0].path == "tx[0].calls[0]")
        #expect(f[0].message.contains("brought \(AF.account.checksummed) 59 ") && f[0].message.contains("minimum of 60"))
        // In an executor's call list, address(1) is the executor (the router's caller).
        let one = AF.address("0x0000000000000000000000000000000000000001")
        let inner: ABIValue = .tuple([AF.a(AF.usdc), AF.a(AF.weth), AF.u(500), AF.a(one), AF.u(100), AF.u(60), AF.u(0)])
        let swap = try AF.calldata("exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))", [inner])
        let batch = try AF.tx(to: AF.executor, data: try AF.execute([AF.call(AF.router, swap)]), nonce: 0, gas: 300_000)
        let nested = [SF.transferLog(AF.usdc, AF.executor, AF.router, 100), SF.transferLog(AF.weth, AF.router, AF.executor, 10)]
        let g = try SF.check([SF.call(logs: nested)], [batch]).findings
        #expect(g.map(\.code) == [.simulation(.swapBelowMinimum)] && g[0].path == "tx[0].calls[0].calls[0]" && g[0].message.contains(AF.executor.checksummed))
    }

    // MARK: Against the plan

    @Test func swapBelowThePlansMinimum() throws {
        // eoa-harvest-compound: harvest, approve CRV, swap CRV -> WETH (min 0.1 WETH), approve WETH, supply.
        let (compiled, signed) = try AF.built("eoa-harvest-compound")
        let txs = signed.map(\.signed)
        #expect(txs.count == 5)
        let crv = AF.address("0xD533a949740bb3306d119CC777fa900bA034cd52")
        let router = compiled.plan.book.protocols[.uniswapV3]!
        let pool = AF.address("0x4444444444444444444444444444444444444444")
        func run(out: UInt64) throws -> [Finding] {
            var calls = Array(repeating: SF.call(gasUsed: "0x1000"), count: 5)
            calls[2] = SF.call(gasUsed: "0x1000", logs: [
                SF.transferLog(AF.weth, pool, AF.account, out), SF.transferLog(crv, AF.account, pool, 800),
                SF.log(pool, [SF.transfer], "0x"),
            ])
            calls[1] = SF.call(gasUsed: "0x1000", logs: [SF.approvalLog(crv, AF.account, router, UInt256(800))])
            return try SF.check(calls, txs, plan: compiled).findings
        }
        #expect(try run(out: 100_000_000_000_000_000).isEmpty)
        let f = try run(out: 99_999_999_999_999_999)
        #expect(f.map(\.code) == [.simulation(.swapBelowMinimum)])
        #expect(f[0].severity == .critical && f[0].message.contains("99999999999999999") && f[0].message.contains("100000000000000000"))
    }

    @Test func flashLoanPremiumDifferentFromThePlans() throws {
        let (compiled, signed) = try AF.built("aave-collateral-swap")
        guard case .flashLoanRebalance(let f) = compiled.plan.actions[0].kind else { Issue.record("not a flash loan"); return }
        let loan = f.loans[0]
        let topic = Hex.encode(Keccak256.hash(data: "FlashLoan(address,address,address,uint256,uint8,uint256,uint16)".utf8).bytes)
        func event(premium: UInt256) -> String {
            SF.log(f.lender, [topic, SF.topic(AF.executor), SF.topic(loan.token.address), "0x" + SF.word(.zero)],
                   "0x" + SF.word(AF.executor.word) + SF.word(loan.amount) + SF.word(.zero) + SF.word(premium))
        }
        let txs = signed.map(\.signed)
        let premium = try #require(f.premium(for: loan.amount))
        let good = try SF.check([SF.call(gasUsed: "0x1000", logs: [event(premium: premium)])], txs, plan: compiled).findings
        #expect(good.isEmpty)
        let bad = try SF.check([SF.call(gasUsed: "0x1000", logs: [event(premium: premium + .one)])], txs, plan: compiled).findings
        #expect(bad.map(\.code) == [.simulation(.flashLoanPremium)] && bad[0].severity == .high)
    }
}

@Suite struct SimulationRobustnessTests {
    /// Mutated responses (bytes flipped, cut, duplicated) never crash: each parses or is an
    /// AuditError naming a place.
    @Test func mutatedResponsesAreParsedOrRefused() throws {
        let base = Array(SF.response([
            SF.call(gasUsed: "0xb4c8", logs: [SF.transferLog(AF.usdc, AF.account, AF.pool, 7), SF.approvalLog(AF.usdc, AF.account, AF.pool, .max)]),
            SF.call(status: "0x0", returnData: Hex.encode(ABIRevert.encodeError("x")), error: #"{"code":3,"message":"execution reverted"}"#),
        ]).utf8)
        var rng = SplitMix64(seed: 0x5157)
        let tx = [try AF.tx(to: AF.usdc, nonce: 0), try AF.tx(to: AF.pool, nonce: 1)]
        let audited = try AF.auditor().transactions(AF.lines(tx))
        for _ in 0..<3000 {
            var bytes = base
            switch rng.next() % 3 {
            case 0:
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    let i = Int(rng.next() % UInt64(bytes.count))
                    bytes[i] = Array("0x1f:,[]{}\"ae".utf8)[Int(rng.next() % 13)]
                }
            case 1:
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            default:
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + Int(rng.next() % 40))], at: i)
            }
            do {
                let result = try SimulationResult.parse(bytes)
                _ = try? SimulationCheck().check(result, transactions: audited)
            } catch {
                #expect(error.location != nil)
            }
        }
    }
}
