import RLP
import TestSupport
import Testing

/// Mutated valid encodings never crash any decoder; whatever is accepted re-encodes to the
/// same bytes (strict decoding is the inverse of encoding), and all decoders agree.
@Suite struct FuzzTests {
    static func corpus() -> [[UInt8]] {
        var seeds: [[UInt8]] = [
            [0x80], [0xC0], [0x00], [0x81, 0x80], [0xB8, 0x38] + [UInt8](repeating: 7, count: 56),
            [0xC7, 0xC0, 0xC1, 0xC0, 0xC3, 0xC0, 0xC1, 0xC0],
        ]
        if let file = RLPVectorFile.shared {
            seeds += file.valid.map { hex($0.rlp) }.filter { $0.count <= 1500 }
            seeds += file.legacy_shaped.map { hex($0.rlp) }
            seeds += file.invalid.map { hex($0.rlp) }.filter { $0.count <= 1500 }
        }
        return seeds
    }

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let op = Int.random(in: 0..<8, using: &rng)
            let i = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch op {
            case 0 where !b.isEmpty: b[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !b.isEmpty: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 2: b.insert(UInt8.random(in: 0...255, using: &rng), at: i)
            case 3 where !b.isEmpty: b.remove(at: i)
            case 4: b = Array(b.prefix(i))
            case 5 where !b.isEmpty: b[i] = [0x80, 0x81, 0xB7, 0xB8, 0xBF, 0xC0, 0xF7, 0xF8, 0xFF][Int.random(in: 0..<9, using: &rng)]
            case 6 where !b.isEmpty: b[i] = b[i] &+ (Bool.random(using: &rng) ? 1 : 255)
            case 7 where b.count > 1:
                let j = Int.random(in: i..<b.count, using: &rng)
                b.insert(contentsOf: b[i...j], at: j)
            default: b.append(UInt8.random(in: 0...255, using: &rng))
            }
        }
        return b
    }

    @Test func mutatedEncodings() {
        let seeds = Self.corpus()
        #expect(seeds.count > 100)
        var rng = SplitMix64(seed: 0x5EED_0F_B411A57)
        var accepted = 0
        let iterations = 5000
        for n in 0..<iterations {
            let input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
            let maxDepth = n % 10 == 0 ? 2 : RLP.defaultMaxDepth
            let tree = outcome { try RLP.decode(input, maxDepth: maxDepth) }
            let validated = outcome { try RLP.validate(input, maxDepth: maxDepth) }
            let walked = outcome { try walkTop(input, maxDepth: maxDepth) }
            switch tree {
            case .success(let item):
                accepted += 1
                #expect(item.encoded() == input, "accepted a non-canonical input \(input.prefix(32))")
                #expect(validated.isSuccess)
                #expect((try? walked.get()) == item)
            case .failure(let e):
                #expect(e.offset >= 0 && e.offset <= input.count)
                #expect(validated.error == e, "validate disagrees on \(input.prefix(32))")
                #expect(walked.error == e, "reader disagrees on \(input.prefix(32))")
            }
            // The top-level list reader accepts exactly what the tree decoder accepts as a list.
            let viaList = outcome { () throws -> RLPItem in
                var f = try RLPReader.list(in: input, maxDepth: maxDepth)
                var items: [RLPItem] = []
                while !f.isAtEnd { items.append(try walk(&f)) }
                try f.expectEnd()
                return .list(items)
            }
            if case .success(let item) = tree, item.listValue != nil {
                #expect((try? viaList.get()) == item)
            } else {
                #expect(viaList.error != nil, "list reader accepted \(input.prefix(32))")
            }
            // Field-by-field readers never crash either.
            var r = RLPReader(input)
            if var f = try? r.nextList() {
                while !f.isAtEnd {
                    if (try? f.nextUInt64()) == nil, (try? f.nextInteger256()) == nil,
                        (try? f.nextIntegerRange(maxBytes: 32)) == nil, (try? f.skip()) == nil
                    {
                        break
                    }
                }
            }
        }
        #expect(accepted > 50 && accepted < iterations)
    }

    @Test func randomGarbage() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let n = Int.random(in: 0..<64, using: &rng)
            let input = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let tree = outcome { try RLP.decode(input) }
            if case .success(let item) = tree { #expect(item.encoded() == input) }
            #expect(outcome { try RLP.validate(input) }.error == tree.error)
            _ = try? RLP.hexPrefixDecode(input)
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
    var error: Failure? { if case .failure(let e) = self { e } else { nil } }
}
