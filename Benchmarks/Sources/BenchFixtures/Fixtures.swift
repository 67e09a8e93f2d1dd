// Inputs shared by the package-benchmark targets and BenchReport, so that every figure of
// `make bench` times the same work.

import CSecp256k1Bare
import EthereumPrimitives
import Secp256k1
import Transactions

/// An EIP-1559 transaction with 600 bytes of calldata, signed with the key 0x42…42.
public enum TxFixture {
    public static let key = [UInt8](repeating: 0x42, count: 32)
    public static let signer = try! PrivateKeySigner(privateKey: PrivateKey(bytes: key))
    public static let calldata: [UInt8] = (0..<600).map { i in i % 5 == 0 ? 0 : UInt8(truncatingIfNeeded: i &* 37 &+ 11) }
    public static let recipient = try! Address(hex: "0x00000000219ab540356cBB839Cbe05303d7705Fa")

    @inline(__always)
    public static func makeTransaction(nonce: UInt64) -> DynamicFeeTransaction {
        DynamicFeeTransaction(
            chainId: 1, nonce: nonce, maxPriorityFeePerGas: UInt256(1_500_000_000), maxFeePerGas: UInt256(30_000_000_000),
            gasLimit: 250_000, to: recipient, value: UInt256(10_000_000_000_000_000), input: calldata)
    }

    // The nonce-1 transaction as eth-account 0.14.0 signs it (scripts/bench_tx_reference.py prints it).
    public static let ethAccountNonce1Raw =
        "0x02f902cd01018459682f008506fc23ac008303d0909400000000219ab540356cbb839cbe05303d7705fa872386f26fc10000b902580030557a9f00e90e335800a2c7ec11005b80a5ca0014395e8300cdf2173c0086abd0f5003f6489ae00f81d426700b1d6fb20006a8fb4d90023486d9200dc01264b0095badf04004e7398bd00072c517600c0e50a2f00799ec3e80032577ca100eb10355a00a4c9ee13005d82a7cc00163b608500cff4193e0088add2f70041668bb000fa1f446900b3d8fd22006c91b6db00254a6f9400de03284d0097bce1060050759abf00092e537800c2e70c31007ba0c5ea0034597ea300ed12375c00a6cbf015005f84a9ce00183d628700d1f61b40008aafd4f90043688db200fc21466b00b5daff24006e93b8dd00274c719600e0052a4f0099bee3080052779cc1000b30557a00c4e90e33007da2c7ec00365b80a500ef14395e00a8cdf217006186abd0001a3f648900d3f81d42008cb1d6fb00456a8fb400fe23486d00b7dc0126007095badf00294e739800e2072c51009bc0e50a0054799ec3000d32577c00c6eb1035007fa4c9ee00385d82a700f1163b6000aacff419006388add2001c41668b00d5fa1f44008eb3d8fd00476c91b60000254a6f00b9de0328007297bce1002b50759a00e4092e53009dc2e70c00567ba0c5000f34597e00c8ed12370081a6cbf0003a5f84a900f3183d6200acd1f61b00658aafd4001e43688d00d7fc21460090b5daff00496e93b80002274c7100bbe0052a007499bee3002d52779c00e60b3055009fc4e90e00587da2c70011365b8000caef14390083a8cdf2003c6186ab00f51a3f6400aed3f81d00678cb1d60020456a8f00d9fe23480092b7dc01004b7095ba0004294e7300bde2072c00769bc0e5002f54799ec001a0f5df64a1330a5591308b9c65ebfcf1018ea2fd0d8d003c5c17c3e0f56dab207da0489448cc9042b0e797b4a7234cb5ea8f52adc595a63944adebbf2755ae42384e"

    /// Checks that the fixture signs to eth-account's bytes (a wrong transaction must not be timed).
    public static func checkAgainstEthAccount() {
        let check = try! makeTransaction(nonce: 1).sign(with: signer)
        precondition(check.rawHex == ethAccountNonce1Raw, "the benchmark transaction differs from eth-account's")
        precondition(try! SignedTransaction.decode(check.encoded).sender == check.sender)
    }
}

/// libsecp256k1 called directly: one context, blinded once, as the facade uses it.
public final class BareSecp256k1: @unchecked Sendable {
    public static let shared = BareSecp256k1()
    public let ctx: OpaquePointer
    var pubkey = secp256k1_pubkey()

    init() {
        ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 7, count: 32)
        _ = secp256k1_context_randomize(ctx, &seed)
        _ = secp256k1_ec_pubkey_create(ctx, &pubkey, TxFixture.key)
    }

    /// sign_recoverable + serialize + parse + recover + compare: the checked signature, bare.
    @inline(__always)
    public func signAndRecover(_ hash: UnsafePointer<UInt8>) -> Int32 {
        var sig = secp256k1_ecdsa_recoverable_signature()
        _ = secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash, TxFixture.key, nil, nil)
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, &compact, &recid, &sig)
        var parsed = secp256k1_ecdsa_recoverable_signature()
        _ = secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &parsed, compact, recid)
        var recovered = secp256k1_pubkey()
        _ = secp256k1_ecdsa_recover(ctx, &recovered, &parsed, hash)
        var expected = pubkey
        return secp256k1_ec_pubkey_cmp(ctx, &recovered, &expected) &+ recid
    }

    /// sign_recoverable + convert + verify against the cached public key: the other way to check
    /// a signature (it does not check the recovery id).
    @inline(__always)
    public func signAndVerify(_ hash: UnsafePointer<UInt8>) -> Int32 {
        var sig = secp256k1_ecdsa_recoverable_signature()
        _ = secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash, TxFixture.key, nil, nil)
        var plain = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_recoverable_signature_convert(ctx, &plain, &sig)
        var expected = pubkey
        return secp256k1_ecdsa_verify(ctx, &plain, hash, &expected)
    }

    /// sign_recoverable alone.
    @inline(__always)
    public func signOnly(_ hash: UnsafePointer<UInt8>) -> Int32 {
        var sig = secp256k1_ecdsa_recoverable_signature()
        return secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash, TxFixture.key, nil, nil)
    }
}

/// The main job at scale: a generated executor-mode plan of mixed kinds (Aave, Balancer and
/// Morpho flash-loan rebalances, harvests with compound steps, hedge adjustments).
public enum PlanFixture {
    public static let keyBytes: [UInt8] = (0..<32).map { UInt8($0 &+ 1) }
    public static let signer = try! PrivateKeySigner(privateKey: PrivateKey(bytes: keyBytes))
    public static let account = Address(bytes: signer.addressBytes)!.checksummed

    /// The JSON text of a plan of `count` actions cycling through five shapes.
    public static func generatedPlan(count: Int) -> [UInt8] {
        let market = #"{"loanToken":"USDC","collateralToken":"WETH","oracle":"0x5555555555555555555555555555555555555555","irm":"0x6666666666666666666666666666666666666666","lltv":"860000000000000000"}"#
        var actions: [String] = []
        actions.reserveCapacity(count)
        for i in 0..<count {
            let n = 1000 + i
            switch i % 5 {
            case 0:
                actions.append(#"""
                {"id":"rebalance-\#(i)","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"\#(n)"}],"steps":[
                  {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"\#(n)"},
                  {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"1.5"},
                  {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1.5","minAmountOut":"\#(n + 1)"}]}
                """#)
            case 1:
                actions.append(#"""
                {"id":"refinance-\#(i)","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"WETH","amount":"2"},{"token":"USDC","amount":"\#(n)"}],"steps":[
                  {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"\#(n)"},
                  {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"3"},
                  {"op":"supply","protocol":"morpho-blue","market":\#(market),"amount":"1"},
                  {"op":"borrow","protocol":"morpho-blue","market":\#(market),"amount":"\#(n)"}]}
                """#)
            case 2:
                actions.append(#"""
                {"id":"harvest-\#(i)","kind":"harvest","protocol":"yearn-v3","target":"0x2222222222222222222222222222222222222222",
                 "compound":[{"op":"deposit","vault":"0x7777777777777777777777777777777777777777","token":"USDC","amount":"\#(n)"},
                             {"op":"swap","venue":"uniswap-v3","path":["USDC",500,"WETH",3000,"DAI"],"amountIn":"10","minAmountOut":"9.9"}]}
                """#)
            case 3:
                actions.append(#"""
                {"id":"hedge-\#(i)","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"-0.\#(n)","quote":"USDC",
                 "swap":{"venue":"uniswap-v3","fee":500,"minAmountOut":"\#(n)"}}
                """#)
            default:
                actions.append(#"""
                {"id":"deleverage-\#(i)","kind":"flashLoanRebalance","provider":"morpho-blue","loans":[{"token":"USDC","amount":"\#(n)"}],"steps":[
                  {"op":"repay","protocol":"morpho-blue","market":\#(market),"amount":"\#(n)"},
                  {"op":"withdraw","protocol":"morpho-blue","market":\#(market),"amount":"1"},
                  {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountOut":"\#(n)","maxAmountIn":"1"}]}
                """#)
            }
        }
        let text = #"""
        {"version":1,"chainId":1,"account":"\#(account)","execution":{"mode":"executor","executor":"0x1111111111111111111111111111111111111111"},
         "nonce":100,"fees":{"maxFeePerGas":"30gwei","maxPriorityFeePerGas":"1gwei"},
         "guards":{"maxSlippageBps":10000,"allowedTargets":["aave-v3","balancer-v2","morpho-blue","uniswap-v3","USDC","WETH","DAI",
           "0x2222222222222222222222222222222222222222","0x7777777777777777777777777777777777777777"]},
         "actions":[\#(actions.joined(separator: ","))]}
        """#
        return Array(text.utf8)
    }
}
