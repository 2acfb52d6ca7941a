import XCTest
@testable import Training

final class ThreadTunerTests: XCTestCase {
    /// Drives a tuner through `windows` probe periods where pooled evaluations take `pooled` and serial ones
    /// `serial`; returns the choices made outside the probe windows.
    func choices(pooled: Duration, serial: Duration, windows: Int = 3) -> [Bool] {
        var tuner = ThreadTuner()
        var outside: [Bool] = []
        for i in 0..<(ThreadTuner.period * windows) {
            let usePool = tuner.pooledNext()
            if i % ThreadTuner.period >= ThreadTuner.probes { outside.append(usePool) }
            tuner.record(pooled: usePool, duration: usePool ? pooled : serial)
        }
        return outside
    }

    func testKeepsThePoolWhenItIsFaster() {
        XCTAssertTrue(choices(pooled: .microseconds(500), serial: .microseconds(1000)).allSatisfy { $0 })
    }

    func testFallsBackToTheCallingThreadWhenThePoolIsSlower() {
        XCTAssertTrue(choices(pooled: .microseconds(1400), serial: .microseconds(1000)).allSatisfy { !$0 })
    }

    func testProbeWindowsTryBothWays() {
        var tuner = ThreadTuner()
        var seen: Set<Bool> = []
        for _ in 0..<ThreadTuner.probes {
            seen.insert(tuner.pooledNext())
            tuner.record(pooled: true, duration: .microseconds(1))
        }
        XCTAssertEqual(seen, [true, false])
    }
}
