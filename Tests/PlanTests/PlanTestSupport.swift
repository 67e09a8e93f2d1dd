import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

// Plans for the tests, built as JSON text, and decoding helpers that read the produced calldata
// back with ABIDecoder against the signatures that docs/plan-compilation.md prescribes.

enum Fixture {
    /// eth-account's documented example key and its address.
    static let keyHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let account = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
    static let executor = "0x1111111111111111111111111111111111111111"
    static let delegate = "0x3333333333333333333333333333333333333333"
    static let safe = "0x4444444444444444444444444444444444444444"

    // Ethereum mainnet addresses (vectors/reference/protocols.md §2.1).
    static let usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
    static let weth = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
    static let dai = "0x6B175474E89094C44Da98b954EedeAC495271d0F"
    static let wbtc = "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"
    static let pool = "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"
    static let vault = "0xBA12222222228d8Ba445958a75a0704d566BF2C8"
    static let morpho = "0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb"
    static let router = "0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"
    static let v2Router = "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"

    static func signer(_ hex: String = keyHex) throws -> PrivateKeySigner {
        try PrivateKeySigner(privateKey: PrivateKey(bytes: TestHex.decode(hex) ?? []))
    }

    static let executorMode = #"{"mode":"executor","executor":"\#(executor)"}"#
    static let fees1559 = #"{"maxFeePerGas":"40gwei","maxPriorityFeePerGas":"1.5gwei"}"#

    /// A plan with the given actions (a JSON array's content) and overrides of top-level fields.
    static func plan(
        actions: String, execution: String = executorMode, chainId: Int = 1, nonce: Int = 42,
        fees: String = fees1559, account: String = account, extra: String = ""
    ) -> String {
        """
        {"version":1,"chainId":\(chainId),"account":"\(account)","execution":\(execution),"nonce":\(nonce),
         "fees":\(fees)\(extra.isEmpty ? "" : "," + extra),"actions":[\(actions)]}
        """
    }

    static func address(_ s: String) -> Address { (try? Address(hex: s)) ?? .zero }

    static let abiDirectory = Vectors.projectRoot.appendingPathComponent("abi").path

    static func read(_ text: String, abi: Bool = true) throws(PlanValidationError) -> Plan {
        try Plan(parsing: text, options: PlanOptions(abiDirectory: abi ? abiDirectory : nil))
    }

    static func compile(_ text: String) throws(PlanValidationError) -> CompiledPlan {
        try read(text).compile()
    }

    /// The issues of a plan that must fail (reading or compiling).
    static func issues(_ text: String) -> [PlanIssue] {
        do {
            _ = try compile(text)
            return []
        } catch {
            return error.issues
        }
    }
}

/// A call read back from bytes.
struct Decoded {
    let target: Address
    let value: UInt256
    let data: [UInt8]

    /// The arguments, decoded strictly with `signature`'s types after checking its selector.
    func args(_ signature: String) throws -> [ABIValue] {
        let f = try ABIFunction(parsing: signature)
        return try ABIDecoder.decodeCall(data, selector: f.selector, types: f.inputTypes)
    }

    func isCall(_ signature: String) -> Bool {
        guard let f = try? ABIFunction(parsing: signature) else { return false }
        return data.count >= 4 && Array(data[0..<4]) == f.selector
    }
}

enum CallReader {
    static let callList = "(address,uint256,bytes)[]"

    /// The call list of `execute((address,uint256,bytes)[])` calldata.
    static func executeCalls(_ data: [UInt8]) throws -> [Decoded] {
        let f = try ABIFunction(parsing: "execute(\(callList))")
        let values = try ABIDecoder.decodeCall(data, selector: f.selector, types: f.inputTypes)
        return try list(values[0])
    }

    /// A call list encoded as `abi.encode((address,uint256,bytes)[])`.
    static func encodedList(_ bytes: [UInt8]) throws -> [Decoded] {
        let values = try ABIDecoder.decode([try ABIType(parsing: callList)], from: bytes)
        return try list(values[0])
    }

    static func list(_ v: ABIValue) throws -> [Decoded] {
        guard case .array(let items) = v else { throw TestFailure("not a call list") }
        return try items.map { item in
            guard case .tuple(let p) = item, p.count == 3, case .address(let t) = p[0], case .uint(let value) = p[1], case .bytes(let d) = p[2] else {
                throw TestFailure("not a call")
            }
            return Decoded(target: t, value: value, data: d)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension ABIValue {
    static func addr(_ s: String) -> ABIValue { .address(Fixture.address(s)) }
    static func u(_ s: String) -> ABIValue { .uint((try? UInt256(decimal: s)) ?? .zero) }
    static func u(_ n: UInt64) -> ABIValue { .uint(UInt256(n)) }
}
