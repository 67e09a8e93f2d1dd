import Benchmark
import RLP

// A legacy transaction's shape: [nonce, gasPrice, gasLimit, to, value, data, v, r, s].
// The main variant keeps 256-bit quantities as four 64-bit limbs, least significant first (the
// layout of `UInt256(littleEndianLimbs:)`), as transaction code does; a second variant keeps
// them as 32-byte big-endian arrays.

typealias Limbs = (UInt64, UInt64, UInt64, UInt64)

struct LegacyTx: RLPListEncodable {
    var nonce: UInt64
    var gasPrice: UInt64
    var gasLimit: UInt64
    var to: [UInt8]  // 20 bytes
    var value: Limbs
    var data: [UInt8]
    var v: UInt64
    var r: Limbs
    var s: Limbs

    @inline(__always)
    var rlpPayloadLength: Int {
        RLP.lengthOfInteger(nonce) &+ RLP.lengthOfInteger(gasPrice) &+ RLP.lengthOfInteger(gasLimit)
            &+ RLP.lengthOfBytes(to) &+ RLP.lengthOfInteger(littleEndianLimbs: value) &+ RLP.lengthOfBytes(data)
            &+ RLP.lengthOfInteger(v) &+ RLP.lengthOfInteger(littleEndianLimbs: r)
            &+ RLP.lengthOfInteger(littleEndianLimbs: s)
    }

    @inline(__always)
    func encodeRLPPayload(into w: inout RLPWriter) {
        w.appendInteger(nonce)
        w.appendInteger(gasPrice)
        w.appendInteger(gasLimit)
        w.appendBytes(to)
        w.appendInteger(littleEndianLimbs: value)
        w.appendBytes(data)
        w.appendInteger(v)
        w.appendInteger(littleEndianLimbs: r)
        w.appendInteger(littleEndianLimbs: s)
    }
}

/// Strict field-by-field decode with no allocation: integers parsed, `to` and `data` as index
/// ranges into the input (a transaction decoder copies them into its own types).
struct DecodedLegacyTx {
    var nonce: UInt64
    var gasPrice: UInt64
    var gasLimit: UInt64
    var to: Range<Int>
    var value: Limbs
    var data: Range<Int>
    var v: UInt64
    var r: Limbs
    var s: Limbs

    @inline(__always)
    init(rlp bytes: [UInt8]) throws(RLPError) {
        var f = try RLPReader.list(in: bytes[...])
        nonce = try f.nextUInt64()
        gasPrice = try f.nextUInt64()
        gasLimit = try f.nextUInt64()
        to = try f.nextBytesRange()
        guard to.isEmpty || to.count == 20 else { throw RLPError(.unexpectedLength, offset: to.lowerBound) }
        value = try f.nextInteger256()
        data = try f.nextBytesRange()
        v = try f.nextUInt64()
        r = try f.nextInteger256()
        s = try f.nextInteger256()
        try f.expectEnd()
    }
}

/// The same shape with 256-bit quantities as big-endian byte arrays.
struct LegacyTxBytes: RLPListEncodable {
    var nonce: UInt64
    var gasPrice: UInt64
    var gasLimit: UInt64
    var to: [UInt8]
    var value: [UInt8]
    var data: [UInt8]
    var v: UInt64
    var r: [UInt8]
    var s: [UInt8]

    @inline(__always)
    var rlpPayloadLength: Int {
        RLP.lengthOfInteger(nonce) &+ RLP.lengthOfInteger(gasPrice) &+ RLP.lengthOfInteger(gasLimit)
            &+ RLP.lengthOfBytes(to) &+ RLP.lengthOfInteger(bigEndian: value) &+ RLP.lengthOfBytes(data)
            &+ RLP.lengthOfInteger(v) &+ RLP.lengthOfInteger(bigEndian: r) &+ RLP.lengthOfInteger(bigEndian: s)
    }

    @inline(__always)
    func encodeRLPPayload(into w: inout RLPWriter) {
        w.appendInteger(nonce)
        w.appendInteger(gasPrice)
        w.appendInteger(gasLimit)
        w.appendBytes(to)
        w.appendInteger(bigEndian: value)
        w.appendBytes(data)
        w.appendInteger(v)
        w.appendInteger(bigEndian: r)
        w.appendInteger(bigEndian: s)
    }
}

/// Strict decode returning zero-copy slices (each holds a reference to the input).
struct DecodedLegacyTxSlices {
    var nonce, gasPrice, gasLimit, v: UInt64
    var to, value, data, r, s: ArraySlice<UInt8>

    @inline(__always)
    init(rlp bytes: [UInt8]) throws(RLPError) {
        var f = try RLPReader.list(in: bytes[...])
        nonce = try f.nextUInt64()
        gasPrice = try f.nextUInt64()
        gasLimit = try f.nextUInt64()
        to = try f.nextBytes(count: 20)
        value = try f.nextInteger(maxBytes: 32)
        data = try f.nextBytes()
        v = try f.nextUInt64()
        r = try f.nextInteger(maxBytes: 32)
        s = try f.nextInteger(maxBytes: 32)
        try f.expectEnd()
    }
}

func word(_ seed: UInt8) -> [UInt8] {
    (0..<32).map { UInt8(truncatingIfNeeded: Int(seed) &* 37 &+ $0 &* 11) | 1 }
}

func limbs(_ bigEndian: [UInt8]) -> Limbs {
    var w: [UInt64] = [0, 0, 0, 0]
    for (i, b) in bigEndian.reversed().enumerated() { w[i / 8] |= UInt64(b) << UInt64(8 * (i % 8)) }
    return (w[0], w[1], w[2], w[3])
}

// 1 ETH to a 20-byte address, an ERC-20 transfer's 68 bytes of calldata, EIP-155 v, 32-byte r and s.
let valueBytes: [UInt8] = [UInt8](repeating: 0, count: 24) + [0x0D, 0xE0, 0xB6, 0xB3, 0xA7, 0x64, 0x00, 0x00]
let toBytes: [UInt8] = (0..<20).map { UInt8($0 &* 13 &+ 5) }
let calldata: [UInt8] = [0xA9, 0x05, 0x9C, 0xBB] + [UInt8](repeating: 0, count: 12) + (0..<20).map { UInt8($0 &+ 1) } + word(7)

let sample = LegacyTx(
    nonce: 1_234, gasPrice: 30_000_000_000, gasLimit: 210_000, to: toBytes, value: limbs(valueBytes),
    data: calldata, v: 37, r: limbs(word(1)), s: limbs(word(2)))

let sampleBytes = LegacyTxBytes(
    nonce: 1_234, gasPrice: 30_000_000_000, gasLimit: 210_000, to: toBytes, value: valueBytes,
    data: calldata, v: 37, r: word(1), s: word(2))

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,  // 1,000 operations per sample; metrics marked * are per operation
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    precondition(sample.rlpEncoded() == sampleBytes.rlpEncoded(), "benchmark shapes disagree")

    // Calibration: what the harness reports for a loop doing nothing.
    Benchmark("RLP baseline (empty loop)", configuration: config) { benchmark in
        for i in benchmark.scaledIterations { blackHole(i) }
    }

    Benchmark("RLP encode legacy tx (9 fields)", configuration: config) { benchmark in
        let tx = sample
        for _ in benchmark.scaledIterations {
            blackHole(tx.rlpEncoded())
        }
    }

    Benchmark("RLP encode typed envelope (0x02 prefix, 9 fields)", configuration: config) { benchmark in
        let tx = sample
        for _ in benchmark.scaledIterations {
            blackHole(tx.rlpEncoded(prefix: 0x02))
        }
    }

    Benchmark("RLP encode legacy tx, 256-bit fields as byte arrays", configuration: config) { benchmark in
        let tx = sampleBytes
        for _ in benchmark.scaledIterations {
            blackHole(tx.rlpEncoded())
        }
    }

    Benchmark("RLP strict decode legacy tx (reader, all fields)", configuration: config) { benchmark in
        let encoded = sample.rlpEncoded()
        for _ in benchmark.scaledIterations {
            blackHole(try DecodedLegacyTx(rlp: encoded))
        }
    }

    Benchmark("RLP strict decode legacy tx (reader, slices)", configuration: config) { benchmark in
        let encoded = sample.rlpEncoded()
        for _ in benchmark.scaledIterations {
            blackHole(try DecodedLegacyTxSlices(rlp: encoded))
        }
    }

    Benchmark("RLP validate legacy tx", configuration: config) { benchmark in
        let encoded = sample.rlpEncoded()
        for _ in benchmark.scaledIterations {
            try RLP.validate(encoded)
        }
    }

    Benchmark("RLP tree decode legacy tx", configuration: config) { benchmark in
        let encoded = sample.rlpEncoded()
        for _ in benchmark.scaledIterations {
            blackHole(try RLP.decode(encoded))
        }
    }
}
