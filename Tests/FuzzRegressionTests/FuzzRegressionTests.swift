import Foundation
import FuzzChecks
import TestSupport
import Testing

/// Every committed input of every fuzz target — the seeds (Fuzz/Seeds/<target>/) and each crash,
/// hang or property violation ever found (Fuzz/Regressions/<target>/) — through the property
/// that target checks (Fuzz/Checks), in an ordinary test run. `make fuzz-smoke` replays the same
/// files through the libFuzzer binaries.
@Suite struct FuzzRegressionTests {
    static let fuzzRoot = Vectors.projectRoot.appendingPathComponent("Fuzz")

    /// The regular files directly in a folder, sorted; none when it does not exist.
    static func files(_ folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    @Test(arguments: FuzzChecks.targets.map(\.name))
    func committedInputsHoldTheProperty(target: String) throws {
        let check = try #require(FuzzChecks.check(named: target))
        let seeds = Self.files(Self.fuzzRoot.appendingPathComponent("Seeds/\(target)"))
        let regressions = Self.files(Self.fuzzRoot.appendingPathComponent("Regressions/\(target)"))
        // Every target starts from committed seeds.
        #expect(!seeds.isEmpty, "no seeds in Fuzz/Seeds/\(target)")
        for file in seeds + regressions {
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                try check(bytes)
            } catch {
                Issue.record("\(file.path): \(error)")
            }
        }
    }

    /// Every folder of Fuzz/Regressions and Fuzz/Seeds names a target, so that no input is
    /// silently left out.
    @Test func everyInputFolderNamesATarget() throws {
        let names = Set(FuzzChecks.targets.map(\.name))
        for kind in ["Seeds", "Regressions"] {
            let folder = Self.fuzzRoot.appendingPathComponent(kind)
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for entry in entries {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry).path, isDirectory: &isDirectory),
                      isDirectory.boolValue else { continue }
                #expect(names.contains(entry), "Fuzz/\(kind)/\(entry) is not a fuzz target")
            }
        }
    }

    /// The Fuzz package has one executable target per check, and no other.
    @Test func everyCheckHasAFuzzTarget() throws {
        let manifest = try String(contentsOf: Self.fuzzRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var executables: Set<String> = []
        var rest = Substring(manifest)
        while let r = rest.range(of: ".executableTarget(") {
            rest = rest[r.upperBound...]
            guard let open = rest.range(of: "name: \""), let close = rest[open.upperBound...].firstIndex(of: "\"") else { break }
            executables.insert(String(rest[open.upperBound..<close]))
        }
        #expect(executables == Set(FuzzChecks.targets.map(\.name)))
    }
}
