import ABI
import EthereumPrimitives
import Plan
import Protocols

/// The functions the policy understands by their arguments: approvals (spender, amount) and
/// the arguments naming who receives what a call sends out or credits, whose position it
/// changes or who owes what it borrows. All of it is read from the protocol catalog (the same
/// roles the audit reads), keyed by canonical signature; a call matches only when it decoded as
/// that function.
enum PolicyFunctions {
    /// An argument holding an address, with its name in the protocol's ABI.
    struct Slot {
        var path: ArgumentPath
        var name: String
    }

    /// Arguments that name who receives tokens, shares, a position, a debt or a flash loan: the
    /// catalog's beneficiary roles.
    static let recipients: [String: [Slot]] = Dictionary(
        ProtocolCatalog.all.compactMap { f in
            let slots = f.beneficiaries.map { Slot(path: $0.path, name: $0.name) }
            return slots.isEmpty ? nil : (f.signature, slots)
        },
        uniquingKeysWith: { a, _ in a })

    /// Functions whose argument carries a call list that `CallDecoder` always follows: when the
    /// list does not decode, what the call makes others do cannot be seen.
    static let nesting: Set<String> = Set(ProtocolCatalog.all.filter { $0.nesting != nil && !$0.nestingIsBatch }.map(\.signature))

    /// The addresses `slot` names (several for an array of tuples).
    static func addresses(_ args: [ABIValue], _ slot: Slot) -> [Address] {
        slot.path.addresses(in: args)
    }

    /// One allowance a call grants: `spender` may spend `amount` of `token`.
    typealias Grant = Protocols.Grant

    /// The allowances a call to `function` (decoded: `args`) on `target` grants, as the catalog
    /// reads them: ERC-20 `approve` / `increaseAllowance`, Permit2 `approve`, ERC-2612 `permit`
    /// (the token is the target), DAI's `permit` (`allowed` grants an unlimited amount), Permit2
    /// `permit` (single and batch, one grant a token), and `setApprovalForAll` / Morpho
    /// `setAuthorization` (granting them is unlimited).
    static func grants(_ function: String, args: [ABIValue], target: Address) -> [Grant] {
        ProtocolCatalog.function(function)?.grants(args: args, target: target) ?? []
    }
}
