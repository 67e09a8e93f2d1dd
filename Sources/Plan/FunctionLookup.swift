import ABI
import Protocols
import Foundation

/// Finds a `call`'s function by name in the JSON ABIs of the bundled `abi/` folder, by target.
/// Only the files that describe the target are searched; a name with several signatures there is
/// ambiguous.
struct FunctionLookup {
    let directory: String?
    private var cache: [String: Result<JSONABI, JSONABIError>] = [:]

    init(directory: String?) {
        self.directory = directory
    }

    enum Outcome {
        case found(ABIFunction)
        case noDirectory
        case noABI
        case notFound
        case ambiguous([String])
        case unreadable(String)
    }

    /// The executor's bundled ABI files.
    static let executorFiles = BallastExecutor.abiFiles

    /// An ERC-20 token's bundled ABI files.
    static let tokenFiles = ERC20.abiFiles

    mutating func function(named name: String, files: [String]) -> Outcome {
        guard let directory else { return .noDirectory }
        guard !files.isEmpty else { return .noABI }
        var found: [String: ABIFunction] = [:]
        var order: [String] = []
        for file in files {
            let abi: JSONABI
            switch load(file, directory: directory) {
            case .success(let a): abi = a
            case .failure(let e): return .unreadable("cannot read \(file) in \(directory): \(e.message)")
            }
            for f in abi.functions(named: name) where found[f.canonicalSignature] == nil {
                found[f.canonicalSignature] = f
                order.append(f.canonicalSignature)
            }
        }
        if order.isEmpty { return .notFound }
        if order.count > 1 { return .ambiguous(order) }
        return found[order[0]].map { .found($0) } ?? .notFound
    }

    private mutating func load(_ file: String, directory: String) -> Result<JSONABI, JSONABIError> {
        if let cached = cache[file] { return cached }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(file)
        let result: Result<JSONABI, JSONABIError>
        do {
            result = .success(try JSONABI.load(file: url))
        } catch {
            result = .failure(error)
        }
        cache[file] = result
        return result
    }
}
