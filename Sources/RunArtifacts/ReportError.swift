/// Errors raised while writing a report, each with what went wrong, where, and what to do.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case templatesNotFound(searched: [String])
    case templateUnreadable(path: String, reason: String)
    case templateInvalid(path: String, reason: String)
    case notWritable(path: String, reason: String)
    /// The output folder (or its `runs/`) was removed or replaced while the command ran: `path` is not the folder
    /// that was there when it started. Nothing was written.
    case outputFolderChanged(path: String)
    /// `path`, where fitreport writes a file or folder of the output folder, is a symbolic link (to `target`):
    /// fitreport neither writes nor reads through links inside the output folder.
    case symbolicLink(path: String, target: String)
    case figure(name: String, reason: String)
    /// The user interrupted the run (SIGINT/SIGTERM); nothing was left under a run id.
    case interrupted
    /// `path` is not a fitreport run folder.
    case notARun(path: String, reason: String)
    /// The run record cannot be rendered; each entry says what is wrong.
    case invalidRecord([String])

    public var description: String {
        switch self {
        case .templatesNotFound(let searched):
            "cannot find templates/report.html; looked in:\n  " + searched.joined(separator: "\n  ")
                + "\nPass --templates DIR pointing at a folder that holds report.html."
        case .templateUnreadable(let path, let reason): "cannot read template \(path): \(reason)"
        case .templateInvalid(let path, let reason): "template \(path) is not valid Mustache: \(reason)"
        case .notWritable(let path, let reason):
            "cannot write \(path): \(reason.hasSuffix(".") ? String(reason.dropLast()) : reason). Choose a writable "
                + "folder with --out DIR."
        case .outputFolderChanged(let path):
            "cannot write \(path): it was removed or replaced while fitreport was running (it is no longer the folder "
                + "that was there when the command started), so nothing was written and nothing was created in its "
                + "place. Restore the folder or choose another with --out DIR, then run the command again."
        case .symbolicLink(let path, let target):
            "cannot use \(path): it is a symbolic link (to \(target)), and fitreport neither writes nor reads through "
                + "links inside the output folder. Replace the link with a real folder or file, or choose another "
                + "folder with --out DIR (which may itself be a link)."
        case .figure(let name, let reason): "cannot render figure '\(name)': \(reason)"
        case .interrupted: "interrupted; the unfinished run folder was removed"
        case .notARun(let path, let reason): "\(path) is not a fitreport run folder: \(reason)"
        case .invalidRecord(let problems): "the run record cannot be rendered: " + problems.joined(separator: "; ")
        }
    }
}
