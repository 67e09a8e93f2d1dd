import BallastJSON
import EthereumPrimitives

/// One log of a simulated call.
public struct SimulatedLog: Sendable, Hashable {
    public var address: Address
    /// At most four topics of 32 bytes each.
    public var topics: [[UInt8]]
    public var data: [UInt8]

    public init(address: Address, topics: [[UInt8]], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }
}

/// One call of an `eth_simulateV1` block: `result[0].calls[i]`.
public struct SimulatedCall: Sendable, Hashable {
    /// `status` `0x1`; `0x0` is a failed (reverted) call.
    public var success: Bool
    /// `returnData`: the call's output, or its revert data when it failed.
    public var returnData: [UInt8]
    public var gasUsed: UInt64
    public var logs: [SimulatedLog]
    /// `error.message`, when the node gave one.
    public var errorMessage: String?
    /// `error.data`, when the node gave it (revert data, used when `returnData` is empty).
    public var errorData: [UInt8]?

    public init(success: Bool, returnData: [UInt8], gasUsed: UInt64, logs: [SimulatedLog], errorMessage: String? = nil, errorData: [UInt8]? = nil) {
        self.success = success
        self.returnData = returnData
        self.gasUsed = gasUsed
        self.logs = logs
        self.errorMessage = errorMessage
        self.errorData = errorData
    }

    /// The revert data: `returnData`, else `error.data`.
    public var revertData: [UInt8] {
        returnData.isEmpty ? (errorData ?? []) : returnData
    }
}

/// The node's JSON-RPC response to a ``SimulationRequest``: the calls of its one simulated block,
/// or the node's refusal (a JSON-RPC `error`, as for an invalid transaction with `validation`).
public enum SimulationResult: Sendable, Hashable {
    case calls([SimulatedCall])
    case refused(code: String, message: String)

    /// Upper bounds (memory guard): calls and logs in the whole response.
    public static let maxCalls = 100_000
    public static let maxLogs = 1_000_000

    /// Reads the response strictly: `{"jsonrpc":"2.0","id":…,"result":[{…,"calls":[…]}]}` with
    /// exactly one block, or `{"jsonrpc":"2.0","id":…,"error":{"code","message"}}`. Each call needs
    /// `status` (`0x0` or `0x1`), `returnData` (`0x` hex), `gasUsed` (a `0x` hex quantity below
    /// 2^64) and `logs`; `error` is optional. Each log needs `address`, `topics` (at most 4, each
    /// 32 bytes) and `data`. Other members (block fields, log positions) are not read. Every error
    /// names its JSON path (`result[0].calls[2].logs[0].topics[1]`).
    public static func parse(_ bytes: [UInt8]) throws(AuditError) -> SimulationResult {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes: bytes)
        } catch {
            throw AuditError(.badJson, "simulation result: invalid JSON at byte \(error.offset): \(error.message)", at: "byte \(error.offset)")
        }
        var reader = Reader()
        return try reader.response(root)
    }

    struct Reader {
        var logCount = 0

        func fail(_ path: JSONPath, _ message: String) -> AuditError {
            AuditError(.simulationInvalid, "simulation result: \(path.description.isEmpty ? "the document" : path.description): \(message)", at: path.description)
        }

        func object(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> [(key: String, value: JSONValue)] {
            guard case .object(let m) = v else { throw fail(path, "expected an object, got \(v.kindName)") }
            var seen = Set<String>()
            for (k, _) in m where !seen.insert(k).inserted {
                throw fail(path + k, "duplicate member")
            }
            return m
        }

        func member(_ m: [(key: String, value: JSONValue)], _ key: String, _ path: JSONPath) throws(AuditError) -> JSONValue {
            guard let v = m.first(where: { $0.key == key })?.value else { throw fail(path + key, "missing") }
            return v
        }

        func array(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> [JSONValue] {
            guard case .array(let a) = v else { throw fail(path, "expected an array, got \(v.kindName)") }
            return a
        }

        func string(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> String {
            guard case .string(let s) = v else { throw fail(path, "expected a string, got \(v.kindName)") }
            return s
        }

        /// `0x` followed by an even number of hex digits.
        func data(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> [UInt8] {
            let s = try string(v, path)
            guard s.hasPrefix("0x") else { throw fail(path, "expected 0x-prefixed hex data") }
            do {
                return try Hex.decode(s, requirePrefix: true)
            } catch {
                throw fail(path, "bad hex data: \(error)")
            }
        }

        /// A JSON-RPC quantity: `0x` and hex digits without leading zeros (`0x0` for zero).
        func quantity(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> UInt256 {
            let s = try string(v, path)
            let digits = s.utf8.dropFirst(2)
            guard s.hasPrefix("0x"), !digits.isEmpty, digits.count <= 64,
                  digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) })
            else {
                throw fail(path, "expected a 0x hex quantity, got \(String(reflecting: String(s.prefix(80))))")
            }
            if digits.count > 1 && digits.first == 0x30 { throw fail(path, "a hex quantity has no leading zeros: \(s)") }
            do {
                return try UInt256(hexQuantity: s)
            } catch {
                throw fail(path, "bad hex quantity: \(error)")
            }
        }

        mutating func response(_ root: JSONValue) throws(AuditError) -> SimulationResult {
            let path = JSONPath.root
            let m = try object(root, path)
            let version = try member(m, "jsonrpc", path)
            guard version == .string("2.0") else { throw fail(path + "jsonrpc", "expected \"2.0\"") }
            let result = m.first(where: { $0.key == "result" })?.value
            let error = m.first(where: { $0.key == "error" })?.value
            switch (result, error) {
            case (nil, nil): throw fail(path + "result", "missing (and no error either)")
            case (.some, .some): throw fail(path, "has both result and error")
            case (nil, .some(let e)):
                let em = try object(e, path + "error")
                let code: String
                switch try member(em, "code", path + "error") {
                case .number(let n): code = n
                case let other: throw fail(path + "error" + "code", "expected a number, got \(other.kindName)")
                }
                let message = try string(try member(em, "message", path + "error"), path + "error" + "message")
                return .refused(code: code, message: message)
            case (.some(let r), nil):
                let blocks = try array(r, path + "result")
                guard blocks.count == 1 else {
                    throw fail(path + "result", "expected exactly one simulated block (the request has one block state call), got \(blocks.count)")
                }
                let bp = path + "result" + 0
                let bm = try object(blocks[0], bp)
                let calls = try array(try member(bm, "calls", bp), bp + "calls")
                guard calls.count <= SimulationResult.maxCalls else {
                    throw fail(bp + "calls", "more than \(SimulationResult.maxCalls) calls")
                }
                var out: [SimulatedCall] = []
                out.reserveCapacity(calls.count)
                for (i, c) in calls.enumerated() { out.append(try call(c, bp + "calls" + i)) }
                return .calls(out)
            }
        }

        mutating func call(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> SimulatedCall {
            let m = try object(v, path)
            let status = try quantity(try member(m, "status", path), path + "status")
            guard status <= .one else { throw fail(path + "status", "expected 0x0 or 0x1, got \(status.hexQuantity)") }
            let returnData = try data(try member(m, "returnData", path), path + "returnData")
            let gas = try quantity(try member(m, "gasUsed", path), path + "gasUsed")
            guard let gasUsed = gas.uint64Value else { throw fail(path + "gasUsed", "must be below 2^64") }
            let logsValue = try array(try member(m, "logs", path), path + "logs")
            var logs: [SimulatedLog] = []
            logs.reserveCapacity(logsValue.count)
            for (j, l) in logsValue.enumerated() {
                logCount += 1
                guard logCount <= SimulationResult.maxLogs else { throw fail(path + "logs" + j, "more than \(SimulationResult.maxLogs) logs in the response") }
                logs.append(try log(l, path + "logs" + j))
            }
            var message: String?
            var errorData: [UInt8]?
            if let e = m.first(where: { $0.key == "error" })?.value, e != .null {
                let ep = path + "error"
                let em = try object(e, ep)
                if let c = em.first(where: { $0.key == "code" })?.value {
                    guard case .number = c else { throw fail(ep + "code", "expected a number, got \(c.kindName)") }
                }
                message = try string(try member(em, "message", ep), ep + "message")
                if let d = em.first(where: { $0.key == "data" })?.value, d != .null { errorData = try data(d, ep + "data") }
            }
            return SimulatedCall(success: status == .one, returnData: returnData, gasUsed: gasUsed, logs: logs, errorMessage: message, errorData: errorData)
        }

        func log(_ v: JSONValue, _ path: JSONPath) throws(AuditError) -> SimulatedLog {
            let m = try object(v, path)
            let addressText = try string(try member(m, "address", path), path + "address")
            let address: Address
            do { address = try Address(hex: addressText) } catch { throw fail(path + "address", "bad address: \(error)") }
            let topicsValue = try array(try member(m, "topics", path), path + "topics")
            guard topicsValue.count <= 4 else { throw fail(path + "topics", "at most 4 topics, got \(topicsValue.count)") }
            var topics: [[UInt8]] = []
            for (k, t) in topicsValue.enumerated() {
                let bytes = try data(t, path + "topics" + k)
                guard bytes.count == 32 else { throw fail(path + "topics" + k, "a topic is 32 bytes, got \(bytes.count)") }
                topics.append(bytes)
            }
            let payload = try data(try member(m, "data", path), path + "data")
            return SimulatedLog(address: address, topics: topics, data: payload)
        }
    }
}
