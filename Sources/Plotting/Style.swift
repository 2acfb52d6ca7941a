import Foundation

/// A figure style: the colours that differ between styles (background, text, spines, grid, legend,
/// colour cycle), plus — as static members — matplotlib's default rc parameters shared by every
/// style, in points unless noted (the values of matplotlib's default `matplotlibrc`, classic off).
///
/// `.default` is matplotlib's default look; `.dark` is its `dark_background` style. Choose one with
/// `Figure.style` (or by name with `PlotStyle.named(_:)`).
public struct PlotStyle: Sendable, Equatable {
    /// The style's name, as accepted by `named(_:)`: "default" or "dark".
    public var name: String
    /// Painted over the whole figure (`figure.facecolor`).
    public var figureBackground: Color
    /// Painted inside the axes, under the grid and series (`axes.facecolor`).
    public var axesBackground: Color
    /// Text, spines and ticks (`text.color`, `axes.edgecolor`, `xtick.color`).
    public var foreground: Color
    /// Grid lines (`grid.color`).
    public var gridColor: Color
    /// The legend's face, drawn at `legendFrameAlpha` (`legend.facecolor`).
    public var legendBackground: Color
    /// The legend's frame (`legend.edgecolor`).
    public var legendEdge: Color
    /// The colours series take by default, in order (`axes.prop_cycle`).
    public var colorCycle: [Color]
    /// Series colours replaced when drawing in this style: the `.dark` style maps matplotlib's
    /// default cycle to its own and black to white, so figures built with default colours stay legible.
    public var colorSubstitutions: [Color: Color]

    /// A style from its colours.
    public init(name: String, figureBackground: Color, axesBackground: Color, foreground: Color, gridColor: Color,
                legendBackground: Color, legendEdge: Color, colorCycle: [Color],
                colorSubstitutions: [Color: Color] = [:]) {
        self.name = name
        self.figureBackground = figureBackground
        self.axesBackground = axesBackground
        self.foreground = foreground
        self.gridColor = gridColor
        self.legendBackground = legendBackground
        self.legendEdge = legendEdge
        self.colorCycle = colorCycle
        self.colorSubstitutions = colorSubstitutions
    }

    /// The colour a series of `color` is drawn in with this style.
    public func resolve(_ color: Color) -> Color {
        colorSubstitutions[color] ?? color
    }

    /// The `index`-th colour of the cycle (wrapping around).
    public func cycleColor(_ index: Int) -> Color {
        guard !colorCycle.isEmpty else { return foreground }
        let count = colorCycle.count
        return colorCycle[((index % count) + count) % count]
    }

    /// matplotlib's default colour cycle, "tab10".
    public static let tab10: [Color] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                         0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf].map { Color(hex: $0) }
    /// The colour cycle of matplotlib's `dark_background` style.
    public static let darkCycle: [Color] = [0x8dd3c7, 0xfeffb3, 0xbfbbd9, 0xfa8174, 0x81b1d2,
                                             0xfdb462, 0xb3de69, 0xbc82bd, 0xccebc4, 0xffed6f].map { Color(hex: $0) }

    /// matplotlib's default look: white figure and axes, black text and spines, light grey grid.
    public static let `default` = PlotStyle(
        name: "default", figureBackground: .white, axesBackground: .white, foreground: .black,
        gridColor: .gridGrey, legendBackground: .white, legendEdge: legendEdgeColor, colorCycle: tab10)

    /// matplotlib's `dark_background`: black figure and axes, white text, spines and ticks, a dark grey
    /// grid, and its pastel colour cycle (series in default colours are mapped onto it).
    public static let dark: PlotStyle = {
        var substitutions: [Color: Color] = [.black: .white]
        for (light, dark) in zip(tab10, darkCycle) { substitutions[light] = dark }
        return PlotStyle(
            name: "dark", figureBackground: .black, axesBackground: .black, foreground: .white,
            gridColor: Color(hex: 0x4d4d4d), legendBackground: .black, legendEdge: legendEdgeColor,
            colorCycle: darkCycle, colorSubstitutions: substitutions)
    }()

    /// The built-in styles.
    public static let builtIn: [PlotStyle] = [.default, .dark]

    /// The built-in style called `name` ("default" or "dark", case-insensitive), or `nil`.
    public static func named(_ name: String) -> PlotStyle? {
        builtIn.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// `font.size`: tick labels, axis labels and legend text.
    public static let fontSize = 10.0
    /// `axes.titlesize` "large": 1.2 × `font.size`.
    public static let titleSize = 12.0
    /// `axes.titlepad`: gap between the top spine and the title baseline.
    public static let titlePad = 6.0
    /// `axes.labelpad`: gap between the tick labels and the axis label.
    public static let labelPad = 4.0
    /// `axes.linewidth`: spine width.
    public static let spineWidth = 0.8
    /// `xtick.major.size` / `ytick.major.size`: tick length (drawn outwards).
    public static let tickLength = 3.5
    /// `xtick.minor.size` / `ytick.minor.size`: minor tick length (log axes).
    public static let minorTickLength = 2.0
    /// `xtick.minor.width` / `ytick.minor.width`.
    public static let minorTickWidth = 0.6
    /// `xtick.major.width` / `ytick.major.width`.
    public static let tickWidth = 0.8
    /// `xtick.major.pad` / `ytick.major.pad`: gap between tick and tick label.
    public static let tickPad = 3.5
    /// `grid.linewidth`.
    public static let gridWidth = 0.8
    /// `axes.xmargin` / `axes.ymargin`: autoscale margin as a fraction of the data span.
    public static let margin = 0.05
    /// `lines.linewidth`, also the default edge width of scatter markers.
    public static let markerEdgeWidth = 1.5
    /// `figure.subplot.left`: axes left edge as a fraction of the figure width.
    public static let subplotLeft = 0.125
    /// `figure.subplot.right`: axes right edge as a fraction of the figure width.
    public static let subplotRight = 0.9
    /// `figure.subplot.bottom`: axes bottom edge as a fraction of the height, from the bottom.
    public static let subplotBottom = 0.11
    /// `figure.subplot.top`: axes top edge as a fraction of the height, from the bottom.
    public static let subplotTop = 0.88
    /// `figure.titlesize` "large": the figure title (`Figure.title`, matplotlib's `suptitle`).
    public static let figureTitleSize = 12.0
    /// matplotlib's `suptitle` y: the top of the figure title as a fraction of the height, from the bottom.
    public static let figureTitleY = 0.98
    /// `tight_layout`'s pad, in units of `fontSize`: between a grid's texts and the figure edge, and between the
    /// texts of neighbouring panels.
    public static let layoutPad = 1.08
    /// The font family used for all text.
    public static let fontFamily = "DejaVu Sans"

    // Legend (`legend.*`), in units of the legend font size unless noted.
    /// `legend.framealpha`.
    public static let legendFrameAlpha = 0.8
    /// `legend.edgecolor` "0.8".
    public static let legendEdgeColor = Color(hex: 0xcccccc)
    /// `patch.linewidth`, the legend frame width in points.
    public static let legendFrameWidth = 1.0
    /// `legend.borderpad`: padding inside the frame.
    public static let legendBorderPad = 0.4
    /// `legend.labelspacing`: vertical gap between entries.
    public static let legendLabelSpacing = 0.5
    /// `legend.handlelength`: length of the line sample.
    public static let legendHandleLength = 2.0
    /// `legend.handleheight`: height of the handle box.
    public static let legendHandleHeight = 0.7
    /// `legend.handletextpad`: gap between handle and label.
    public static let legendHandleTextPad = 0.8
    /// `legend.borderaxespad`: gap between the frame and the axes.
    public static let legendBorderAxesPad = 0.5
    /// Corner radius of the fancy box (`round,rounding_size=0.2`).
    public static let legendRoundingSize = 0.2
}
