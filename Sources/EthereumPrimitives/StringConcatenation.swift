extension String {
    /// `parts` one after another, built by copying their UTF-8 bytes into one new string: one
    /// allocation (none when the result is short enough to be stored inline), and none of the
    /// per-append work of `+` and interpolation. For text made for every call of every
    /// transaction (call paths, finding messages).
    public init(concatenating parts: String...) {
        var count = 0
        for p in parts { count += p.utf8.count }
        guard count > 0 else {
            self = ""
            return
        }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for var p in parts {
                p.withUTF8 { utf8 in
                    guard let source = utf8.baseAddress, let target = buffer.baseAddress else { return }
                    (target + i).initialize(from: source, count: utf8.count)
                    i += utf8.count
                }
            }
            return i
        }
    }
}
