import Foundation

/// Finds the JSON ABIs bundled with Ballast (the repository's `abi/` folder) without relying on
/// the working directory.
public enum BundledABI {
    /// The folder, in this order: `$BALLAST_ABI_DIR`; an `abi/` folder holding `erc20.json` found
    /// by walking up from the running executable (a build in `.build/<config>/` of a checkout);
    /// `<prefix>/share/ballast/abi` beside an installed binary. Nil when none exists.
    public static var directory: URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["BALLAST_ABI_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [dir.appendingPathComponent("abi"), dir.appendingPathComponent("share/ballast/abi")] {
                if fm.fileExists(atPath: candidate.appendingPathComponent("erc20.json").path) { return candidate }
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
