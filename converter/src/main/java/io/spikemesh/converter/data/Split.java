package io.spikemesh.converter.data;

/** Which half of an MNIST-format dataset. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }
}
