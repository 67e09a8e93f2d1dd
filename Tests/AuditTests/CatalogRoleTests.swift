import ABI
import Audit
import EthereumPrimitives
import Plan
import Foundation
import Protocols
import TestSupport
import Testing

/// Walks the protocol catalog and proves that every enforced role is enforced by both the audit
/// and the signing policy: a call that names a stranger where the role stands trips the audit's
/// finding and the policy's, and the same call naming the sender trips neither.
@Suite struct CatalogRoleTests {
    typealias F = AF

    /// The audit's decoder, knowing every catalog function (some are in no bundled ABI).
    static func auditor() throws -> Auditor {
        var d = try AF.decoder()
        d.add(try ProtocolCatalog.all.map { try ABIFunction(parsing: "function " + $0.signature) })
        return Auditor(decoder: d)
    }

    static func types(_ f: ProtocolFunction) throws -> [ABIType] {
        try ABIFunction(parsing: "function " + f.signature).inputTypes
    }

    /// A value of `type`: every address `address`, every integer `uint` (clamped to its width),
    /// every bool `flag`, arrays of one element.
    static func value(_ type: ABIType, address: Address, uint: UInt256, flag: Bool) -> ABIValue {
        switch type {
        case .uint(let bits): return .uint(bits == 256 ? uint : min(uint, (UInt256.one << bits) - UInt256.one))
        case .int: return .int(.zero)
        case .address: return .address(address)
        case .bool: return .bool(flag)
        case .fixedBytes(let n): return .fixedBytes([UInt8](repeating: 0, count: n))
        case .bytes: return .bytes([])
        case .string: return .string("")
        case .fixedArray(let t, let n): return .array((0..<n).map { _ in value(t, address: address, uint: uint, flag: flag) })
        case .array(let t): return .array([value(t, address: address, uint: uint, flag: flag)])
        case .tuple(let ts): return .tuple(ts.map { value($0, address: address, uint: uint, flag: flag) })
        default: return .bytes([])
        }
    }

    /// `v` with the value(s) at `path` replaced by `new`.
    static func replacing(_ v: ABIValue, _ path: ArraySlice<Int>, with new: ABIValue) -> ABIValue {
        guard let i = path.first else { return new }
        switch v {
        case .array(let items) where i == ArgumentPath.each:
            return .array(items.map { replacing($0, path.dropFirst(), with: new) })
        case .tuple(var parts) where i >= 0 && i < parts.count:
            parts[i] = replacing(parts[i], path.dropFirst(), with: new)
            return .tuple(parts)
        default:
            return v
        }
    }

    static func replacing(_ args: [ABIValue], _ path: ArgumentPath, with new: ABIValue) -> [ABIValue] {
        var args = args
        guard let i = path.indexes.first, i >= 0, i < args.count else { return args }
        args[i] = replacing(args[i], path.indexes.dropFirst(), with: new)
        return args
    }

    static func calldata(_ f: ProtocolFunction, _ args: [ABIValue]) throws -> [UInt8] {
        try ABIEncoder.encodeCall(selector: f.selector, values: args, types: try types(f))
    }

    /// The audit's findings and the policy's for `data` sent to `to` by the development account.
    static func check(_ to: Address, _ data: [UInt8], policy: String) throws -> (audit: [Finding], policy: [Finding]) {
        let auditor = try auditor()
        let lines = [AuditInputLine(input: .calldata(to: to, value: .zero, data: data, from: AF.account), location: "argument 1")]
        let report = auditor.audit(lines)
        let p = try PolicyFixture.policy(policy)
        return (report.findings, p.evaluate(auditor.transactions(lines)))
    }

    static func recipientsPolicy(_ allowed: Address...) -> String {
        "\"recipients\":[" + allowed.map { "\"\($0.checksummed)\"" }.joined(separator: ",") + "]"
    }

    @Test func theCatalogIsConsistent() throws {
        #expect(ProtocolCatalog.duplicateSignatures.isEmpty)
        for f in ProtocolCatalog.all {
            let parsed = try ABIFunction(parsing: "function " + f.signature)
            #expect(parsed.canonicalSignature == f.signature, "\(f.signature) is not canonical")
            #expect(parsed.selector == f.selector)
            // The typed definition the step encoders and the decoder use is the signature's.
            #expect(f.definition.canonicalSignature == f.signature && f.definition.name != "invalid", "\(f.signature)")
            #expect(ProtocolCatalog.functions(selector: f.selector).contains { $0.signature == f.signature })
            // Every role names an argument of the right type.
            let args = try Self.types(f).map { Self.value($0, address: AF.account, uint: UInt256(7), flag: false) }
            for r in f.arguments {
                let values = r.path.values(in: args)
                #expect(!values.isEmpty, "\(f.signature): \(r.name) at \(r.path) names no argument")
                for v in values {
                    switch r.role {
                    case .recipient, .positionOwner, .debtBearer, .flashLoanReceiver:
                        if case .address = v {} else { Issue.record("\(f.signature): \(r.name) is not an address") }
                    case .minimumOut, .maximumIn, .deadline:
                        if case .uint = v {} else { Issue.record("\(f.signature): \(r.name) is not an unsigned integer") }
                    case .tokenIn, .tokenOut:
                        break
                    }
                }
            }
        }
    }

    /// Recipient, position owner, debt bearer: a stranger there is the audit's
    /// `recipient_not_sender` and the policy's `policy_recipient_not_allowed`.
    @Test func everyBeneficiaryRoleIsEnforcedByTheAuditAndThePolicy() throws {
        var checked = 0
        for f in ProtocolCatalog.all {
            for role in f.beneficiaries where role.role != .flashLoanReceiver {
                let own = try Self.types(f).map { Self.value($0, address: AF.account, uint: UInt256(1), flag: false) }
                let policy = Self.recipientsPolicy(AF.account)
                let clean = try Self.check(AF.pool, try Self.calldata(f, own), policy: policy)
                #expect(!clean.audit.contains { $0.code == .audit(.recipientNotSender) }, "\(f.signature): the sender as \(role.name)")
                #expect(!clean.policy.contains { $0.code == .policy(.recipientNotAllowed) }, "\(f.signature): the sender as \(role.name)")
                let stranger = Self.replacing(own, role.path, with: .address(AF.stranger))
                let r = try Self.check(AF.pool, try Self.calldata(f, stranger), policy: policy)
                #expect(r.audit.contains { $0.code == .audit(.recipientNotSender) && $0.message.contains(role.name) }, "audit: \(f.signature) \(role.name)")
                #expect(r.policy.contains { $0.code == .policy(.recipientNotAllowed) && $0.message.contains(role.name) }, "policy: \(f.signature) \(role.name)")
                checked += 1
            }
        }
        #expect(checked >= 50)
    }

    /// A flash loan sent to a stranger: the audit's `flash_loan_receiver_mismatch` (the executor
    /// takes the loan) and the policy's `policy_recipient_not_allowed`.
    @Test func everyFlashLoanReceiverIsEnforcedByTheAuditAndThePolicy() throws {
        var checked = 0
        for f in ProtocolCatalog.all {
            for role in f.arguments(.flashLoanReceiver) {
                let own = try Self.types(f).map { Self.value($0, address: AF.account, uint: UInt256(1), flag: false) }
                let policy = Self.recipientsPolicy(AF.account, AF.executor)
                for (receiver, trips) in [(AF.executor, false), (AF.stranger, true)] {
                    let loan = try Self.calldata(f, Self.replacing(own, role.path, with: .address(receiver)))
                    let data = try AF.execute([AF.call(AF.pool, loan)])
                    let r = try Self.check(AF.executor, data, policy: policy)
                    #expect(r.audit.contains { $0.code == .audit(.flashLoanReceiverMismatch) } == trips, "audit: \(f.signature) to \(receiver)")
                    #expect(r.policy.contains { $0.code == .policy(.recipientNotAllowed) } == trips, "policy: \(f.signature) to \(receiver)")
                }
                checked += 1
            }
        }
        #expect(checked >= 3)
    }

    /// Every approval form granting a stranger an unlimited amount: the audit's
    /// `unlimited_approval`, the policy's `policy_spender_not_allowed` and
    /// `policy_unlimited_approval`; revoking (0, or `false`) trips neither.
    @Test func everyApprovalIsEnforcedByTheAuditAndThePolicy() throws {
        var checked = 0
        for f in ProtocolCatalog.all where f.approval != nil {
            let policy = "\"approvals\":{\"spenders\":[\"\(AF.account.checksummed)\"]}"
            let unlimited = try Self.types(f).map { Self.value($0, address: AF.stranger, uint: .max, flag: true) }
            let r = try Self.check(AF.usdc, try Self.calldata(f, unlimited), policy: policy)
            #expect(r.audit.contains { $0.code == .audit(.unlimitedApproval) }, "audit: \(f.signature)")
            #expect(r.policy.contains { $0.code == .policy(.spenderNotAllowed) }, "policy spender: \(f.signature)")
            #expect(r.policy.contains { $0.code == .policy(.unlimitedApproval) }, "policy unlimited: \(f.signature)")
            let none = try Self.types(f).map { Self.value($0, address: AF.stranger, uint: .zero, flag: false) }
            let revoked = try Self.check(AF.usdc, try Self.calldata(f, none), policy: policy)
            #expect(!revoked.audit.contains { $0.code == .audit(.unlimitedApproval) }, "audit: \(f.signature) revoked")
            #expect(revoked.policy.isEmpty, "policy: \(f.signature) revoked")
            checked += 1
        }
        #expect(checked >= 9)
    }

    /// Every nested call list is followed by both: a transfer to a stranger inside it is the
    /// audit's and the policy's finding, at the inner call's path.
    @Test func everyNestedCallListIsFollowedByTheAuditAndThePolicy() throws {
        let transfer = try PlanFunctions.transfer.encode([.address(AF.stranger), .uint(UInt256(1))])
        let entry = ABIValue.tuple([.address(AF.usdc), .uint(.zero), .bytes(transfer)])
        var checked = 0
        for f in ProtocolCatalog.all {
            guard let nesting = f.nesting else { continue }
            var args = try Self.types(f).map { Self.value($0, address: AF.account, uint: UInt256(1), flag: false) }
            switch nesting {
            case .callList(let i): args[i] = .array([entry])
            case .encodedCallList(let i): args[i] = .bytes(try ABIEncoder.encode([.array([entry])], as: [PlanFunctions.callListType]))
            case .call3(let i): args[i] = .array([.tuple([.address(AF.usdc), .bool(false), .bytes(transfer)])])
            case .call3Value(let i): args[i] = .array([.tuple([.address(AF.usdc), .bool(false), .uint(.zero), .bytes(transfer)])])
            case .targetCalls(let i): args[i] = .array([.tuple([.address(AF.usdc), .bytes(transfer)])])
            case .selfCalls(let i): args[i] = .array([.bytes(transfer)])
            case .multiSend(let i):
                args[i] = .bytes([0] + AF.usdc.bytes + UInt256.zero.bigEndianBytes32 + UInt256(UInt64(transfer.count)).bigEndianBytes32 + transfer)
            case .safeTransaction:
                args[0] = .address(AF.usdc)
                args[1] = .uint(.zero)
                args[2] = .bytes(transfer)
                args[3] = .uint(.zero)
            }
            let r = try Self.check(AF.pool, try Self.calldata(f, args), policy: Self.recipientsPolicy(AF.account))
            #expect(r.audit.contains { $0.code == .audit(.recipientNotSender) && $0.path.hasSuffix(".calls[0]") && $0.path.contains(".calls[0].calls[") }, "audit: \(f.signature)")
            #expect(r.policy.contains { $0.code == .policy(.recipientNotAllowed) && $0.path.contains(".calls[0].calls[") }, "policy: \(f.signature)")
            checked += 1
        }
        #expect(checked >= 14)
    }

    /// Swap bounds are the audit's (`no_slippage_limit`): the policy has no price rule.
    @Test func everySlippageBoundIsEnforcedByTheAudit() throws {
        var checked = 0
        for f in ProtocolCatalog.all {
            guard let bound = f.slippageBound else { continue }
            let own = try Self.types(f).map { Self.value($0, address: AF.account, uint: UInt256(1), flag: false) }
            let clean = try Self.check(AF.router, try Self.calldata(f, own), policy: "")
            #expect(!clean.audit.contains { $0.code == .audit(.noSlippageLimit) }, "\(f.signature)")
            let open = Self.replacing(own, bound.path, with: .uint(bound.role == .minimumOut ? .zero : .max))
            let r = try Self.check(AF.router, try Self.calldata(f, open), policy: "")
            #expect(r.audit.contains { $0.code == .audit(.noSlippageLimit) && $0.message.contains(bound.name) }, "\(f.signature)")
            checked += 1
        }
        #expect(checked >= 11)
    }

    /// Arguments of the bundled ABIs that name who receives, owns or owes what a call moves, and
    /// that the catalog leaves without a role, each with why.
    static let undeclaredBeneficiaries: [String: String] = [
        "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16) onBehalfOf":
            "owes the loan only with an interest-rate mode other than 0: the audit's flash_loan_debt reports any such mode",
        "queryBatchSwap(uint8,(bytes32,uint256,uint256,uint256,bytes)[],address[],(address,bool,address,bool)) funds.recipient":
            "a query, called off-chain",
        "harvest(address) callFeeRecipient": "Beefy's harvest fee, paid by the strategy: not yet checked by the audit or the policy",
        "sendWnt(address,uint256) receiver": "GMX: pays the order vault before createOrder: not yet checked by the audit or the policy",
        "sendTokens(address,address,uint256) receiver": "GMX: pays the order vault before createOrder: not yet checked by the audit or the policy",
        "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes) to": "the Safe transaction's target, followed as a nested call",
        "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes) refundReceiver":
            "the gas refund's receiver (only with a gas price): not yet checked by the audit or the policy",
    ]

    /// Every argument of a bundled ABI named like a beneficiary (`to`, `recipient`, `receiver`,
    /// `onBehalfOf`, …, at the top level or in a struct) has a beneficiary role in the catalog at
    /// its place, or is listed in ``undeclaredBeneficiaries`` with why.
    @Test func everyBeneficiaryOfTheBundledABIsIsDeclared() throws {
        let names: Set<String> = ["to", "dst", "recipient", "receiver", "onbehalfof", "onbehalf", "_receiver", "_account", "receiveraddress", "refundreceiver", "callfeerecipient"]
        var listed = Set<String>()
        for file in try JSONABI.load(directory: AF.abiDirectory) {
            for f in file.abi.functions where f.stateMutability != .view && f.stateMutability != .pure {
                var places: [(path: [Int], name: String)] = []
                for (i, p) in f.inputs.enumerated() {
                    if p.type == .address, names.contains(p.name.lowercased()) { places.append(([i], p.name)) }
                    if case .tuple = p.type {
                        for (j, c) in p.components.enumerated() where c.type == .address && names.contains(c.name.lowercased()) {
                            places.append(([i, j], "\(p.name).\(c.name)"))
                        }
                    }
                }
                let signature = f.canonicalSignature
                for place in places {
                    let key = "\(signature) \(place.name)"
                    if Self.undeclaredBeneficiaries[key] != nil { listed.insert(key); continue }
                    let declared = ProtocolCatalog.function(signature)?.beneficiaries.contains { $0.path.indexes == place.path } ?? false
                    #expect(declared, "\(file.name): \(key) has no beneficiary role in the catalog")
                }
            }
        }
        #expect(listed == Set(Self.undeclaredBeneficiaries.keys), "exemptions that no longer match: \(Set(Self.undeclaredBeneficiaries.keys).subtracting(listed))")
    }

    /// Every catalog function that a bundled ABI declares has the selector `eth_utils` computed for
    /// it in `vectors/selectors.json` (`vectors/gen_selectors.py`), and every function of those ABIs
    /// with a beneficiary-named argument is in the catalog (checked above): a function added to the
    /// catalog and to `abi/` is checked against the independent reference here.
    @Test func catalogSelectorsMatchTheReferenceVectors() throws {
        let doc = try #require(try Vectors.json(Vectors.project("selectors.json")) as? [String: Any])
        let files = try #require(doc["files"] as? [String: [[String: Any]]])
        var reference: [String: String] = [:]
        for records in files.values {
            for r in records where r["kind"] as? String == "function" {
                if let sig = r["signature"] as? String, let sel = r["selector"] as? String { reference[sig] = sel }
            }
        }
        var matched = 0
        for f in ProtocolCatalog.all {
            guard let sel = reference[f.signature] else { continue }
            #expect(TestHex.encode(f.selector) == sel, "\(f.signature)")
            matched += 1
        }
        #expect(matched >= 60, "only \(matched) catalog functions found in vectors/selectors.json")
    }
}
