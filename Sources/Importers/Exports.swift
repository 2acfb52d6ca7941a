// The readers that do the per-record, per-line and per-row work are a separate, optimised target (`ImportReaders`),
// so that this one can be built without optimisation. Re-exported so that `import Importers` still gives every type
// it gave before the split (`ImportError`, `TFRecordFraming`).
@_exported import ImportReaders
