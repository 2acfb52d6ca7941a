import Foundation

/// 64-bit FNV-1a, the short hash in run ids (`RunFolder.makeID` in `Report`). A loop over every byte of its input
/// (an imported run's identity lists every source file), so it lives in this optimised target.
package enum FNV1a {
    package static func hash(_ bytes: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
