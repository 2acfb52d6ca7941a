/// A figure: a canvas size and one or more sets of axes. A plain value that knows nothing of Cairo;
/// `CairoCanvas` renders it to PNG, SVG or PDF.
///
/// Most figures have one `Axes` (`Figure(axes:)`, matplotlib's `plt.subplots()`). Several panels in a grid
/// (small multiples, matplotlib's `plt.subplots(nrows, ncols)` with `tight_layout()`) come from
/// `Figure(panels:columns:title:)`: the panels fill the grid row by row, each with its own ticks, labels, title and
/// legend; every panel has the same size, and the margins between them are as wide as their labels need. An
/// optional figure title (matplotlib's `suptitle`) is centred above the grid.
public struct Figure: Sendable, Equatable {
    /// Width in inches (matplotlib's default 6.4).
    public var widthInches: Double
    /// Height in inches (matplotlib's default 4.8).
    public var heightInches: Double
    /// Pixels per inch at scale 1 (matplotlib's default 100 → 640×480 px).
    public var dpi: Double
    /// The plotting areas, row by row (left to right, then top to bottom). One for a plain figure; a figure
    /// without panels cannot be laid out.
    public var panels: [Axes]
    /// How many panels go in one row of the grid (at least 1; values below 1 count as 1). The number of rows
    /// follows from the number of panels; the last row may be incomplete, its empty cells stay blank.
    public var columns: Int
    /// A title centred above all panels (matplotlib's `suptitle`); `nil` or empty for none. Each panel's own
    /// title is `Axes.title`.
    public var title: String?
    /// Colours of background, text, spines, grid and legend (`.default` is matplotlib's, `.dark` its
    /// `dark_background`).
    public var style: PlotStyle

    /// A figure of `widthInches` × `heightInches` at `dpi` (matplotlib's defaults: 6.4 × 4.8 in at 100 dpi) with
    /// one set of axes.
    public init(widthInches: Double = 6.4, heightInches: Double = 4.8, dpi: Double = 100, axes: Axes,
                style: PlotStyle = .default) {
        self.widthInches = widthInches
        self.heightInches = heightInches
        self.dpi = dpi
        self.panels = [axes]
        self.columns = 1
        self.title = nil
        self.style = style
    }

    /// A figure with a grid of `panels`, `columns` to a row (small multiples), and an optional figure `title`
    /// above them, like matplotlib's `fig, axs = plt.subplots(nrows, ncols)` plus `fig.suptitle(title)`.
    /// One panel without a title is laid out exactly as `Figure(axes:)`.
    public init(widthInches: Double = 6.4, heightInches: Double = 4.8, dpi: Double = 100, panels: [Axes],
                columns: Int, title: String? = nil, style: PlotStyle = .default) {
        self.widthInches = widthInches
        self.heightInches = heightInches
        self.dpi = dpi
        self.panels = panels
        self.columns = columns
        self.title = title
        self.style = style
    }

    /// The first panel — the figure's only axes unless it is a grid. Setting it replaces the first panel (or adds
    /// it to a figure without panels).
    public var axes: Axes {
        get { panels.first ?? Axes() }
        set {
            if panels.isEmpty { panels = [newValue] } else { panels[0] = newValue }
        }
    }

    /// The columns of the grid as laid out: `columns`, at least 1 and at most the number of panels.
    public var gridColumns: Int { max(1, min(columns, panels.count)) }

    /// The rows of the grid: as many as the panels fill, `gridColumns` to a row.
    public var gridRows: Int { (panels.count + gridColumns - 1) / gridColumns }

    /// Whether the figure is one set of axes without a figure title (laid out like matplotlib's default subplot).
    public var isSingleAxes: Bool { panels.count == 1 && (title ?? "").isEmpty }
}

/// One plotting area: series, labels, limits, grid and legend.
public struct Axes: Sendable, Equatable {
    /// Drawn centred above the axes.
    public var title: String?
    /// Drawn centred below the x tick labels.
    public var xLabel: String?
    /// Drawn vertically left of the y tick labels.
    public var yLabel: String?
    /// Draw light grey grid lines at the major ticks.
    public var grid: Bool
    /// Draw a legend box for the series that have a label.
    public var legend: Bool
    /// Explicit limits; `nil` means "from the data with a small margin" (matplotlib's 5 %).
    public var xLimits: ClosedRange<Double>?
    /// Explicit y limits; `nil` means "from the data with a small margin".
    public var yLimits: ClosedRange<Double>?
    /// Drawn in order: later series on top.
    public var series: [Series]
    /// Where the legend box goes; `.best` (matplotlib's default) avoids the data.
    public var legendLocation: LegendLocation = .best
    /// How x values map to the axis: `.linear`, or `.log` (decades; non-positive values are skipped).
    public var xScale: AxisScale
    /// How y values map to the axis: `.linear`, or `.log` (decades; non-positive values are skipped).
    public var yScale: AxisScale

    /// An axes; texts may contain `$…$` mathtext such as `"$y_{true}$"`.
    public init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        grid: Bool = false, legend: Bool = false,
        xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        series: [Series] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.grid = grid
        self.legend = legend
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
    }
}

/// A data series drawn on axes.
public enum Series: Sendable, Equatable {
    /// Markers at points.
    case scatter(ScatterSeries)
    /// A polyline.
    case line(LineSeries)
    /// A filled region between two curves (a confidence band).
    case band(BandSeries)
}

/// Markers at (x, y) points, like matplotlib's `scatter`.
public struct ScatterSeries: Sendable, Equatable {
    /// x coordinates; points whose x or y is not finite are skipped.
    public var x: [Double]
    /// y coordinates, paired with `x` by index.
    public var y: [Double]
    /// The legend text (mathtext allowed); `nil`, empty or starting with "_" for no legend entry.
    public var label: String?
    /// Face and edge colour.
    public var color: Color
    /// Marker area in pt² (matplotlib's `s`; default 36 → diameter 6 pt).
    public var markerArea: Double
    /// Opacity 0…1.
    public var alpha: Double

    /// Markers at (`x`[i], `y`[i]); large scatters are drawn from a pre-rendered marker stamp.
    public init(x: [Double], y: [Double], label: String? = nil, color: Color = .tabBlue,
                markerArea: Double = 36, alpha: Double = 1) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.markerArea = markerArea
        self.alpha = alpha
    }
}

/// A polyline through (x, y) points, like matplotlib's `plot`.
public struct LineSeries: Sendable, Equatable {
    /// x coordinates; a point whose x or y is not finite breaks the line.
    public var x: [Double]
    /// y coordinates, paired with `x` by index.
    public var y: [Double]
    /// The legend text (mathtext allowed); `nil`, empty or starting with "_" for no legend entry.
    public var label: String?
    /// Stroke colour.
    public var color: Color
    /// Line width in points (matplotlib's default 1.5).
    public var width: Double
    /// Dash pattern in points (on, off, …); empty for a solid line.
    public var dash: [Double]
    /// Opacity 0…1 (e.g. 0.3 for a faint raw curve under a smoothed one).
    public var alpha: Double

    /// A line through (`x`[i], `y`[i]); long lines are decimated for drawing without visible change.
    public init(x: [Double], y: [Double], label: String? = nil, color: Color = .tabBlue,
                width: Double = 1.5, dash: [Double] = [], alpha: Double = 1) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.width = width
        self.dash = dash
        self.alpha = alpha
    }
}

/// The region between a lower and an upper curve filled with a translucent colour, like matplotlib's
/// `fill_between(x, lower, upper, alpha=0.2)`: a confidence band around a fitted curve.
///
/// As in matplotlib the region has no edge (a `PolyCollection` with edge colour "none"); rows whose x, lower or
/// upper bound is not finite (or not positive on a log axis) split it into separate filled pieces, and a piece of
/// a single row fills nothing. Both bounds count for the autoscaled limits. The legend shows a filled rectangle.
/// Rows are joined in the order given: sort them by x for a band over a curve.
public struct BandSeries: Sendable, Equatable {
    /// x coordinates, paired with `lower` and `upper` by index.
    public var x: [Double]
    /// The lower bound at each x.
    public var lower: [Double]
    /// The upper bound at each x (a bound below `lower` is filled just the same).
    public var upper: [Double]
    /// The legend text (mathtext allowed); `nil`, empty or starting with "_" for no legend entry.
    public var label: String?
    /// Fill colour.
    public var color: Color
    /// Opacity 0…1 of the fill (0.2, the usual confidence-band look; matplotlib's own default is opaque).
    public var alpha: Double

    /// The region between (`x`[i], `lower`[i]) and (`x`[i], `upper`[i]); rows beyond the shortest array are
    /// ignored.
    public init(x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color = .tabBlue,
                alpha: Double = 0.2) {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.label = label
        self.color = color
        self.alpha = alpha
    }
}

/// An sRGB colour with components 0…1.
public struct Color: Sendable, Equatable, Hashable {
    /// Red component 0…1.
    public var red: Double
    /// Green component 0…1.
    public var green: Double
    /// Blue component 0…1.
    public var blue: Double
    /// Opacity 0…1.
    public var alpha: Double

    /// A colour from components 0…1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit hex value such as `0x1f77b4`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xff) / 255, green: Double((hex >> 8) & 0xff) / 255,
                  blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    /// matplotlib's tab:blue, the first colour of its default cycle.
    public static let tabBlue = Color(hex: 0x1f77b4)
    /// matplotlib's tab:orange.
    public static let tabOrange = Color(hex: 0xff7f0e)
    /// matplotlib's "red" (pure red).
    public static let red = Color(hex: 0xff0000)
    /// Black.
    public static let black = Color(hex: 0x000000)
    /// White.
    public static let white = Color(hex: 0xffffff)
    /// matplotlib's grid colour (#b0b0b0).
    public static let gridGrey = Color(hex: 0xb0b0b0)
}

/// Output formats the canvas can write.
public enum ImageFormat: String, Sendable, CaseIterable, Codable {
    /// Raster image at the figure's dpi × the canvas scale.
    case png
    /// Vector image (large scatters embed their marker layer as a raster image).
    case svg
    /// Vector document of the figure's physical size.
    case pdf

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }
}
