import Benchmark
import CSecp256k1Bare
import EthereumPrimitives
import Keccak
import Secp256k1
import Transactions

// Signing an EIP-1559 transaction with 600 bytes of calldata, next to the bare libsecp256k1
// calls the signer makes for one signature (sign, serialize, parse, recover, compare: the
// facade's check that the signature recovers to the key). The transaction path adds: the rule
// checks (intrinsic gas, fees), two RLP encodings, two Keccak-256 hashes, the conversions.

let key = [UInt8](repeating: 0x42, count: 32)
let signer = try! PrivateKeySigner(privateKey: PrivateKey(bytes: key))
let calldata: [UInt8] = (0..<600).map { i in i % 5 == 0 ? 0 : UInt8(truncatingIfNeeded: i &* 37 &+ 11) }
let recipient = try! Address(hex: "0x00000000219ab540356cBB839Cbe05303d7705Fa")

@inline(__always)
func makeTransaction(nonce: UInt64) -> DynamicFeeTransaction {
    DynamicFeeTransaction(
        chainId: 1, nonce: nonce, maxPriorityFeePerGas: UInt256(1_500_000_000), maxFeePerGas: UInt256(30_000_000_000),
        gasLimit: 250_000, to: recipient, value: UInt256(10_000_000_000_000_000), input: calldata)
}

let ethAccountNonce1Raw =
    "0x02f902cd01018459682f008506fc23ac008303d0909400000000219ab540356cbb839cbe05303d7705fa872386f26fc10000b902580030557a9f00e90e335800a2c7ec11005b80a5ca0014395e8300cdf2173c0086abd0f5003f6489ae00f81d426700b1d6fb20006a8fb4d90023486d9200dc01264b0095badf04004e7398bd00072c517600c0e50a2f00799ec3e80032577ca100eb10355a00a4c9ee13005d82a7cc00163b608500cff4193e0088add2f70041668bb000fa1f446900b3d8fd22006c91b6db00254a6f9400de03284d0097bce1060050759abf00092e537800c2e70c31007ba0c5ea0034597ea300ed12375c00a6cbf015005f84a9ce00183d628700d1f61b40008aafd4f90043688db200fc21466b00b5daff24006e93b8dd00274c719600e0052a4f0099bee3080052779cc1000b30557a00c4e90e33007da2c7ec00365b80a500ef14395e00a8cdf217006186abd0001a3f648900d3f81d42008cb1d6fb00456a8fb400fe23486d00b7dc0126007095badf00294e739800e2072c51009bc0e50a0054799ec3000d32577c00c6eb1035007fa4c9ee00385d82a700f1163b6000aacff419006388add2001c41668b00d5fa1f44008eb3d8fd00476c91b60000254a6f00b9de0328007297bce1002b50759a00e4092e53009dc2e70c00567ba0c5000f34597e00c8ed12370081a6cbf0003a5f84a900f3183d6200acd1f61b00658aafd4001e43688d00d7fc21460090b5daff00496e93b80002274c7100bbe0052a007499bee3002d52779c00e60b3055009fc4e90e00587da2c70011365b8000caef14390083a8cdf2003c6186ab00f51a3f6400aed3f81d00678cb1d60020456a8f00d9fe23480092b7dc01004b7095ba0004294e7300bde2072c00769bc0e5002f54799ec001a0f5df64a1330a5591308b9c65ebfcf1018ea2fd0d8d003c5c17c3e0f56dab207da0489448cc9042b0e797b4a7234cb5ea8f52adc595a63944adebbf2755ae42384e"

/// One libsecp256k1 context, blinded once, as the facade uses.
final class BareContext: @unchecked Sendable {
    static let shared = BareContext()
    let ctx: OpaquePointer
    var pubkey = secp256k1_pubkey()

    init() {
        ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 7, count: 32)
        _ = secp256k1_context_randomize(ctx, &seed)
        _ = secp256k1_ec_pubkey_create(ctx, &pubkey, key)
    }
}

/// sign_recoverable + serialize + parse + recover + compare: the checked signature, bare.
@inline(__always)
func bareSignAndRecover(_ hash: UnsafePointer<UInt8>) -> Int32 {
    let c = BareContext.shared
    var sig = secp256k1_ecdsa_recoverable_signature()
    _ = secp256k1_ecdsa_sign_recoverable(c.ctx, &sig, hash, key, nil, nil)
    var compact = [UInt8](repeating: 0, count: 64)
    var recid: Int32 = 0
    _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(c.ctx, &compact, &recid, &sig)
    var parsed = secp256k1_ecdsa_recoverable_signature()
    _ = secp256k1_ecdsa_recoverable_signature_parse_compact(c.ctx, &parsed, compact, recid)
    var recovered = secp256k1_pubkey()
    _ = secp256k1_ecdsa_recover(c.ctx, &recovered, &parsed, hash)
    var expected = c.pubkey
    return secp256k1_ec_pubkey_cmp(c.ctx, &recovered, &expected) &+ recid
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        maxDuration: .seconds(3),
        maxIterations: 20_000
    )

    // The nonce-1 transaction as eth-account 0.14.0 signs it (scripts/bench_tx_reference.py prints it).
    let check = try! makeTransaction(nonce: 1).sign(with: signer)
    precondition(check.rawHex == ethAccountNonce1Raw, "the benchmark transaction differs from eth-account's")
    precondition(try! SignedTransaction.decode(check.encoded).sender == check.sender)

    Benchmark("tx sign EIP-1559, 600 B calldata (build + checks + encode + hash + sign + verify)", configuration: config) { benchmark in
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            blackHole(try! makeTransaction(nonce: nonce).sign(with: signer))
        }
    }

    Benchmark("bare libsecp256k1 sign_recoverable + recover (+ serialize/parse/compare)", configuration: config) { benchmark in
        var hash = [UInt8](repeating: 0x5A, count: 32)
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            withUnsafeBytes(of: nonce) { n in for i in 0..<8 { hash[i] = n[i] } }
            blackHole(bareSignAndRecover(hash))
        }
    }

    Benchmark("bare libsecp256k1 sign_recoverable only", configuration: config) { benchmark in
        let c = BareContext.shared
        var hash = [UInt8](repeating: 0x5A, count: 32)
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            withUnsafeBytes(of: nonce) { n in for i in 0..<8 { hash[i] = n[i] } }
            var sig = secp256k1_ecdsa_recoverable_signature()
            blackHole(secp256k1_ecdsa_sign_recoverable(c.ctx, &sig, hash, key, nil, nil))
        }
    }

    Benchmark("facade PrivateKeySigner.sign (checked by recovery)", configuration: config) { benchmark in
        var hash = [UInt8](repeating: 0x5A, count: 32)
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            withUnsafeBytes(of: nonce) { n in for i in 0..<8 { hash[i] = n[i] } }
            blackHole(try! signer.sign(hash: hash))
        }
    }

    Benchmark("tx build + checks + signing hash (no signature)", configuration: config) { benchmark in
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            let tx = UnsignedTransaction.dynamicFee(makeTransaction(nonce: nonce))
            try! tx.validate()
            blackHole(tx.signingHash)
        }
    }

    Benchmark("tx decode + recover sender (EIP-1559, 600 B calldata)", configuration: config) { benchmark in
        let raw = check.encoded
        for _ in benchmark.scaledIterations {
            blackHole(try! SignedTransaction.decode(raw))
        }
    }
}
