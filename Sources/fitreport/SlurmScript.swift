import Foundation

/// `sweep.sbatch`: a Slurm job array whose task `SLURM_ARRAY_TASK_ID` runs member n of the sweep — exactly one
/// `fitreport run --config members/<n>.json` into the shared output folder — and then records its exit status and
/// run folder in `results/<n>` (written to a temporary file and renamed, so `collect` never reads half of it).
struct SlurmScript {
    var sweepID: String
    /// Absolute path of the sweep folder.
    var sweepDirectory: String
    /// Absolute path of the folder the members run in (where `--out` is relative to).
    var workingDirectory: String
    var memberNames: [String]
    /// `fitreport run` arguments after `--config FILE --name NAME`: output folder, templates, formats, threads.
    var runArguments: [String]
    var options: SlurmOptions

    /// The script's text.
    var text: String {
        let q = SweepMember.shellQuoted
        let count = memberNames.count
        var array = "0-\(count - 1)"
        if let k = options.maxParallel { array += "%\(k)" }
        var directives = [
            "--job-name=fitreport-sweep-\(sweepID)",
            "--array=\(array)",
            "--ntasks=1",
            "--output=\(sweepDirectory)/logs/member-%a.out",
            "--chdir=\(workingDirectory)",
        ]
        if let p = options.partition { directives.append("--partition=\(p)") }
        if let t = options.time { directives.append("--time=\(t)") }
        if let c = options.cpusPerTask { directives.append("--cpus-per-task=\(c)") }
        directives += options.sbatchArguments
        let binary = options.fitreportPath ?? "fitreport"
        return """
            #!/bin/bash
            # fitreport sweep \(sweepID): \(count) members, one per array task. Written by `fitreport sweep --slurm`;
            # submit with `sbatch \(q(sweepDirectory + "/sweep.sbatch"))`, follow with `fitreport sweep status \(sweepID)`,
            # gather with `fitreport sweep collect \(sweepID)`.
            \(directives.map { "#SBATCH " + $0 }.joined(separator: "\n"))
            set -u
            sweep=\(q(sweepDirectory))
            fitreport=${FITREPORT_BIN:-\(q(binary))}
            i=${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm job array: sbatch sweep.sbatch}
            names=(\(memberNames.map(q).joined(separator: " ")))
            echo "fitreport sweep \(sweepID): member $i (${names[$i]}) on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
            if ! command -v "$fitreport" >/dev/null 2>&1; then
              echo "fitreport: error: '$fitreport' is not an executable on $(hostname); put fitreport on the nodes' PATH or pass --fitreport-path to fitreport sweep" >&2
              code=127
              report=
            else
              name=()
              [ -n "${names[$i]}" ] && name=(--name "${names[$i]}")
              report=$("$fitreport" run --config "$sweep/members/$i.json" ${name[@]+"${name[@]}"} \(runArguments.map(q).joined(separator: " ")) --quiet)
              code=$?
              echo "$report"
            fi
            run=
            case "$report" in */report.html) run=$(basename "$(dirname "$report")") ;; esac
            printf 'exit=%s\\nrun=%s\\nhost=%s\\n' "$code" "$run" "$(hostname)" >"$sweep/results/.$i.partial"
            mv -f "$sweep/results/.$i.partial" "$sweep/results/$i"
            echo "fitreport sweep \(sweepID): member $i ended with exit status $code at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
            exit "$code"

            """
    }
}
