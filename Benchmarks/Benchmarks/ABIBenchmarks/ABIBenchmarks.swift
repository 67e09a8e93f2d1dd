// ABI codec on two real calls:
//   (a) Aave V3 Pool.flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16) with
//       2 assets and a 400-byte params blob (selector 0xab9c4b5d), 964 bytes of calldata;
//   (b) Uniswap SwapRouter02.exactInput((bytes,address,uint256,uint256)) with a 3-hop packed path
//       (token, fee, token, fee, token, fee, token: 89 bytes), 292 bytes of calldata.
// Encode = value checks + exact sizing + one allocation written in place; decode = strict
// (every padding, offset, length and the canonical layout checked).
// scripts/bench_abi_reference.py times eth-abi on the same two calls.

import ABI
import Benchmark
import EthereumPrimitives

private func address(_ byte: UInt8) -> Address {
    Address(bytes: [UInt8](repeating: byte, count: 20)) ?? .zero
}

private func hexAddress(_ text: String) -> Address {
    (try? Address(hex: text)) ?? .zero
}

private struct Call {
    let selector: [UInt8]
    let types: [ABIType]
    let values: [ABIValue]
    let calldata: [UInt8]

    init(selector: [UInt8], types: [ABIType], values: [ABIValue]) {
        self.selector = selector
        self.types = types
        self.values = values
        self.calldata = (try? ABIEncoder.encodeCall(selector: selector, values: values, types: types)) ?? []
    }
}

private let weth = hexAddress("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
private let usdc = hexAddress("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
private let dai = hexAddress("0x6B175474E89094C44Da98b954EedeAC495271d0F")
private let wbtc = hexAddress("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599")

private let flashLoan = Call(
    selector: [0xab, 0x9c, 0x4b, 0x5d],
    types: [.address, .array(.address), .array(.uint256), .array(.uint256), .address, .bytes, .uint(bits: 16)],
    values: [
        .address(address(0x11)),
        .array([.address(weth), .address(usdc)]),
        .array([.uint(UInt256(1_000) * UInt256(1_000_000_000_000_000_000)), .uint(UInt256(2_500_000_000_000))]),
        .array([.uint(.zero), .uint(.zero)]),
        .address(address(0x11)),
        .bytes((0..<400).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }),
        .uint(.zero),
    ])

private func fee(_ f: UInt32) -> [UInt8] { [UInt8(f >> 16 & 0xFF), UInt8(f >> 8 & 0xFF), UInt8(f & 0xFF)] }

private let exactInput = Call(
    selector: [0xb8, 0x58, 0x18, 0x3f],
    types: [.tuple([.bytes, .address, .uint256, .uint256])],
    values: [
        .tuple([
            .bytes(weth.bytes + fee(500) + usdc.bytes + fee(100) + dai.bytes + fee(3000) + wbtc.bytes),
            .address(address(0x22)),
            .uint(UInt256(5_000_000_000_000_000_000)),
            .uint(UInt256(123_456_789)),
        ]),
    ])

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 100,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    for (name, call) in [("flashLoan", flashLoan), ("exactInput", exactInput)] {
        precondition(!call.calldata.isEmpty)
        precondition((try? ABIDecoder.decodeCall(call.calldata, selector: call.selector, types: call.types)) == call.values)

        Benchmark("ABI encode \(name) (\(call.calldata.count) B)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? ABIEncoder.encodeCall(selector: call.selector, values: call.values, types: call.types))
            }
        }

        Benchmark("ABI decode strict \(name) (\(call.calldata.count) B)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? ABIDecoder.decodeCall(call.calldata, selector: call.selector, types: call.types))
            }
        }
    }
}
