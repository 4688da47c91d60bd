package io.spikemesh.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that runs a model file on its dataset's test set. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "the .snn model file")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "directory with the dataset's IDX files "
            + "(default: the Debian package directory, then the download cache)")
    Path data;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "only the first N test images (default: all)")
    int limit;
}
