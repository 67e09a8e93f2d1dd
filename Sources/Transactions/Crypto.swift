import EthereumPrimitives

/// The address whose key made `signature` over `hash`, or nil if none recovers.
func recoverAddress(hash: Bytes32, signature: TransactionSignature) -> Address? {
    nil  // placeholder until the secp256k1 facade lands
}
