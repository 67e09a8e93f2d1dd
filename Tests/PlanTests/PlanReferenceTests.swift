import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
@testable import Plan
import Protocols
import TestSupport
import Testing

/// Embedded data against its references: selectors against vectors/reference/protocols.md, the address
/// books, the schema file, and the exact arithmetic.
@Suite struct PlanReferenceTests {
    /// Selectors as protocols.md §1 lists them (computed there from the canonical signatures).
    @Test(arguments: [
        (PlanFunctions.approve, "095ea7b3"), (PlanFunctions.transfer, "a9059cbb"),
        (PlanFunctions.wethDeposit, "d0e30db0"), (PlanFunctions.wethWithdraw, "2e1a7d4d"),
        (PlanFunctions.vaultDeposit, "6e553f65"), (PlanFunctions.vaultRedeem, "ba087652"),
        (PlanFunctions.aaveSupply, "617ba037"), (PlanFunctions.aaveWithdraw, "69328dec"),
        (PlanFunctions.aaveBorrow, "a415bcad"), (PlanFunctions.aaveRepay, "573ade81"),
        (PlanFunctions.aaveFlashLoan, "ab9c4b5d"), (PlanFunctions.balancerFlashLoan, "5c38449e"),
        (PlanFunctions.morphoSupplyCollateral, "238d6579"), (PlanFunctions.morphoWithdrawCollateral, "8720316d"),
        (PlanFunctions.morphoBorrow, "50d8cd4b"), (PlanFunctions.morphoRepay, "20b76e81"),
        (PlanFunctions.morphoFlashLoan, "e0232b42"),
        (PlanFunctions.exactInputSingle, "04e45aaf"), (PlanFunctions.exactInput, "b858183f"),
        (PlanFunctions.exactOutputSingle, "5023b4df"), (PlanFunctions.exactOutput, "09b81346"),
        (PlanFunctions.swapExactTokensForTokens, "38ed1739"),
        (PlanFunctions.harvest, "4641257d"), (PlanFunctions.report, "2606a10b"),
        (PlanFunctions.claimRewards, "e6f1daf2"), (PlanFunctions.getReward, "3d18b912"),
    ])
    func selectors(function: KnownFunction, selector: String) {
        #expect(function.function.name != "invalid")
        #expect(TestHex.encode(function.selector, prefix: false) == selector, "\(function.canonicalSignature)")
    }

    @Test func executeSignature() {
        #expect(PlanFunctions.execute.canonicalSignature == "execute((address,uint256,bytes)[])")
        #expect(PlanFunctions.all.allSatisfy { $0.function.name != "invalid" })
    }

    /// The embedded functions match the bundled ABI files (same canonical signatures).
    @Test func embeddedFunctionsAreInTheBundledABIs() throws {
        let book = try SelectorBook(directory: Vectors.projectRoot.appendingPathComponent("abi"))
        for f in PlanFunctions.all {
            #expect(!book.functions(signature: f.canonicalSignature).isEmpty, "\(f.canonicalSignature) is in no bundled ABI")
        }
    }

    /// Each protocol a plan names declares its bundled ABI files in the catalog: they exist,
    /// load, and describe the contract (the protocol's step functions are in them).
    @Test func catalogDeclaresEachProtocolsBundledABIs() throws {
        let directory = Vectors.projectRoot.appendingPathComponent("abi")
        func load(_ files: [String]) throws -> [JSONABI] {
            try files.map { try JSONABI.load(file: directory.appendingPathComponent($0)) }
        }
        let steps: [ProtocolName: [ProtocolFunction]] = [
            .aaveV3: [AaveV3.supply, AaveV3.withdraw, AaveV3.borrow, AaveV3.repay, AaveV3.flashLoan],
            .balancerV2: [BalancerV2.flashLoan],
            .morphoBlue: [MorphoBlue.supplyCollateral, MorphoBlue.withdrawCollateral, MorphoBlue.borrow, MorphoBlue.repay, MorphoBlue.flashLoan],
            .uniswapV3: [UniswapV3.exactInputSingle, UniswapV3.exactInput, UniswapV3.exactOutputSingle, UniswapV3.exactOutput],
            .uniswapV2: [UniswapV2.swapExactTokensForTokens],
            .safe: [SafeProtocol.multiSend],
            .weth: [WETH.deposit, WETH.withdraw],
        ]
        for p in ProtocolName.all {
            let files = p.abiFiles
            #expect(!files.isEmpty, "\(p.rawValue) declares no bundled ABI")
            let abis = try load(files)
            for f in steps[p] ?? [] {
                #expect(abis.contains { $0.function(signature: f.signature) != nil }, "\(f.signature) is not in \(files)")
            }
        }
        #expect(try load(FunctionLookup.executorFiles).contains { $0.function(signature: BallastExecutor.execute.signature) != nil })
        #expect(try load(FunctionLookup.tokenFiles).contains { $0.function(signature: ERC20.approve.signature) != nil })
    }

    @Test func addressBooks() throws {
        for chain in AddressBook.builtinChains {
            let book = AddressBook.builtin(chainId: chain)
            #expect(!book.tokens.isEmpty && book.protocols[.aaveV3] != nil && book.protocols[.weth] != nil)
            for (symbol, t) in book.tokens { #expect(!t.address.isZero, "\(chain) \(symbol)") }
            for (p, a) in book.protocols { #expect(!a.isZero, "\(chain) \(p)") }
        }
        #expect(AddressBook.builtin(chainId: 5).tokens.isEmpty)
        // UNCONFIRMED entries are left out.
        for chain: UInt64 in [10, 137, 8453, 42161] {
            let book = AddressBook.builtin(chainId: chain)
            for p in [ProtocolName.uniswapV3, .balancerV2, .morphoBlue, .multicall3, .permit2] {
                #expect(book.protocols[p] == nil, "\(chain) \(p)")
            }
        }
        // The books are the catalog's: each protocol's built-in addresses, on chains with a book.
        for p in ProtocolName.all {
            for (chain, a) in p.builtinAddresses {
                #expect(AddressBook.builtinChains.contains(chain), "\(p.rawValue) has an address on chain \(chain), which has no built-in book")
                #expect(AddressBook.builtin(chainId: chain).protocols[p] == a, "\(p.rawValue) on chain \(chain)")
            }
        }
        for chain in AddressBook.builtinChains {
            #expect(AddressBook.builtin(chainId: chain).protocols.count == ProtocolName.all.filter { $0.builtinAddresses[chain] != nil }.count)
        }
        // Each entry's address appears in protocols.md (case-insensitively: one is lowercase there).
        let doc = try String(contentsOf: Vectors.reference("protocols.md"), encoding: .utf8).lowercased()
        for chain in AddressBook.builtinChains {
            let book = AddressBook.builtin(chainId: chain)
            for a in Array(book.tokens.values.map(\.address)) + Array(book.protocols.values) {
                #expect(doc.contains(a.lowercasedHex), "\(a) (chain \(chain)) is not in protocols.md")
            }
        }
    }

    /// The catalog's protocol names: unique, each found by its name, with an address key and
    /// what the address is.
    @Test func catalogProtocolNames() {
        let names = ProtocolName.all.map(\.rawValue)
        #expect(Set(names).count == names.count, "\(names)")
        for p in ProtocolName.all {
            #expect(ProtocolName(rawValue: p.rawValue) == p)
            #expect(!p.addressKey.isEmpty && !p.contract.isEmpty, "\(p.rawValue)")
            #expect(p.addressDescription == "\(p.rawValue).\(p.addressKey)")
        }
        #expect(ProtocolName(rawValue: "Aave-V3") == nil && ProtocolName(rawValue: "") == nil)
        // The plan format's flash-loan providers are protocols of the catalog, under its names.
        for provider in FlashLoanProvider.allCases { #expect(ProtocolName(rawValue: provider.rawValue) != nil, "\(provider)") }
    }

    @Test func schemaFileIsTheEmbeddedSchema() throws {
        let file = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        #expect(file == PlanSchema.text)
        let schema = try JSONValue.parse(PlanSchema.text)
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
    }

    @Test func exactArithmetic() throws {
        let a = BigNat(UInt256.max)
        let sq = a * a
        // (2^256 − 1)^2 = 2^512 − 2^257 + 1.
        #expect(sq.description == "13407807929942597099574024998205846127479365820592393377723561443721764030073315392623399665776056285720014482370779510884422601683867654778417822746804225")
        #expect(BigNat.quotient(sq, a) == a)
        #expect(BigNat.subtracting(BigNat(word: 3), BigNat(word: 5)) == nil)
        #expect(BigNat.pow10(40).description == "1" + String(repeating: "0", count: 40))
        let r = try #require(Ratio(decimal: "1.30"))
        #expect(Ratio.compare(r, try #require(Ratio(decimal: "1.3"))) == 0)
        #expect(Ratio(decimal: "1.") == nil && Ratio(decimal: ".5") == nil && Ratio(decimal: "-1") == nil && Ratio(decimal: "1e3") == nil)
        #expect(Ratio.dividing(Ratio(BigNat(word: 2)), by: Ratio(BigNat(word: 3))).decimalString(digits: 4) == "0.6666")
        // Premium: Aave's percentMul, half up; nil where Aave's own arithmetic overflows
        // (vectors/plans/fees.json checks many more amounts against the reference formulas).
        let f = FlashLoanRebalance(provider: .aaveV3, lender: .zero, loans: [], steps: [], premiumBps: 5)
        #expect(f.premium(for: UInt256(10_000)) == UInt256(5) && f.premium(for: UInt256(10_001)) == UInt256(5) && f.premium(for: .zero) == .zero)
        #expect(f.premium(for: UInt256(19_999)) == UInt256(10) && f.premium(for: UInt256(1_000)) == UInt256(1) && f.premium(for: UInt256(999)) == .zero)
        #expect(f.premium(for: .max) == nil)
    }
}
