import ImportReaders
import RunRecord

/// Keras' `CSVLogger` output (`training.log` by default): `epoch` first, then the logged metrics in sorted order
/// (`loss`, `mae`, `val_loss`, `val_mae`, `learning_rate`, …), one row per epoch.
enum KerasCSVImporter {
    /// Imports a `CSVLogger` file.
    ///
    /// - The separator is detected (Keras' `CSVLogger(separator=";")` writes semicolons); columns may come in any
    ///   order; the `epoch` column is required and gives the steps as Keras wrote them (0-based); the step axis
    ///   is `.epoch`; every other column is a series named as its column.
    /// - `NA` (Keras' cell for a metric missing from an epoch) and empty cells are not logged; NaN and inf are values.
    /// - A file written by `CSVLogger(append=True)` across resumed fits repeats the header: repeated headers are
    ///   skipped, and where the epochs restart the values logged last are kept (both with a note).
    ///
    /// - Throws: `ImportError` with the file, line and column for a missing `epoch` column, a cell that is not a
    ///   number, an epoch that is not a whole number, a missing header or an empty file.
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        let table = try HistoryTable.read(
            path, step: .required("epoch", hint: "Keras' CSVLogger writes an epoch column first; to read another "
                                  + "table, import it with --format csv."),
            epochColumn: nil)
        let name = TextImport.fileName(path)
        let record = RunRecord(
            title: "Keras run \(name)", source: RunSource(kind: .kerasCSV, toolVersion: TextImport.toolVersion),
            stepAxis: .epoch, series: table.series, status: .imported, notes: table.notes)
        return ImportedRun(record: record, files: [(path, name)])
    }
}
