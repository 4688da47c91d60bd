package io.spikemesh.examples;

import io.spikemesh.converter.train.Progress;
import picocli.CommandLine.Option;

/** {@code --quiet}: the progress bars (on standard error, so standard output stays clean for tables and JSON). */
final class ProgressOption {
    @Option(names = {"-q", "--quiet"}, description = "no progress bars")
    boolean quiet;

    Progress progress() {
        return quiet ? Progress.NONE : Progress.console();
    }
}
