import Foundation

/// Finds the JSON ABIs bundled with Ballast (the repository's `abi/` folder) without relying on
/// the working directory.
public enum BundledABI {
    /// The folder, in this order: `$BALLAST_ABI_DIR`; an `abi/` folder holding `erc20.json` found
    /// by walking up from the running executable (a build in `.build/<config>/` of a checkout),
    /// located through the process's own executable path and through `argv[0]` (as given and with
    /// links resolved); `<prefix>/share/ballast/abi` beside an installed binary. Nil when none
    /// exists. The one place every command finds the bundled ABIs.
    public static var directory: URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["BALLAST_ABI_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var starts: [URL] = []
        if let exe = Bundle.main.executableURL { starts.append(exe.resolvingSymlinksInPath().deletingLastPathComponent()) }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).deletingLastPathComponent())
            starts.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<6 {
                for candidate in [dir.appendingPathComponent("abi"), dir.appendingPathComponent("share/ballast/abi")] {
                    if fm.fileExists(atPath: candidate.appendingPathComponent("erc20.json").path) { return candidate }
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }
}
