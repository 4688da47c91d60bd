package io.spikemesh.converter.data;

import io.spikemesh.protocol.SpikemeshException;
import java.util.List;
import java.util.Locale;

/** The datasets built in: where their files live on the internet, their SHA-256 sums and their class names. */
public enum KnownDataset {
    FASHION_MNIST("fashion-mnist",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
            new String[] {
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"},
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot")),
    MNIST("mnist",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/"),
            new String[] {
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** File names shared by both datasets, in the order of the checksum arrays. */
    static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private final String id;
    private final List<String> mirrors;
    private final String[] gzSha256;
    private final List<String> classNames;

    KnownDataset(String id, List<String> mirrors, String[] gzSha256, List<String> classNames) {
        this.id = id;
        this.mirrors = mirrors;
        this.gzSha256 = gzSha256;
        this.classNames = classNames;
    }

    public String id() {
        return id;
    }

    public List<String> mirrors() {
        return mirrors;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** SHA-256 of the published gzip file {@code FILES[index] + ".gz"}. */
    String sha256(int fileIndex) {
        return gzSha256[fileIndex];
    }

    /** The Debian package directory, where one exists. */
    public String systemDirectory() {
        return this == FASHION_MNIST ? "/usr/share/datasets/fashion-mnist" : null;
    }

    public static KnownDataset byId(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (KnownDataset d : values()) {
            if (d.id.equals(key) || (d == FASHION_MNIST && key.equals("fashion"))) {
                return d;
            }
        }
        throw new SpikemeshException("Unknown dataset '" + id + "'; known: fashion-mnist, mnist.");
    }
}
