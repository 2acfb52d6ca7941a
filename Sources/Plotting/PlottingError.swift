import CCairo

/// Errors from laying out, rendering, writing or decoding figures.
public enum PlottingError: Error, CustomStringConvertible, Equatable {
    /// The figure cannot be rendered as given (e.g. a non-positive size or dpi).
    case invalidFigure(String)
    /// A Cairo call failed; `status` is Cairo's own message.
    case cairo(operation: String, status: String)
    /// The output file could not be written.
    case cannotWriteFile(path: String, reason: String)
    /// The input file could not be read.
    case cannotReadFile(path: String, reason: String)
    /// The bytes are not a PNG image Cairo can decode.
    case invalidPNG(String)
    /// An animation could not be encoded or decoded (libwebp).
    case animation(String)

    /// A sentence saying what failed and what to do about it.
    public var description: String {
        switch self {
        case .invalidFigure(let reason):
            return "Cannot render figure: \(reason)."
        case .cairo(let operation, let status):
            return "Cairo failed to \(operation): \(status)."
        case .cannotWriteFile(let path, let reason):
            return "Cannot write file at '\(path)': \(reason). Check that the folder exists and is writable."
        case .cannotReadFile(let path, let reason):
            return "Cannot read file at '\(path)': \(reason)."
        case .invalidPNG(let reason):
            return "Cannot decode PNG: \(reason)."
        case .animation(let reason):
            return "Animation: \(reason)."
        }
    }

    /// Cairo's message for a status code.
    static func message(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "status \(status.rawValue)" }
        return String(cString: text)
    }

    /// Throws `.cairo` unless `status` is success; destroys `surface` first when given.
    static func check(_ status: cairo_status_t, _ operation: String, destroying surface: OpaquePointer? = nil) throws {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        if let surface { cairo_surface_destroy(surface) }
        throw PlottingError.cairo(operation: operation, status: message(status))
    }
}
