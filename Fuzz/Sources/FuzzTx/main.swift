import BallastJSON
import FuzzDriver
import Transactions

// Strict transaction decoding never crashes, and whatever it accepts is canonical: encoding the
// decoded transaction and signature again (independently of the input bytes) gives exactly the
// input, the same hash and the same sender. The decode JSON of an accepted transaction reads back
// to the same transaction.
runFuzzer { input in
    let bytes = Array(input)
    guard let decoded = try? SignedTransaction.decode(bytes) else { return }
    guard let again = try? SignedTransaction(transaction: decoded.transaction, signature: decoded.signature) else {
        preconditionFailure("a decoded transaction cannot be rebuilt from its fields and signature")
    }
    precondition(again.networkEncoded == bytes, "re-encoding differs from a strictly decoded input")
    precondition(again.hash == decoded.hash, "hash differs after re-encoding")
    precondition(again.sender == decoded.sender, "sender differs after re-encoding")
    _ = decoded.jsonValue().compact
    var unsigned = decoded.transaction
    if case .blob(var blob) = unsigned {
        blob.sidecar = nil
        unsigned = .blob(blob)
    }
    guard let read = try? UnsignedTransaction(json: unsigned.jsonValue(), allowUnprotected: true) else {
        preconditionFailure("the JSON of a decoded transaction does not read back")
    }
    precondition(read == unsigned, "the JSON of a decoded transaction reads back to another transaction")
}
