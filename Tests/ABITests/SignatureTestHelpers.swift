import ABI
import BallastJSON
import Foundation
import TestSupport

/// Reading the project's JSON vectors with exact numbers (BallastJSON keeps number text).
enum SigVectors {
    static func load(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: Vectors.project(name))
        return try JSONValue.parse(bytes: [UInt8](data))
    }

    static func array(_ v: JSONValue?) -> [JSONValue] {
        if case .array(let a)? = v { return a }
        return []
    }

    static func string(_ v: JSONValue?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }

    static func bool(_ v: JSONValue?) -> Bool? {
        if case .bool(let b)? = v { return b }
        return nil
    }
}
