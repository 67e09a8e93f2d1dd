/// Beefy vaults: shares are minted to and burned from the caller (no recipient argument).
public enum Beefy {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Beefy", "depositAll()"),
        ProtocolFunction("Beefy", "withdrawAll()"),
    ]
}
