/// TFRecord framing, the container of TensorBoard event files: each record is its length (8 bytes, little-endian),
/// the masked CRC-32C of those 8 bytes, the payload, and the masked CRC-32C of the payload.
public enum TFRecordFraming {
    /// `payload` framed as one record, ready to append to an event file (used to synthesize large files for
    /// `fitreport bench` and tests).
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        var length = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { length[i] = UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * UInt64(i))) }
        var out = length
        out.reserveCapacity(payload.count + 16)
        appendLittleEndian(CRC32C.masked(CRC32C.checksum(length)), to: &out)
        out += payload
        appendLittleEndian(CRC32C.masked(CRC32C.checksum(payload)), to: &out)
        return out
    }

    private static func appendLittleEndian(_ value: UInt32, to out: inout [UInt8]) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }
}
