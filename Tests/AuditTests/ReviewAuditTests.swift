import ABI
import Audit
import EthereumPrimitives
import Plan
import TestSupport
import Testing

/// Approvals and transfers the audit rules did not recognise (functions of the bundled ABIs).
@Suite struct ReviewAuditTests {
    static let permitBatch = "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)"
    static let permit2Max = (UInt256.one << 160) - UInt256.one

    static func batchPermit(_ amounts: [UInt256]) throws -> [UInt8] {
        let details: [ABIValue] = amounts.map { .tuple([AF.a(AF.usdc), .uint($0), AF.u(0), AF.u(0)]) }
        return try AF.calldata(permitBatch, [AF.a(AF.account), .tuple([.array(details), AF.a(AF.stranger), AF.u(1)]), .bytes([1, 2, 3])])
    }

    @Test func permit2BatchPermitIsAnApproval() throws {
        let unlimited = try AF.calldataReport(to: AF.permit2, try Self.batchPermit([UInt256(5), Self.permit2Max]))
        #expect(unlimited.has(.audit(.unlimitedApproval), at: "tx[0].calls[0]"))
        #expect(unlimited.has(.audit(.approval), at: "tx[0].calls[0]"))
        let bounded = try AF.calldataReport(to: AF.permit2, try Self.batchPermit([UInt256(5)]))
        #expect(bounded.has(.audit(.approval), at: "tx[0].calls[0]") && !bounded.has(.audit(.unlimitedApproval)))
    }

    @Test func permit2TransfersCheckTheirRecipients() throws {
        let batch = try AF.calldata("transferFrom((address,address,uint160,address)[])", [.array([
            .tuple([AF.a(AF.account), AF.a(AF.account), AF.u(1), AF.a(AF.usdc)]),
            .tuple([AF.a(AF.account), AF.a(AF.stranger), AF.u(1), AF.a(AF.usdc)]),
        ])])
        let r = try AF.calldataReport(to: AF.permit2, batch)
        #expect(r.findings.filter { $0.code == .audit(.recipientNotSender) }.count == 1)
        #expect(r.finding(.audit(.recipientNotSender))?.message.contains(AF.stranger.checksummed) == true)

        func signatureTransfer(to: Address) throws -> [UInt8] {
            try AF.calldata("permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)", [
                .tuple([.tuple([AF.a(AF.usdc), AF.u(1)]), AF.u(0), AF.u(1)]), .tuple([AF.a(to), AF.u(1)]), AF.a(AF.account), .bytes([1]),
            ])
        }
        #expect(try AF.calldataReport(to: AF.permit2, signatureTransfer(to: AF.stranger)).has(.audit(.recipientNotSender), at: "tx[0].calls[0]"))
        #expect(!(try AF.calldataReport(to: AF.permit2, signatureTransfer(to: AF.account)).has(.audit(.recipientNotSender))))
    }

    @Test func yearnV2WithdrawToAStranger() throws {
        let vault = AF.address("0xdA816459F1AB5631232FE5e97a05BBBb94970c95")
        let bad = try AF.calldata("withdraw(uint256,address)", [AF.u(1), AF.a(AF.stranger)])
        let good = try AF.calldata("withdraw(uint256,address)", [AF.u(1), AF.a(AF.account)])
        #expect(try AF.calldataReport(to: vault, bad).has(.audit(.recipientNotSender), at: "tx[0].calls[0]"))
        #expect(!(try AF.calldataReport(to: vault, good).has(.audit(.recipientNotSender))))
    }

    /// SwapRouter02's `address(1)` is its msg.sender: ours when we call the router, Multicall3
    /// when Multicall3 does (anyone can take what is left there).
    @Test func routerMsgSenderIsOursOnlyWhenWeCall() throws {
        let swap = try AuditorFindingTests.swap(recipient: AF.address("0x0000000000000000000000000000000000000001"))
        #expect(!(try AF.calldataReport(to: AF.router, swap)).has(.audit(.recipientNotSender)))
        let viaMulticall3 = try AF.calldata("aggregate3((address,bool,bytes)[])", [.array([.tuple([AF.a(AF.router), .bool(false), .bytes(swap)])])])
        #expect(try AF.calldataReport(to: AF.multicall3, viaMulticall3).has(.audit(.recipientNotSender), at: "tx[0].calls[0].calls[0]"))
        // Through the executor the router's msg.sender is the executor: ours.
        let viaExecutor = try AF.execute([AF.call(AF.router, swap)])
        #expect(!(try AF.calldataReport(to: AF.executor, viaExecutor)).has(.audit(.recipientNotSender)))
    }
}
