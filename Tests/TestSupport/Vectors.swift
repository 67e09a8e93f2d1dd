import Foundation

/// Locates test data: the project's committed `vectors/` and the public suites in `../shared/vectors`.
public enum Vectors {
    /// The repository root, found from this file's path (Tests/TestSupport/Vectors.swift).
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository, or `$BALLAST_SHARED` when set.
    public static let sharedRoot: URL = {
        if let env = ProcessInfo.processInfo.environment["BALLAST_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A file under the project's `vectors/` folder.
    public static func project(_ relative: String) -> URL {
        projectRoot.appendingPathComponent("vectors").appendingPathComponent(relative)
    }

    /// A file under `../shared/vectors/`.
    public static func shared(_ relative: String) -> URL {
        sharedRoot.appendingPathComponent("vectors").appendingPathComponent(relative)
    }

    /// Whether the shared suites are present (CI always has them; a bare clone may not).
    public static var sharedAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedRoot.appendingPathComponent("vectors").path)
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
