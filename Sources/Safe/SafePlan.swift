import ABI
import EthereumPrimitives
import Plan

/// Safe MultiSend batches: `multiSend(bytes transactions)` of packed entries.
public enum MultiSend {
    /// `multiSend(bytes)`: 0x8d80ff0a.
    public static let selector: [UInt8] = [0x8d, 0x80, 0xff, 0x0a]

    /// The packed entries, each `operation` (1 byte, 0 = call) ‖ `to` (20) ‖ `value` (32) ‖
    /// `dataLength` (32) ‖ `data`. Every entry is a CALL: MultiSendCallOnly refuses others.
    public static func pack(_ calls: [PlanCall]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(calls.reduce(0) { $0 + 85 + $1.data.count })
        for c in calls {
            out.append(0)
            out += c.target.bytes
            out += c.value.bigEndianBytes32
            out += UInt256(UInt64(c.data.count)).bigEndianBytes32
            out += c.data
        }
        return out
    }

    /// The calldata `multiSend(pack(calls))`.
    public static func calldata(_ calls: [PlanCall]) -> [UInt8] {
        (try? ABIEncoder.encodeCall(selector: selector, values: [.bytes(pack(calls))], types: [.bytes])) ?? []
    }
}

extension CompiledPlan {
    /// `safe` mode: the batch as one Safe transaction, unsigned: a DELEGATECALL (operation 1)
    /// of `multiSend` on MultiSendCallOnly (`protocols.safe.multiSend`, built in on the chains
    /// of the address book) with every action's calls in order; no refund (safeTxGas, baseGas,
    /// gasPrice 0, gasToken and refundReceiver the zero address); the nonce
    /// `execution.safeNonce` (0 when the plan has none).
    ///
    /// - Throws: `safe_mode_required` for another mode; `missing_protocol_address` without a
    ///   MultiSend address.
    public func safeTx(version: SafeVersion = .defaultVersion) throws(SafeError) -> SafeTx {
        guard plan.execution.mode == .safe, let safe = plan.execution.safe else {
            throw SafeError(.safeModeRequired, "a SafeTx is made from a safe-mode plan (execution.mode is \(plan.execution.mode.rawValue))", at: "execution.mode")
        }
        guard let multiSend = plan.book.protocols[.safe] else {
            throw SafeError(.missingProtocolAddress, "chain \(plan.chainId) has no built-in MultiSendCallOnly address: give protocols.safe.multiSend", at: "protocols.safe.multiSend")
        }
        return SafeTx(
            safe: safe, chainId: plan.chainId, version: version, to: multiSend, value: .zero,
            data: MultiSend.calldata(safeCalls), operation: .delegateCall,
            nonce: UInt256(plan.execution.safeNonce ?? 0))
    }
}
