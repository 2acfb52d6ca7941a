"""Times the PyTorch + matplotlib seed program (torch_program.py) as a child process, launch to exit."""
import os
import subprocess
import sys
import tempfile

from common import summary, timed


def main():
    quick = "--quick" in sys.argv
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as out:
        run = [sys.executable, os.path.join(here, "torch_program.py"), out]
        samples = [timed(lambda: subprocess.run(run, check=True)) * 1e3 for _ in range(1 if quick else 3)]
    summary("whole-program", "pytorch+matplotlib", "ms", samples)


if __name__ == "__main__":
    main()
