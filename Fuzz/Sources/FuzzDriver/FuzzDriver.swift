@_exported import FuzzChecks
@_exported import FuzzSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

nonisolated(unsafe) private var fuzzCheck: FuzzChecks.Check?

/// Runs `check` on one input; a property violation traps, which libFuzzer reports as a crash
/// (and saves the input).
private func runOne(_ data: UnsafePointer<UInt8>?, _ size: Int) {
    guard let fuzzCheck else { return }
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try fuzzCheck(bytes)
    } catch {
        fatalError("property violated: \(error)")
    }
}

/// Hands control to libFuzzer, checking the property `check` on each input. Never returns.
public func runFuzzer(_ check: @escaping FuzzChecks.Check) -> Never {
    fuzzCheck = check
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        runOne(data, size)
        return 0
    }
    exit(status)
}

/// libFuzzer's runtime references this symbol even when driven through `LLVMFuzzerRunDriver`.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runOne(data, size)
    return 0
}
