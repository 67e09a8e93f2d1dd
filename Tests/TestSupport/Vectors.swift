import Foundation

/// Locates test data: the project's committed `vectors/`, which carries the public suites too
/// (`vectors/ethereum-tests/`), so a clone with nothing beside it runs every test.
public enum Vectors {
    /// The repository root, found from this file's path (Tests/TestSupport/Vectors.swift).
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under the project's `vectors/` folder.
    public static func project(_ relative: String) -> URL {
        projectRoot.appendingPathComponent("vectors").appendingPathComponent(relative)
    }

    /// A file of the public suites, carried under `vectors/ethereum-tests/`.
    public static func ethereumTests(_ relative: String) -> URL {
        project("ethereum-tests").appendingPathComponent(relative)
    }

    /// A reference document the tests compare embedded facts against (`vectors/reference/`).
    public static func reference(_ relative: String) -> URL {
        project("reference").appendingPathComponent(relative)
    }

    /// Parses a JSON file into Foundation objects.
    public static func json(_ url: URL) throws -> Any {
        let data = try Data(contentsOf: url)
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// Decodes a JSON file into a Decodable type.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// Minimal hex helpers for tests (kept independent of the code under test).
public enum TestHex {
    public static func decode(_ s: String) -> [UInt8]? {
        var str = Substring(s)
        if str.hasPrefix("0x") || str.hasPrefix("0X") { str = str.dropFirst(2) }
        guard str.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(str.count / 2)
        var it = str.utf8.makeIterator()
        while let hi = it.next(), let lo = it.next() {
            guard let h = nibble(hi), let l = nibble(lo) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        if prefix { out += Array("0x".utf8) }
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
