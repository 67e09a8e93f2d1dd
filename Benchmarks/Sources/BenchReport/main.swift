// BenchReport: side-by-side timings that package-benchmark does not give directly
// (ours vs a reference, as MB/s and ratios), measured in one process with a monotonic clock,
// calibrated sample sizes, warm-up, interleaved samples and medians.
//
//   BenchReport [--only id,id] [--samples N] [--sample-ms M] [--json PATH] [--list] [--strict]
//
// Adding a section: write a type conforming to `ReportSection` in its own file (see
// KeccakSection.swift) and append it to `allSections` below.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a section hands back: tables to print, raw results for `--json`, missed targets.
struct SectionOutput {
    var tables: [ReportTable]
    var results: [BenchResult]
    var failures: [String]
}

protocol ReportSection {
    /// Short identifier used by `--only` and in the JSON results.
    var id: String { get }
    var title: String { get }
    func run(_ bench: Bench) -> SectionOutput
}

let allSections: [any ReportSection] = [
    KeccakSection(),
    TxSection(),
    PlanSection(),
]

func fail(_ message: String) -> Never {
    let line = "BenchReport: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

var bench = Bench()
var only: Set<String>?
var jsonPath: String?
var strict = false
var arguments = CommandLine.arguments.dropFirst()[...]
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let next = arguments.popFirst() else { fail("\(argument) needs a value") }
        return next
    }
    switch argument {
    case "--only": only = Set(value().split(separator: ",").map(String.init))
    case "--samples":
        guard let n = Int(value()), n > 0, n <= 1000 else { fail("--samples takes 1...1000") }
        bench.samples = n
    case "--sample-ms":
        guard let ms = Double(value()), ms > 0, ms <= 10_000 else { fail("--sample-ms takes a positive number") }
        bench.sampleMilliseconds = ms
    case "--json": jsonPath = value()
    case "--strict": strict = true
    case "--list":
        for section in allSections { print("\(section.id)\t\(section.title)") }
        exit(0)
    case "--help", "-h":
        print("usage: BenchReport [--only id,id] [--samples N] [--sample-ms M] [--json PATH] [--list] [--strict]")
        exit(0)
    default: fail("unknown argument \(argument)")
    }
}

if let only {
    let known = Set(allSections.map(\.id))
    for id in only where !known.contains(id) { fail("unknown section \(id) (see --list)") }
}

var jsonLines: [String] = []
var failures: [String] = []
for section in allSections where only?.contains(section.id) ?? true {
    let output = section.run(bench)
    for table in output.tables { print(table.render(), terminator: "") }
    jsonLines += output.results.map { jsonLine(section: section.id, result: $0) }
    failures += output.failures
}
print("")

if let jsonPath {
    guard let file = fopen(jsonPath, "w") else { fail("cannot write \(jsonPath)") }
    fputs("[\n" + jsonLines.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n", file)
    fclose(file)
}
if !failures.isEmpty {
    for failure in failures { print("target missed: \(failure)") }
    if strict { exit(1) }
}
