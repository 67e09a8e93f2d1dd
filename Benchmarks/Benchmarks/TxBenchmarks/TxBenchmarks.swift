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

    // Same bytes as the vectors' reference: the benchmark transaction signs and decodes back.
    let check = try! makeTransaction(nonce: 1).sign(with: signer)
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
