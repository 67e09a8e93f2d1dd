// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B). Placeholder.
public enum RLP {}
