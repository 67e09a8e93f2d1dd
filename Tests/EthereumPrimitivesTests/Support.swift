import Foundation
import TestSupport
import Testing
@testable import EthereumPrimitives

/// Access to vectors/primitives.json (produced by vectors/gen_primitives.py).
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func document() throws -> [String: Any] {
        guard let doc = try Vectors.json(Vectors.project("primitives.json")) as? [String: Any] else {
            throw Missing(description: "primitives.json is not an object")
        }
        return doc
    }

    static func section<T>(_ path: String...) throws -> T {
        var node: Any = try document()
        for key in path {
            guard let object = node as? [String: Any], let next = object[key] else {
                throw Missing(description: "missing section \(path.joined(separator: "."))")
            }
            node = next
        }
        guard let typed = node as? T else { throw Missing(description: "section \(path) has an unexpected type") }
        return typed
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) throws -> String {
        guard let s = self[key] as? String else { throw Fixture.Missing(description: "field \(key)") }
        return s
    }

    func int(_ key: String) throws -> Int {
        guard let n = self[key] as? Int else { throw Fixture.Missing(description: "field \(key)") }
        return n
    }

    func bool(_ key: String) throws -> Bool {
        guard let b = self[key] as? Bool else { throw Fixture.Missing(description: "field \(key)") }
        return b
    }
}


extension SplitMix64 {
    /// A value with a random number of significant bits (0...256), sometimes with extreme limbs.
    mutating func uint256() -> UInt256 {
        let bits = Int.random(in: 0...256, using: &self)
        var limbs = (next(), next(), next(), next())
        if Int.random(in: 0..<4, using: &self) == 0 {
            let patterns: [UInt64] = [0, 1, .max, 1 << 63, (1 << 63) - 1]
            limbs = (patterns.randomElement(using: &self)!, patterns.randomElement(using: &self)!,
                     patterns.randomElement(using: &self)!, patterns.randomElement(using: &self)!)
        }
        let v = UInt256(littleEndianLimbs: limbs)
        return bits == 0 ? .zero : v >> (256 - bits)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

/// Runs `body` and returns the typed error it throws, or nil if it returned normally.
func caught<E: Error, T>(_ body: () throws(E) -> T) -> E? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
