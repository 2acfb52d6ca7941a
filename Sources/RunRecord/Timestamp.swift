import Foundation

/// ISO 8601 UTC timestamps to the second (`2024-05-01T12:30:00Z`), as `RunRecord.createdAt` and run folders hold
/// them.
public enum Timestamp {
    /// `date` in UTC, fractions of a second dropped.
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    /// `seconds` since 1970 (a logger's wall time) in UTC; `nil` when not finite or outside the years 1970–9999.
    public static func iso8601(secondsSince1970 seconds: Double) -> String? {
        guard seconds.isFinite, seconds >= 0, seconds < 253_402_300_800 else { return nil }
        return iso8601(Date(timeIntervalSince1970: seconds))
    }
}
