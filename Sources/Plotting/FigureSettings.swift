/// How the figures look, checked and parsed.
public struct FigureSettings: Sendable, Equatable {
    /// The blog's look: 6.4×4.8 in at 100 dpi, matplotlib's default style, automatic loss scale, no smoothing.
    public static let blog = FigureSettings(widthInches: 6.4, heightInches: 4.8, dpi: 100, style: "default",
                                            lossScale: .auto, smooth: 0)

    public enum LossScale: String, Sendable { case auto, log, linear }

    public var widthInches: Double
    public var heightInches: Double
    public var dpi: Double
    /// `default` or `dark`.
    public var style: String
    public var lossScale: LossScale
    /// EMA factor in [0, 1); 0 draws no smoothed curve.
    public var smooth: Double

    /// The figures to draw, by name (`dataset`, `before`, `loss`, `after`, `residuals`, `series` for every series
    /// figure, `landscape`, `trajectories`); `nil` draws the default set.
    public var figureNames: [String]?
    /// The two parameters of the loss landscape's plane (`--landscape a,b`); `nil` picks the two that travelled
    /// farthest.
    public var landscapeParameters: [String]?
    /// Write the animation of the fit (`figures/training.webp`).
    public var animate = false

    /// Names `figureNames` may hold.
    public static let selectableFigures = ["dataset", "before", "loss", "after", "residuals", "series", "landscape",
                                           "trajectories"]

    /// Style names the renderer knows.
    public static let styles = ["default", "dark"]

    public init(widthInches: Double, heightInches: Double, dpi: Double, style: String, lossScale: LossScale,
                smooth: Double) {
        self.widthInches = widthInches
        self.heightInches = heightInches
        self.dpi = dpi
        self.style = style
        self.lossScale = lossScale
        self.smooth = smooth
    }
}
