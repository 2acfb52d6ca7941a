import Foundation
// TEMPORARY until the vmath branch lands: libm stand-ins with VectorMath's API.
public enum VectorMath {
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    public static func sinCos(_ x: Double) -> (sin: Double, cos: Double) { (Foundation.sin(x), Foundation.cos(x)) }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    public static func exp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = exp(x[i]) } }
    public static func log(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = log(x[i]) } }
    public static func sin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = sin(x[i]) } }
    public static func cos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = cos(x[i]) } }
    public static func sinCos(_ x: UnsafePointer<Double>, sin s: UnsafeMutablePointer<Double>, cos c: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { let v = x[i]; s[i] = sin(v); c[i] = cos(v) } }
    public static func tanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = tanh(x[i]) } }
    public static func sigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) { for i in 0..<count { out[i] = sigmoid(x[i]) } }
}
