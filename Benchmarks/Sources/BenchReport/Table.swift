// Plain-text tables and the machine-readable results file.

struct ReportTable {
    var title: String
    var columns: [String]
    var rows: [[String]] = []
    var notes: [String] = []

    /// Right-aligns every column but the first.
    func render() -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return index == 0 ? cell + padding : padding + cell
            }.joined(separator: " | ")
        }
        var out = "\n" + title + "\n"
        out += line(columns) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-") + "\n"
        for row in rows { out += line(row) + "\n" }
        for note in notes { out += note + "\n" }
        return out
    }
}

/// Fixed-point formatting without Foundation.
func format(_ value: Double, decimals: Int = 1) -> String {
    guard value.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0 ..< decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled) - whole * Int(scale)
    var text = String(whole)
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return (value < 0 && scaled > 0 ? "-" : "") + text
}

/// One line of the JSON results file (`--json PATH`), for scripts that add their own sections.
func jsonLine(section: String, result: BenchResult) -> String {
    func escaped(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
    }
    func number(_ value: Double) -> String { value.isFinite ? format(value, decimals: 3) : "null" }
    return "{\"section\": \"\(escaped(section))\", \"name\": \"\(escaped(result.name))\", "
        + "\"bytes\": \(result.bytesPerOperation), \"ns_per_op_median\": \(number(result.median)), "
        + "\"ns_per_op_min\": \(number(result.minimum)), \"mb_per_s\": \(number(result.megabytesPerSecond)), "
        + "\"samples\": \(result.samples.count), \"iterations_per_sample\": \(result.iterationsPerSample)}"
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
