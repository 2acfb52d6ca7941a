// `ReportError`, `ReportFigures`, `TrainingAnimation` and the data files moved to the optimised RunArtifacts target
// (so this one can be built -Onone); `import Report` keeps giving them, as before the split.
@_exported import RunArtifacts
