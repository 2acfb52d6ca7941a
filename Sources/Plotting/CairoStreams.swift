import CCairo

/// Collects the bytes Cairo writes to a stream.
final class ByteSink {
    var bytes: [UInt8] = []

    /// Runs `body` with a Cairo write callback and its closure pointer appending to `bytes`.
    func withWriter<R>(_ body: (cairo_write_func_t, UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        let closure = Unmanaged.passUnretained(self).toOpaque()
        let writer: cairo_write_func_t = { closure, data, length in
            guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            if let data, length > 0 {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            }
            return CAIRO_STATUS_SUCCESS
        }
        return try withExtendedLifetime(self) { try body(writer, closure) }
    }
}

/// Feeds bytes to a Cairo read callback.
final class ByteSource {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Runs `body` with a Cairo read callback and its closure pointer reading from `bytes`.
    func withReader<R>(_ body: (cairo_read_func_t, UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        let closure = Unmanaged.passUnretained(self).toOpaque()
        let reader: cairo_read_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard count <= source.bytes.count - source.position else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                data.update(from: base + source.position, count: count)
            }
            source.position += count
            return CAIRO_STATUS_SUCCESS
        }
        return try withExtendedLifetime(self) { try body(reader, closure) }
    }
}
