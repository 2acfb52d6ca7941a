/// Everything that can go wrong importing another tool's files. Each message says what is wrong, where (file and
/// line, or TFRecord record number and byte offset, or key) and what to do.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in.
    public var path: String
    /// `line 12`, `line 12, column 3 ("val_loss")`, `record 7 at byte 1234`, `key 'lr'`; `nil` for the whole file.
    public var location: String?
    /// What is wrong and what to do, as one or two sentences.
    public var reason: String

    public init(path: String, location: String? = nil, reason: String) {
        self.path = path
        self.location = location
        self.reason = reason
    }

    /// `path:line 12: reason` style text for the command line.
    public var description: String {
        if let location { return "\(path), \(location): \(reason)" }
        return "\(path): \(reason)"
    }
}
