import BenchFixtures
import Benchmark
import EthereumPrimitives
import Keccak
import Secp256k1
import Transactions

// Signing an EIP-1559 transaction with 600 bytes of calldata, next to the bare libsecp256k1
// calls the signer makes for one signature (sign, serialize, parse, recover, compare: the
// facade's check that the signature recovers to the key). The transaction path adds: the rule
// checks (intrinsic gas, fees), two RLP encodings, the Keccak-256 signing hash (the transaction
// hash is computed only when asked for), the conversions.

let signer = TxFixture.signer

@inline(__always)
func makeTransaction(nonce: UInt64) -> DynamicFeeTransaction { TxFixture.makeTransaction(nonce: nonce) }

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        maxDuration: .seconds(3),
        maxIterations: 20_000
    )

    TxFixture.checkAgainstEthAccount()
    let check = try! makeTransaction(nonce: 1).sign(with: signer)

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
            blackHole(BareSecp256k1.shared.signAndRecover(hash))
        }
    }

    Benchmark("bare libsecp256k1 sign_recoverable only", configuration: config) { benchmark in
        var hash = [UInt8](repeating: 0x5A, count: 32)
        var nonce: UInt64 = 0
        for _ in benchmark.scaledIterations {
            nonce &+= 1
            withUnsafeBytes(of: nonce) { n in for i in 0..<8 { hash[i] = n[i] } }
            blackHole(BareSecp256k1.shared.signOnly(hash))
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
