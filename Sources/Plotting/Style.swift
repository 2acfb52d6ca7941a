/// matplotlib's default rc parameters that the canvas reproduces, in points unless noted.
///
/// The values are the ones of matplotlib's default `matplotlibrc` (classic style off).
public enum PlotStyle {
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
