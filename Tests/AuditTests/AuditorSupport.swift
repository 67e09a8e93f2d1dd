import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

/// Keys, addresses and builders for the audit tests.
enum AF {
    /// The public development key of examples/README.md and its address.
    static let devKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    static let account = address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    /// eth-account's documented example key (another sender).
    static let otherKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let other = address("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")

    static let executor = address("0xB873ac2C343579C1B5F85704B5C2f359aB961953")
    static let stranger = address("0x5555555555555555555555555555555555555555")
    static let usdc = address("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
    static let weth = address("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
    static let pool = address("0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2")
    static let router = address("0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45")
    static let permit2 = address("0x000000000022d473030f116ddee9f6b43ac78ba3")
    static let multicall3 = address("0xca11bde05977b3631167028862be2a173976ca11")
    static let multiSend = address("0x9641d764fc13c8b624c04430c7356c1c7c8102e2")
    static let safe = address("0x488967789C7D18397049133DE682f745Ed81EF93")

    static func address(_ s: String) -> Address { (try? Address(hex: s)) ?? .zero }

    static func signer(_ hex: String = devKey) throws -> PrivateKeySigner {
        try PrivateKeySigner(privateKey: PrivateKey(bytes: TestHex.decode(hex) ?? []))
    }

    static let abiDirectory = Vectors.projectRoot.appendingPathComponent("abi")

    /// The decoder of `ballast audit`: the plan's functions, the bundled ABIs, batches followed.
    static func decoder(plan: Plan? = nil) throws -> CallDecoder {
        var d = plan.map(CallDecoder.init(plan:)) ?? CallDecoder()
        d.followsBatches = true
        d.add(try SelectorBook(directory: abiDirectory))
        return d
    }

    static func auditor(plan: Plan? = nil) throws -> Auditor {
        Auditor(decoder: try decoder(plan: plan))
    }

    // MARK: Calldata

    static func calldata(_ signature: String, _ args: [ABIValue]) throws -> [UInt8] {
        try KnownFunction(ABIFunction(parsing: signature)).encode(args)
    }

    static func call(_ target: Address, _ data: [UInt8], value: UInt256 = .zero) -> ABIValue {
        .tuple([.address(target), .uint(value), .bytes(data)])
    }

    static func execute(_ calls: [ABIValue]) throws -> [UInt8] {
        try PlanFunctions.execute.encode([.array(calls)])
    }

    static func u(_ v: UInt64) -> ABIValue { .uint(UInt256(v)) }
    static func a(_ v: Address) -> ABIValue { .address(v) }

    // MARK: Transactions

    static func tx(
        to: Address?, data: [UInt8] = [], value: UInt256 = .zero, nonce: UInt64 = 0, chainId: UInt64 = 1,
        maxFee: UInt256 = UInt256(40_000_000_000), gas: UInt64 = 1_000_000, key: String = devKey
    ) throws -> SignedTransaction {
        try DynamicFeeTransaction(
            chainId: chainId, nonce: nonce, maxPriorityFeePerGas: UInt256(1_000_000_000), maxFeePerGas: maxFee,
            gasLimit: gas, to: to, value: value, input: data
        ).sign(with: try signer(key))
    }

    static func lines(_ txs: [SignedTransaction]) -> [AuditInputLine] {
        txs.enumerated().map { AuditInputLine(input: .signed($1), location: "test line \($0 + 1)") }
    }

    static func audit(_ txs: [SignedTransaction]) throws -> AuditReport {
        try auditor().audit(lines(txs))
    }

    static func calldataReport(to: Address, _ data: [UInt8], from: Address? = account, value: UInt256 = .zero) throws -> AuditReport {
        try auditor().audit([AuditInputLine(input: .calldata(to: to, value: value, data: data, from: from), location: "argument 1")])
    }

    // MARK: Examples

    static func example(_ name: String) throws -> Plan {
        let bytes = try [UInt8](Data(contentsOf: Vectors.projectRoot.appendingPathComponent("examples/\(name).json")))
        return try Plan(bytes: bytes, options: PlanOptions(abiDirectory: abiDirectory.path))
    }

    /// The example signed with the development key, as `plan build` does.
    static func built(_ name: String) throws -> (CompiledPlan, [SignedPlanTransaction]) {
        let compiled = try example(name).compile()
        return (compiled, try compiled.sign(with: try signer(), threads: 1))
    }

    static let signedExamples = [
        "aave-collateral-swap", "balancer-refinance-aave-to-morpho", "demo", "eip7702-batch", "eoa-harvest-compound",
        "eoa-simple", "harvest-compound-4626", "hedge-decrease", "hedge-increase", "morpho-deleverage", "aave-close-to-morpho",
    ]
}

extension AuditReport {
    func codes(atLeast severity: Severity = .info) -> [AnyFindingCode] {
        findings.filter { $0.severity >= severity }.map(\.code)
    }

    func has(_ code: AnyFindingCode, at path: String? = nil) -> Bool {
        findings.contains { $0.code == code && (path == nil || $0.path == path) }
    }

    func finding(_ code: AnyFindingCode) -> Finding? { findings.first { $0.code == code } }
}

extension AnyFindingCode {
    /// A code of `--against` (`against_…`).
    var isAgainstPlan: Bool {
        [.audit(.againstMissingTransaction), .audit(.againstExtraTransaction), .audit(.againstMismatch), .audit(.againstUnverifiable)].contains(self)
    }
}
