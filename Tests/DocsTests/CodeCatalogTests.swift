import Ballast
import BallastCLI
import Foundation
import Testing
import TestSupport

// Every family of codes, walked: finding codes (audit, policy, simulation) and the typed codes of
// the errors. Each code is snake_case and appears once in its family; the finding codes are those
// the documentation lists, no more, no fewer.

@Suite struct CodeCatalogTests {
    /// Each family by name, with its codes in declaration order.
    static let families: [(name: String, codes: [String])] = [
        ("finding codes", AnyFindingCode.allCases.map(\.rawValue)),
        ("FileOutputError", FileOutputError.Kind.allCases.map(\.rawValue)),
        ("MessagesError", MessagesError.Kind.allCases.map(\.rawValue)),
        ("KeysError", KeysError.Kind.allCases.map(\.rawValue)),
        ("SafeError", SafeError.Kind.allCases.map(\.rawValue)),
        ("AuditError", AuditError.Kind.allCases.map(\.rawValue)),
        ("CLIError", CLIError.Kind.allCases.map(\.rawValue)),
        ("reading codes and the plan's", (JSONIssueCode.readingCodes + JSONIssueCode.planCodes).map(\.rawValue)),
        ("reading codes and the policy's", (JSONIssueCode.readingCodes + JSONIssueCode.policyCodes).map(\.rawValue)),
    ]

    static func isSnakeCase(_ code: String) -> Bool {
        code.range(of: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$", options: .regularExpression) != nil
    }

    @Test func everyFamilyIsUniqueSnakeCase() {
        for (name, codes) in Self.families {
            #expect(!codes.isEmpty, "\(name)")
            #expect(Set(codes).count == codes.count, "\(name): \(codes.filter { c in codes.filter { $0 == c }.count > 1 })")
            for code in codes { #expect(Self.isSnakeCase(code), "\(name): \(code)") }
        }
    }

    /// The typed codes print as their string, everywhere a finding is written.
    @Test func findingCodesPrintAsTheirString() {
        for code in AnyFindingCode.allCases {
            let finding = Finding(code: code, path: "tx[0]", message: "m")
            #expect("\(finding.code)" == code.rawValue)
            #expect(finding.jsonValue["code"] == .string(code.rawValue))
            #expect(finding.severity == code.severity)
        }
        #expect(AuditCode.allCases.allSatisfy { AnyFindingCode.audit($0).rawValue == $0.rawValue })
        #expect(PolicyCode.allCases.allSatisfy { AnyFindingCode.policy($0).rawValue == $0.rawValue })
        #expect(SimulationCode.allCases.allSatisfy { AnyFindingCode.simulation($0).rawValue == $0.rawValue })
    }

    /// An error's published code is its typed code's string.
    @Test func errorCodesAreTheirKind() {
        for kind in SafeError.Kind.allCases { #expect(SafeError(kind, "m").code == kind.rawValue) }
        for kind in AuditError.Kind.allCases { #expect(AuditError(kind, "m").code == kind.rawValue) }
        for kind in CLIError.Kind.allCases { #expect(CLIError(kind, "m").code == kind.rawValue) }
        for kind in FileOutputError.Kind.allCases { #expect(FileOutputError(code: kind, message: "m").code == kind.rawValue) }
        for kind in MessagesError.Kind.allCases { #expect(MessagesError(code: kind, message: "m").code == kind.rawValue) }
        for kind in KeysError.Kind.allCases { #expect(KeysError(code: kind, message: "m").code == kind.rawValue) }
        // An error reported in context keeps the code of the error it reports.
        let inner = SafeError(.safeTxSyntax, "m", at: "byte 3")
        let outer = CLIError(reporting: inner, "file: m", at: inner.location)
        #expect(outer.code == "safe_tx_syntax" && outer.kind == nil)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: Vectors.projectRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The backticked snake_case words of `text` that start with `prefix`.
    static func codes(in text: Substring, prefix: String = "") -> Set<String> {
        var out = Set<String>()
        for piece in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() where piece.offset % 2 == 1 {
            let word = String(piece.element)
            if word.hasPrefix(prefix), word.contains("_") || prefix.isEmpty, isSnakeCase(word) { out.insert(word) }
        }
        return out
    }

    /// docs/audit.md's table of finding codes (its first column) is exactly the audit's and the
    /// simulation's codes.
    @Test func auditDocumentationListsEveryAuditCode() throws {
        let text = try Self.text("docs/audit.md")
        var documented = Set<String>()
        var inTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| Code | Severity | Meaning |") { inTable = true; continue }
            guard inTable else { continue }
            guard line.hasPrefix("|") else { break }
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            documented.formUnion(Self.codes(in: first))
        }
        let typed = Set(AuditCode.allCases.map(\.rawValue) + SimulationCode.allCases.map(\.rawValue))
        #expect(documented == typed, "documented only: \(documented.subtracting(typed).sorted()); undocumented: \(typed.subtracting(documented).sorted())")
    }

    /// docs/policy.md's list of finding codes is exactly the policy's codes, and every code of
    /// its table of file errors is one the policy reader has.
    @Test func policyDocumentationListsEveryPolicyCode() throws {
        let text = try Self.text("docs/policy.md")
        let start = try #require(text.range(of: "Finding codes: "))
        let end = try #require(text[start.upperBound...].range(of: ".\n"))
        let documented = Self.codes(in: text[start.upperBound..<end.lowerBound])
        let typed = Set(PolicyCode.allCases.map(\.rawValue))
        #expect(documented == typed, "documented only: \(documented.subtracting(typed).sorted()); undocumented: \(typed.subtracting(documented).sorted())")

        let known = Set((JSONIssueCode.readingCodes + JSONIssueCode.policyCodes).map(\.rawValue))
        var fileErrors = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") && !line.contains("policy_") {
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            let codes = Self.codes(in: first)
            if codes.contains(where: { known.contains($0) }) { fileErrors.formUnion(codes) }
        }
        #expect(!fileErrors.isEmpty)
        #expect(fileErrors.isSubset(of: known), "\(fileErrors.subtracting(known).sorted())")
    }

    /// The `Codes:` list in the documentation comment of an error type names exactly its kinds.
    @Test(arguments: [
        ("Sources/FileOutput/FileOutputError.swift", "FileOutputError"),
        ("Sources/Messages/MessagesError.swift", "MessagesError"),
        ("Sources/Safe/SafeError.swift", "SafeError"),
    ])
    func errorDocumentationListsEveryCode(_ file: String, _ type: String) throws {
        let text = try Self.text(file)
        let start = try #require(text.range(of: "/// Codes:"))
        let end = try #require(text.range(of: "public struct \(type)") ?? text.range(of: "public typealias \(type)"))
        let documented = Self.codes(in: text[start.upperBound..<end.lowerBound])
        let typed: Set<String> = switch type {
        case "FileOutputError": Set(FileOutputError.Kind.allCases.map(\.rawValue))
        case "MessagesError": Set(MessagesError.Kind.allCases.map(\.rawValue))
        default: Set(SafeError.Kind.allCases.map(\.rawValue))
        }
        #expect(documented == typed, "\(type): documented only: \(documented.subtracting(typed).sorted()); undocumented: \(typed.subtracting(documented).sorted())")
    }
}
