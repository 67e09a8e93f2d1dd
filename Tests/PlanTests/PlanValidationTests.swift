import BallastJSON
import EthereumPrimitives
import Plan
import Testing

/// Every class of plan error, with its code and JSON path.
@Suite struct PlanValidationTests {
    static let harvest = #"{"id":"h","kind":"harvest","protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#

    func expectIssue(_ plan: String, _ code: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let issues = Fixture.issues(plan)
        #expect(
            issues.contains { $0.code == code && $0.path.description == path },
            "expected \(code) at \(path), got \(issues.map { "\($0.code)@\($0.path)" })", sourceLocation: sourceLocation)
    }

    @Test func validPlanPasses() throws {
        let compiled = try Fixture.compile(Fixture.plan(actions: Self.harvest))
        #expect(compiled.transactions.count == 1)
    }

    @Test func invalidJSON() {
        expectIssue("{\"version\":1,", "bad_json", at: "$")
        expectIssue("[1]", "invalid_type", at: "$")
    }

    @Test func versionAndTopLevel() {
        expectIssue(Fixture.plan(actions: Self.harvest).replacingOccurrences(of: "\"version\":1", with: "\"version\":2"), "unsupported_version", at: "version")
        expectIssue(Fixture.plan(actions: Self.harvest, chainId: 0), "out_of_range", at: "chainId")
        expectIssue(Fixture.plan(actions: Self.harvest, nonce: -1), "invalid_integer", at: "nonce")
        expectIssue(Fixture.plan(actions: ""), "no_actions", at: "actions")
        expectIssue(Fixture.plan(actions: Self.harvest).replacingOccurrences(of: "\"nonce\":42,", with: ""), "missing_field", at: "nonce")
    }

    @Test func unknownFieldsRefusedExceptExtensions() throws {
        expectIssue(Fixture.plan(actions: Self.harvest, extra: #""gaurds":{}"#), "unknown_field", at: "gaurds")
        let step = #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"10"}],"steps":[{"op":"transfer","token":"USDC","to":"0x2222222222222222222222222222222222222222","amount":"1","amont":"2"}]}"#
        expectIssue(Fixture.plan(actions: step), "unknown_field", at: "actions[0].steps[0].amont")
        // x- keys are ignored everywhere.
        let withExtensions = Fixture.plan(
            actions: #"{"id":"h","kind":"harvest","x-note":"keeper","protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#,
            extra: #""x-planner":{"run":7},"tokens":{"x-comment":"none"}"#)
        _ = try Fixture.compile(withExtensions)
    }

    @Test func badChecksumAddress() {
        // The account with one letter's case flipped.
        expectIssue(Fixture.plan(actions: Self.harvest, account: "0x2c7536e3605D9C16a7a3D7b1898e529396a65c23"), "invalid_address", at: "account")
        expectIssue(Fixture.plan(actions: Self.harvest, account: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c2"), "invalid_address", at: "account")
        expectIssue(Fixture.plan(actions: Self.harvest, account: "2c7536E3605D9C16a7a3D7b1898e529396a65c23"), "invalid_address", at: "account")
    }

    @Test func executionModes() {
        expectIssue(Fixture.plan(actions: Self.harvest, execution: #"{"mode":"executor"}"#), "missing_field", at: "execution.executor")
        expectIssue(Fixture.plan(actions: Self.harvest, execution: #"{"mode":"eip7702"}"#), "missing_field", at: "execution.delegate")
        expectIssue(Fixture.plan(actions: Self.harvest, execution: #"{"mode":"safe"}"#), "missing_field", at: "execution.safe")
        expectIssue(Fixture.plan(actions: Self.harvest, execution: #"{"mode":"multisig"}"#), "unknown_mode", at: "execution.mode")
        expectIssue(Fixture.plan(actions: Self.harvest, execution: #"{"mode":"eoa","authorize":true}"#), "field_not_allowed", at: "execution.authorize")
        expectIssue(
            Fixture.plan(actions: Self.harvest, execution: #"{"mode":"eip7702","delegate":"\#(Fixture.delegate)","authorize":true}"#, fees: #"{"gasPrice":"20gwei"}"#),
            "authorize_needs_1559_fees", at: "fees")
    }

    @Test func fees() {
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"gasPrice":"1gwei","maxFeePerGas":"2gwei"}"#), "fees_conflict", at: "fees.gasPrice")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{}"#), "missing_field", at: "fees.maxFeePerGas")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"maxFeePerGas":"2gwei"}"#), "missing_field", at: "fees.maxPriorityFeePerGas")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"maxFeePerGas":"1gwei","maxPriorityFeePerGas":"2gwei"}"#), "priority_fee_above_max_fee", at: "fees.maxPriorityFeePerGas")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"gasPrice":"0.0000000001gwei"}"#), "amount_fractional_wei", at: "fees.gasPrice")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"gasPrice":"1 gwie"}"#), "amount_unknown_unit", at: "fees.gasPrice")
        expectIssue(Fixture.plan(actions: Self.harvest, fees: #"{"gasPrice":1.5}"#), "invalid_amount", at: "fees.gasPrice")
    }

    @Test func tokensAndDecimals() throws {
        expectIssue(Fixture.plan(actions: Self.harvest, extra: #""tokens":{"X":{"address":"0x2222222222222222222222222222222222222222","decimals":78}}"#), "out_of_range", at: "tokens.X.decimals")
        expectIssue(Fixture.plan(actions: Self.harvest, extra: #""tokens":{"0xAB":{"address":"0x2222222222222222222222222222222222222222","decimals":6}}"#), "invalid_symbol", at: "tokens.0xAB")
        let loan = { (token: String, amount: String) in
            #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"\#(token)","amount":\#(amount)}],"steps":[]}"#
        }
        // Unknown symbol (symbols are case-sensitive).
        expectIssue(Fixture.plan(actions: loan("usdc", "\"1\"")), "unknown_token", at: "actions[0].loans[0].token")
        // More fraction digits than decimals, even zeros, is refused.
        expectIssue(Fixture.plan(actions: loan("USDC", "\"1.0000001\"")), "amount_excess_precision", at: "actions[0].loans[0].amount")
        expectIssue(Fixture.plan(actions: loan("USDC", "\"1.0000000\"")), "amount_excess_precision", at: "actions[0].loans[0].amount")
        expectIssue(Fixture.plan(actions: loan("USDC", "\"1.\"")), "amount_missing_digits", at: "actions[0].loans[0].amount")
        expectIssue(Fixture.plan(actions: loan("USDC", "250000")), "invalid_type", at: "actions[0].loans[0].amount")
        // An address token needs its decimals from `tokens`, or a raw amount.
        let unknown = "0x5555555555555555555555555555555555555555"
        expectIssue(Fixture.plan(actions: loan(unknown, "\"1\"")), "amount_needs_decimals", at: "actions[0].loans[0].amount")
        let raw = try Fixture.read(Fixture.plan(actions: loan(unknown, #"{"raw":"1000"}"#)))
        guard case .flashLoanRebalance(let f) = raw.actions[0].kind else { throw TestFailure("kind") }
        #expect(f.loans[0].amount == UInt256(1000))
        let described = try Fixture.read(Fixture.plan(
            actions: loan(unknown, "\"1.5\""), extra: #""tokens":{"FOO":{"address":"\#(unknown)","decimals":3}}"#))
        guard case .flashLoanRebalance(let g) = described.actions[0].kind else { throw TestFailure("kind") }
        #expect(g.loans[0].amount == UInt256(1500))
        // A plan's token overrides the built-in one of the same symbol.
        let overridden = try Fixture.read(Fixture.plan(
            actions: loan("USDC", "\"1\""), extra: #""tokens":{"USDC":{"address":"\#(unknown)","decimals":2}}"#))
        guard case .flashLoanRebalance(let h) = overridden.actions[0].kind else { throw TestFailure("kind") }
        #expect(h.loans[0].token.address == Fixture.address(unknown) && h.loans[0].amount == UInt256(100))
    }

    @Test func duplicateIds() {
        expectIssue(Fixture.plan(actions: Self.harvest + "," + Self.harvest), "duplicate_id", at: "actions[1].id")
        // Found even when the duplicate is otherwise invalid.
        expectIssue(Fixture.plan(actions: Self.harvest + #",{"id":"h","kind":"nope"}"#), "duplicate_id", at: "actions[1].id")
    }

    @Test func unknownKindsOpsProtocolsVenues() {
        expectIssue(Fixture.plan(actions: #"{"id":"x","kind":"teleport"}"#), "unknown_kind", at: "actions[0].kind")
        let fl = { (steps: String) in
            #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"1"}],"steps":[\#(steps)]}"#
        }
        expectIssue(Fixture.plan(actions: fl(#"{"op":"stake"}"#)), "unknown_op", at: "actions[0].steps[0].op")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"supply","protocol":"compound","token":"USDC","amount":"1"}"#)), "unknown_protocol", at: "actions[0].steps[0].protocol")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"sushi","path":["USDC","WETH"],"amountIn":"1","minAmountOut":"1"}"#)), "unknown_venue", at: "actions[0].steps[0].venue")
        expectIssue(Fixture.plan(actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"dydx","loans":[],"steps":[]}"#), "unknown_protocol", at: "actions[0].provider")
        expectIssue(Fixture.plan(actions: #"{"id":"h","kind":"harvest","protocol":"yearn-v9","target":"0x2222222222222222222222222222222222222222"}"#), "unknown_protocol", at: "actions[0].protocol")
        expectIssue(Fixture.plan(actions: Self.harvest, extra: #""protocols":{"aave-v4":{"pool":"0x2222222222222222222222222222222222222222"}}"#), "unknown_protocol", at: "protocols.aave-v4")
        expectIssue(Fixture.plan(actions: Self.harvest, extra: #""protocols":{"aave-v3":{"vault":"0x2222222222222222222222222222222222222222"}}"#), "unknown_field", at: "protocols.aave-v3.vault")
    }

    @Test func missingProtocolAddressOnOtherChains() throws {
        let supply = #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"0x5555555555555555555555555555555555555555","amount":{"raw":"1"}}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: supply, chainId: 5), "missing_protocol_address", at: "actions[0].provider")
        // Balancer's vault on Arbitrum is UNCONFIRMED in protocols.md: not built in.
        expectIssue(Fixture.plan(actions: supply, chainId: 42161), "missing_protocol_address", at: "actions[0].provider")
        _ = try Fixture.compile(Fixture.plan(actions: supply, chainId: 5, extra: #""protocols":{"balancer-v2":{"vault":"\#(Fixture.vault)"}}"#))
    }

    @Test func flashLoanModeRules() {
        let fl = #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"1"}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: fl, execution: #"{"mode":"eoa"}"#), "flash_loan_in_eoa_mode", at: "actions[0]")
        expectIssue(Fixture.plan(actions: fl, execution: #"{"mode":"safe","safe":"\#(Fixture.safe)"}"#), "flash_loan_in_safe_mode", at: "actions[0]")
        let morpho = #"{"id":"f","kind":"flashLoanRebalance","provider":"morpho-blue","loans":[{"token":"USDC","amount":"1"},{"token":"WETH","amount":"1"}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: morpho), "morpho_single_loan", at: "actions[0].loans")
        let twice = #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1"},{"token":"USDC","amount":"2"}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: twice), "duplicate_loan_token", at: "actions[0].loans[1].token")
        let premium = #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","premiumBps":9,"loans":[{"token":"USDC","amount":"1"}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: premium), "field_not_allowed", at: "actions[0].premiumBps")
        let zero = #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"0"}],"steps":[]}"#
        expectIssue(Fixture.plan(actions: zero), "amount_zero", at: "actions[0].loans[0].amount")
    }

    @Test func uncoveredFlashLoan() throws {
        // Aave: 250000 USDC + 5 bps = 250125 owed. Repaying 250000 and swapping 90 WETH for at
        // least 250100 USDC leaves 250100 < 250125: refused.
        let steps = { (minOut: String) in
            #"""
            {"id":"r","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"250000"}],"steps":[
              {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"250000"},
              {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"90"},
              {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"90","minAmountOut":"\#(minOut)"}]}
            """#
        }
        expectIssue(Fixture.plan(actions: steps("250100")), "flash_loan_uncovered", at: "actions[0].loans[0]")
        expectIssue(Fixture.plan(actions: steps("250124.999999")), "flash_loan_uncovered", at: "actions[0].loans[0]")
        _ = try Fixture.compile(Fixture.plan(actions: steps("250125")))
        // A swap paying another address receives nothing for the executor.
        let elsewhere = #"""
            {"id":"r","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"100"}],"steps":[
              {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"100"},
              {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"1"},
              {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1","minAmountOut":"3000","recipient":"0x2222222222222222222222222222222222222222"}]}
            """#
        expectIssue(Fixture.plan(actions: elsewhere), "flash_loan_uncovered", at: "actions[0].loans[0]")
    }

    @Test func swapShapes() {
        let fl = { (step: String) in
            #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"WETH","amount":"1"}],"steps":[\#(step)]}"#
        }
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v3","path":["WETH","USDC"],"amountIn":"1","minAmountOut":"1"}"#)), "invalid_path", at: "actions[0].steps[0].path")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v3","path":["WETH",16777216,"USDC"],"amountIn":"1","minAmountOut":"1"}"#)), "out_of_range", at: "actions[0].steps[0].path[1]")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1","maxAmountIn":"1"}"#)), "swap_amounts", at: "actions[0].steps[0]")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1"}"#)), "missing_field", at: "actions[0].steps[0].minAmountOut")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v2","path":["WETH","USDC"],"amountOut":"1","maxAmountIn":"1"}"#)), "unsupported_swap", at: "actions[0].steps[0].amountOut")
        expectIssue(Fixture.plan(actions: fl(#"{"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1","minAmountOut":"1.0000001"}"#)), "amount_excess_precision", at: "actions[0].steps[0].minAmountOut")
    }

    @Test func callActions() {
        let call = { (to: String, function: String, args: String) in
            #"{"id":"c","kind":"call","to":"\#(to)","function":"\#(function)","args":\#(args)}"#
        }
        expectIssue(Fixture.plan(actions: call("aave-v3", "function supply(address asset, uint256 amount", "[]")), "invalid_signature", at: "actions[0].function")
        expectIssue(Fixture.plan(actions: call("aave-v3", "supply(address,uint256,address,uint16)", #"["USDC","1","0x2222222222222222222222222222222222222222",0]"#)), "abi_json_invalid_hex", at: "actions[0].args[0]")
        expectIssue(Fixture.plan(actions: call("aave-v3", "supply(address,uint256,address,uint16)", #"["\#(Fixture.usdc)","1"]"#)), "abi_json_argument_count", at: "actions[0].args")
        expectIssue(Fixture.plan(actions: call("aave-v3", "supply(address,uint256,address,uint16)", #"["\#(Fixture.usdc)","1","\#(Fixture.executor)",70000]"#)), "abi_json_out_of_range", at: "actions[0].args[3]")
        expectIssue(Fixture.plan(actions: call("aave-v3", "stake", "[]")), "unknown_function", at: "actions[0].function")
        expectIssue(Fixture.plan(actions: call("permit2", "permit", "[]")), "ambiguous_function", at: "actions[0].function")
        expectIssue(Fixture.plan(actions: call("0x2222222222222222222222222222222222222222", "harvest", "[]")), "function_needs_signature", at: "actions[0].function")
        expectIssue(Fixture.plan(actions: call("curve", "harvest()", "[]")), "unknown_target", at: "actions[0].to")
        // Without an ABI folder a bare name is refused.
        do {
            _ = try Fixture.read(Fixture.plan(actions: call("aave-v3", "supply", "[]")), abi: false)
            Issue.record("accepted a bare name without an ABI folder")
        } catch {
            #expect(error.contains(code: "function_needs_signature", at: "actions[0].function"))
        }
    }

    @Test func gasBelowIntrinsic() {
        let harvest = #"{"id":"h","kind":"harvest","gas":21000,"protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#
        expectIssue(Fixture.plan(actions: harvest), "gas_below_intrinsic", at: "actions[0].gas")
        expectIssue(Fixture.plan(actions: #"{"id":"h","kind":"harvest","gas":0,"protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#), "out_of_range", at: "actions[0].gas")
    }

    @Test func nonceOverflow() throws {
        let three = (1...3).map { Self.harvest.replacingOccurrences(of: "\"h\"", with: "\"h\($0)\"") }.joined(separator: ",")
        let high = { (actions: String) in
            Fixture.plan(actions: actions, nonce: 0).replacingOccurrences(of: "\"nonce\":0", with: "\"nonce\":18446744073709551613")
        }
        expectIssue(high(three), "nonce_overflow", at: "nonce")
        // Two transactions fit: nonces 2^64 − 3 and 2^64 − 2 (EIP-2681: below 2^64 − 1).
        let two = (1...2).map { Self.harvest.replacingOccurrences(of: "\"h\"", with: "\"h\($0)\"") }.joined(separator: ",")
        #expect(try Fixture.compile(high(two)).transactions.last?.transaction.nonce == UInt64.max - 1)
    }

    @Test func allProblemsAreReportedTogether() {
        let plan = #"""
            {"version":1,"chainId":1,"account":"0x2c7536e3605D9C16a7a3D7b1898e529396a65c23","execution":{"mode":"executor"},
             "nonce":42,"fees":{"gasPrice":"1","maxFeePerGas":"2"},"actions":[
              {"id":"a","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"usdc","amount":"1"}],
               "steps":[{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"1.0000001"},{"op":"teleport"}]},
              {"id":"a","kind":"harvest","protocol":"yearn-v9","target":"0x2222222222222222222222222222222222222222"},
              {"id":"c","kind":"bogus"}]}
            """#
        let issues = Fixture.issues(plan)
        let pairs = Set(issues.map { "\($0.code)@\($0.path)" })
        for expected in [
            "invalid_address@account", "missing_field@execution.executor", "fees_conflict@fees.gasPrice",
            "unknown_token@actions[0].loans[0].token", "amount_excess_precision@actions[0].steps[0].amount",
            "unknown_op@actions[0].steps[1].op", "duplicate_id@actions[1].id", "unknown_protocol@actions[1].protocol",
            "unknown_kind@actions[2].kind",
        ] {
            #expect(pairs.contains(expected), "missing \(expected) in \(pairs.sorted())")
        }
        #expect(issues.count == 9)
    }

    @Test func wrongKeyIsRefusedBeforeSigning() throws {
        let compiled = try Fixture.compile(Fixture.plan(actions: Self.harvest))
        let other = try Fixture.signer("0000000000000000000000000000000000000000000000000000000000000001")
        do throws(PlanValidationError) {
            _ = try compiled.sign(with: other)
            Issue.record("signed with the wrong key")
        } catch {
            #expect(error.code == "wrong_key" && error.location == "account")
        }
        #expect(try compiled.sign(with: Fixture.signer()).count == 1)
    }

    @Test func programmaticPlansAreCheckedToo() throws {
        // A plan built in code with an empty swap path is refused when compiled, not trapped on.
        var plan = try Fixture.read(Fixture.plan(actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1"}],"steps":[]}"#))
        guard case .flashLoanRebalance(var f) = plan.actions[0].kind else { throw TestFailure("kind") }
        let swap = SwapStep(venue: .uniswapV3(router: .zero, fees: []), tokens: [], amounts: .exactInput(amountIn: .one, minAmountOut: .one), recipient: nil)
        f.steps = [Step(.swap(swap), path: JSONPath.root + "actions" + 0 + "steps" + 0)]
        plan.actions[0].kind = .flashLoanRebalance(f)
        do {
            _ = try plan.compile()
            Issue.record("compiled an empty swap path")
        } catch {
            #expect(error.contains(code: "invalid_path", at: "actions[0].steps[0].path"))
        }
    }

    @Test func garbageNeverCrashes() {
        // Mutations of a valid plan: every outcome is a value or a PlanValidationError.
        let base = Array(Fixture.plan(actions: Self.harvest).utf8)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0x20...0x7e, using: &rng)
            }
            _ = try? Plan(bytes: bytes).compile()
        }
    }
}
