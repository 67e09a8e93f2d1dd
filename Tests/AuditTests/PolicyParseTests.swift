import Audit
import BallastJSON
import EthereumPrimitives
import TestSupport
import Testing

/// `SigningPolicy.parse`: every rule read, and every malformed value refused with its code and
/// JSON path.
@Suite struct PolicyParseTests {
    static let a1 = "0x1111111111111111111111111111111111111111"
    static let a2 = "0x2222222222222222222222222222222222222222"
    static let usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"

    func parse(_ text: String) throws(PolicyError) -> SigningPolicy {
        try SigningPolicy.parse(Array(text.utf8))
    }

    /// The issues of a policy that must be refused.
    func issues(_ body: String) -> PolicyError? {
        do {
            _ = try parse(#"{"version":1,"# + body + "}")
            return nil
        } catch {
            return error
        }
    }

    @Test func everyRuleIsRead() throws {
        let p = try parse("""
            {"version": 1, "description": "keeper", "chainIds": [1, 10], "accounts": ["\(Self.a1)"],
             "maxTransactions": 3, "maxValue": "1.5 ether", "maxTotalValue": "0x10", "maxGas": "0x1e8480",
             "maxFeePerGas": "30gwei", "maxPriorityFeePerGas": 1000000000, "maxGasPrice": "25gwei",
             "targets": ["\(Self.a1)", "\(Self.usdc.lowercased())"], "deniedTargets": ["\(Self.a2)"],
             "functions": ["approve(address,uint256)", "function transfer(address to, uint256 value) returns (bool)", "0xDEADbeef"],
             "deniedFunctions": ["0xa22cb465"], "unknownCalls": "allow",
             "approvals": {"spenders": ["\(Self.a2)"], "maxAmount": {"\(Self.usdc)": "1000"}, "unlimited": true},
             "recipients": ["\(Self.a1)"], "delegates": ["\(Self.a2)"], "allowAnyChainAuthorization": true,
             "contractCreation": true}
            """)
        let a1 = try Address(hex: Self.a1), a2 = try Address(hex: Self.a2), usdc = try Address(hex: Self.usdc)
        #expect(p.summary == "keeper")
        #expect(p.chainIds == [1, 10] && p.accounts == [a1] && p.maxTransactions == 3)
        #expect(p.maxValue == UInt256(1_500_000_000_000_000_000 as UInt64) && p.maxTotalValue == UInt256(16))
        #expect(p.maxGas == 2_000_000 && p.maxFeePerGas == UInt256(30_000_000_000 as UInt64))
        #expect(p.maxPriorityFeePerGas == UInt256(1_000_000_000 as UInt64) && p.maxGasPrice == UInt256(25_000_000_000 as UInt64))
        #expect(p.targets == [a1, usdc] && p.deniedTargets == [a2])
        let f = try #require(p.functions)
        #expect(f.signatures == ["approve(address,uint256)", "transfer(address,uint256)"])
        #expect(f.selectors == [0xdeadbeef] && f.signatureSelectors == [0x095ea7b3, 0xa9059cbb])
        #expect(p.deniedFunctions.names(selector: 0xa22cb465))
        #expect(p.allowUnknownCalls && p.approvals.unlimited && p.approvals.spenders == [a2])
        #expect(p.approvals.maxAmounts == [usdc: UInt256(1000)] && p.approvals.maxAmount == nil)
        #expect(p.recipients == [a1] && p.delegates == [a2] && p.allowAnyChainAuthorization && p.contractCreation)
        #expect(p.functionDefinitions.map(\.canonicalSignature) == ["approve(address,uint256)", "transfer(address,uint256)"])
    }

    @Test func defaultsAreTheSafetyDefaults() throws {
        let p = try parse(#"{"version":1}"#)
        #expect(p == SigningPolicy())
        #expect(!p.allowUnknownCalls && !p.approvals.unlimited && p.delegates.isEmpty)
        #expect(!p.allowAnyChainAuthorization && !p.contractCreation)
        #expect(p.targets == nil && p.functions == nil && p.chainIds == nil)
        let one = try parse(#"{"version":1,"approvals":{"maxAmount":"0x64"}}"#)
        #expect(one.approvals.maxAmount == UInt256(100) && one.approvals.maxAmounts.isEmpty)
    }

    @Test func documentErrors() {
        for (text, code, path) in [
            ("", "invalid_json", "$"), ("{", "invalid_json", "$"), (#"{"version":1,"version":1}"#, "invalid_json", "$"),
            ("[]", "invalid_type", "$"), ("{}", "missing_field", "version"), (#"{"version":2}"#, "unsupported_version", "version"),
            (#"{"version":"1"}"#, "invalid_type", "version"), (#"{"version":1.0}"#, "invalid_integer", "version"),
        ] {
            do {
                _ = try parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == "policy_invalid")
                #expect(error.contains(code: code, at: path), "\(text): \(error.issues)")
                #expect(error.location == path)
            }
        }
    }

    /// One malformed value per rule: (the members after `"version":1,`, issue code, path).
    static let cases: [(String, String, String)] = [
        (#""colour":1"#, "unknown_field", "colour"),
        (#""x-note":1"#, "unknown_field", "x-note"),
        (#""description":5"#, "invalid_type", "description"),
        (#""chainIds":1"#, "invalid_type", "chainIds"),
        (#""chainIds":[1,0]"#, "out_of_range", "chainIds[1]"),
        (#""chainIds":[1,"10"]"#, "invalid_type", "chainIds[1]"),
        (#""chainIds":[1,1]"#, "duplicate_entry", "chainIds[1]"),
        (#""accounts":["0x12"]"#, "invalid_address", "accounts[0]"),
        (#""accounts":["0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"]"#, "invalid_address", "accounts[0]"),
        (#""maxTransactions":-1"#, "invalid_integer", "maxTransactions"),
        (#""maxTransactions":"3""#, "invalid_type", "maxTransactions"),
        (#""maxValue":"1.5""#, "invalid_quantity", "maxValue"),
        (#""maxValue":"0.1 wei""#, "invalid_quantity", "maxValue"),
        (#""maxValue":true"#, "invalid_type", "maxValue"),
        (#""maxTotalValue":1e18"#, "invalid_quantity", "maxTotalValue"),
        (#""maxGas":"30gwei""#, "invalid_quantity", "maxGas"),
        (#""maxGas":"18446744073709551616""#, "out_of_range", "maxGas"),
        (#""maxFeePerGas":"lots""#, "invalid_quantity", "maxFeePerGas"),
        (#""maxPriorityFeePerGas":null"#, "invalid_type", "maxPriorityFeePerGas"),
        (#""maxGasPrice":"0x""#, "invalid_quantity", "maxGasPrice"),
        (#""targets":["0x1111111111111111111111111111111111111111","0x11"]"#, "invalid_address", "targets[1]"),
        (#""targets":{}"#, "invalid_type", "targets"),
        (#""targets":["0x1111111111111111111111111111111111111111","0x1111111111111111111111111111111111111111"]"#, "duplicate_entry", "targets[1]"),
        (#""deniedTargets":["1111111111111111111111111111111111111111"]"#, "invalid_address", "deniedTargets[0]"),
        (#""functions":["approve(address,uint256"]"#, "invalid_function", "functions[0]"),
        (#""functions":["0x095ea7b"]"#, "invalid_function", "functions[0]"),
        (#""functions":["0x+95ea7b3"]"#, "invalid_function", "functions[0]"),
        (#""functions":[7]"#, "invalid_type", "functions[0]"),
        (#""functions":["approve(address,uint256)","function approve(address a, uint256 b)"]"#, "duplicate_entry", "functions[1]"),
        (#""deniedFunctions":["event Transfer(address,address,uint256)"]"#, "invalid_function", "deniedFunctions[0]"),
        (#""unknownCalls":"warn""#, "invalid_value", "unknownCalls"),
        (#""unknownCalls":false"#, "invalid_type", "unknownCalls"),
        (#""approvals":[]"#, "invalid_type", "approvals"),
        (#""approvals":{"spender":[]}"#, "unknown_field", "approvals.spender"),
        (#""approvals":{"spenders":["0xzz11111111111111111111111111111111111111"]}"#, "invalid_address", "approvals.spenders[0]"),
        (#""approvals":{"maxAmount":"1gwei"}"#, "invalid_quantity", "approvals.maxAmount"),
        (#""approvals":{"maxAmount":{"USDC":"1"}}"#, "invalid_address", "approvals.maxAmount.USDC"),
        (#""approvals":{"maxAmount":{"0x1111111111111111111111111111111111111111":"-1"}}"#, "invalid_quantity", "approvals.maxAmount.0x1111111111111111111111111111111111111111"),
        (#""approvals":{"unlimited":"no"}"#, "invalid_type", "approvals.unlimited"),
        (#""recipients":[null]"#, "invalid_type", "recipients[0]"),
        (#""delegates":["0x33"]"#, "invalid_address", "delegates[0]"),
        (#""allowAnyChainAuthorization":1"#, "invalid_type", "allowAnyChainAuthorization"),
        (#""contractCreation":"false""#, "invalid_type", "contractCreation"),
    ]

    @Test(arguments: cases)
    func malformedValue(_ body: String, _ code: String, _ path: String) throws {
        let error = try #require(issues(body), "accepted \(body)")
        #expect(error.contains(code: code, at: path), "\(body): \(error.issues)")
        #expect(error.message.hasPrefix(path + ": "))
    }

    @Test func everyProblemIsReported() throws {
        let error = try #require(issues(#""targets":["0x1"],"maxGas":"x","approvals":{"unlimited":1,"extra":2}"#))
        // In document order.
        #expect(error.issues.map(\.path) == ["targets[0]", "maxGas", "approvals.unlimited", "approvals.extra"])
        #expect(error.message.hasSuffix("(and 3 more problems)"))
        #expect(error.issues[0].jsonValue["at"] == .string("targets[0]"))
    }

    @Test func badChecksumNamesTheRightForm() throws {
        let error = try #require(issues(#""targets":["0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"]"#))
        #expect(error.issues[0].message.contains("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"))
    }

    @Test func garbageNeverCrashes() {
        var rng = SplitMix64(seed: 7)
        let pieces = [#"{"version":1,"#, #""targets":["#, #""0x11""#, "]", "}", "{", ",", #""approvals":"#, "null", "1e999", #""maxValue":"#, "\"\\u0000\""]
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            _ = try? SigningPolicy.parse(Array(text.utf8))
        }
    }
}
