import CCairo

/// Facts about the rendering stack, for run manifests.
public enum RendererInfo {
    /// The Cairo library version in use, e.g. "1.16.0".
    public static var cairoVersion: String { String(cString: cairo_version_string()) }

    /// The font file fontconfig picks for `family` (what Cairo's text actually uses), as "Family (path)".
    public static func resolvedFont(family: String = "DejaVu Sans") -> String {
        guard let pattern = FcNameParse(family) else { return family }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(nil, pattern, &result) else { return family + " (no match)" }
        defer { FcPatternDestroy(match) }
        var name: UnsafeMutablePointer<FcChar8>?
        var file: UnsafeMutablePointer<FcChar8>?
        let foundName = FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch
        let foundFile = FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch
        let familyText = foundName ? name.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? family : family
        let fileText = foundFile ? file.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? "" : ""
        return fileText.isEmpty ? familyText : "\(familyText) (\(fileText))"
    }
}
