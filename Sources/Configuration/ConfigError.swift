/// A problem with a run's settings, naming the key (and for files the file, line and column).
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The key path, such as `lr` or `init.a`; empty for problems with the file as a whole.
    public var key: String
    public var message: String
    /// `file:line:column` when the problem is in a config file.
    public var location: String?
    /// Extra lines shown under the message (for example a formula with a caret).
    public var detail: String?

    public init(key: String, _ message: String, location: String? = nil, detail: String? = nil) {
        self.key = key
        self.message = message
        self.location = location
        self.detail = detail
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if !key.isEmpty { text += "\(key): " }
        text += message
        if let detail { text += "\n" + detail }
        return text
    }
}
