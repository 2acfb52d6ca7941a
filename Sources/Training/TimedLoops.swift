/// The epoch loops `fitreport bench` times, compiled here with the engine they call. `Benchmarks` itself is built
/// without optimisation (it runs once per command), so a loop written there would add its own call overhead to the
/// engine's time; written here, each loop is what a hand-written training loop in an optimised module costs.
public enum TimedLoops {
    /// `epochs` epochs of loss, gradient and an Adam step on `kernel` from `parameters` (JAX's `lax.scan` loop).
    /// Returns the final parameters and the sum of the losses (which keeps the work from being optimised away).
    public static func adam(on kernel: ObjectiveKernel, from parameters: [Double], learningRate: Double,
                            epochs: Int) -> (parameters: [Double], lossSum: Double)
    {
        var parameters = parameters
        var gradient = [Double](repeating: 0, count: parameters.count)
        var adam = Adam(learningRate: learningRate)
        var sum = 0.0
        for _ in 0..<epochs {
            sum += kernel.valueAndGradient(parameters: parameters, gradient: &gradient)
            adam.step(parameters: &parameters, gradient: gradient)
        }
        return (parameters, sum)
    }

    /// `calls` evaluations of the loss value alone at `parameters` (a validation pass each); returns their sum.
    public static func values(of kernel: ObjectiveKernel, at parameters: [Double], calls: Int) -> Double {
        var sum = 0.0
        for _ in 0..<calls { sum += kernel.value(parameters: parameters) }
        return sum
    }

    /// `epochs` epochs of the reference interpreter (`Evaluator.sumAndGradient`) and an SGD step: the
    /// straightforward loop the engine is measured against. Returns the final parameters and the sum of the losses.
    public static func interpreterSGD(_ evaluator: Evaluator, columns: [[Double]], weight: Double,
                                      from parameters: [Double], learningRate: Double,
                                      epochs: Int) -> (parameters: [Double], lossSum: Double)
    {
        var parameters = parameters
        var sgd = SGD(learningRate: learningRate)
        var sum = 0.0
        for _ in 0..<epochs {
            let (value, gradient) = evaluator.sumAndGradient(columns: columns, parameters: parameters, weight: weight)
            sum += value
            sgd.step(parameters: &parameters, gradient: gradient)
        }
        return (parameters, sum)
    }
}
