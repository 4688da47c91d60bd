package io.spikemesh.converter.data;

import io.spikemesh.protocol.SpikemeshException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds and reads a built-in dataset. Sources, in order: an explicit directory ({@code --data DIR}); the Debian package
 * directory (e.g. {@code /usr/share/datasets/fashion-mnist}); a cache directory, filled by downloading from the
 * dataset's public mirrors with SHA-256 verification when {@code allowDownload} is set.
 *
 * <p>An explicit directory is authoritative: if it is given but lacks files, that is an error rather than a silent
 * fall-back to other data.
 */
public final class DatasetLoader {
    private final Optional<Path> dataDir;
    private final Path cacheDir;
    private final boolean allowDownload;

    public DatasetLoader(Optional<Path> dataDir, Path cacheDir, boolean allowDownload) {
        this.dataDir = dataDir;
        this.cacheDir = cacheDir;
        this.allowDownload = allowDownload;
    }

    /** {@code --data DIR} if given, the system directory, then {@code ~/.spikemesh/datasets} with downloads enabled. */
    public static DatasetLoader defaults(Optional<Path> dataDir) {
        return new DatasetLoader(dataDir, defaultCacheDir(), true);
    }

    public static Path defaultCacheDir() {
        String env = System.getenv("SPIKEMESH_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".spikemesh");
        return base.resolve("datasets");
    }

    public Dataset load(KnownDataset dataset, Split split) {
        Path dir = locate(dataset, split);
        Path images = find(dir, split.prefix + "-images-idx3-ubyte").orElseThrow();
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte").orElseThrow();
        return read(dataset, images, labels);
    }

    /** Reads one image file and its label file, checking that they belong together. */
    public static Dataset read(KnownDataset dataset, Path imagesFile, Path labelsFile) {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new SpikemeshException(labelsFile + " holds " + labels.length + " labels but " + imagesFile
                    + " holds " + images.count() + " images; they must come from the same split of the same dataset.");
        }
        int classes = dataset.classNames().size();
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classes) {
                throw new SpikemeshException(labelsFile + ": label " + label + " at index " + i + " is outside 0.."
                        + (classes - 1) + " for " + dataset.id() + ". The file is corrupt or from another dataset.");
            }
        }
        return new Dataset(dataset.id(), new int[] {1, images.rows(), images.cols()}, images.pixels(), labels,
                dataset.classNames());
    }

    private Path locate(KnownDataset dataset, Split split) {
        if (dataDir.isPresent()) {
            Path dir = dataDir.get();
            if (hasSplit(dir, split)) {
                return dir;
            }
            throw new SpikemeshException("--data " + dir + " does not hold " + split.prefix + "-images-idx3-ubyte[.gz]"
                    + " and " + split.prefix + "-labels-idx1-ubyte[.gz] of " + dataset.id() + ".");
        }
        if (dataset.systemDirectory() != null && hasSplit(Path.of(dataset.systemDirectory()), split)) {
            return Path.of(dataset.systemDirectory());
        }
        Path cache = cacheDir.resolve(dataset.id());
        if (hasSplit(cache, split)) {
            return cache;
        }
        List<String> failures = new ArrayList<>();
        if (allowDownload) {
            try {
                download(dataset, split, cache);
                return cache;
            } catch (SpikemeshException e) {
                failures.add(e.getMessage());
            }
        } else {
            failures.add("downloading is disabled");
        }
        String system = dataset.systemDirectory() != null
                ? "install the Debian package (apt-get install dataset-" + dataset.id() + ", files in "
                        + dataset.systemDirectory() + "); "
                : "";
        throw new SpikemeshException("No " + dataset.id() + " " + split.name().toLowerCase() + " data found. Either "
                + "pass --data DIR with the four MNIST-format IDX files (gzipped or raw); " + system
                + "or let Spikemesh download them (needs internet) into " + cache + ". Download failed: "
                + String.join("; ", failures));
    }

    private static boolean hasSplit(Path dir, Split split) {
        return find(dir, split.prefix + "-images-idx3-ubyte").isPresent()
                && find(dir, split.prefix + "-labels-idx1-ubyte").isPresent();
    }

    private static Optional<Path> find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void download(KnownDataset dataset, Split split, Path cache) {
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new SpikemeshException("cannot create cache directory " + cache + ": " + e.getMessage(), e);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (int f = 0; f < KnownDataset.FILES.length; f++) {
            String name = KnownDataset.FILES[f];
            if (!name.startsWith(split.prefix)) {
                continue;
            }
            String file = name + ".gz";
            List<String> errors = new ArrayList<>();
            boolean done = false;
            for (String mirror : dataset.mirrors()) {
                try {
                    fetchVerified(client, URI.create(mirror + file), dataset.sha256(f), cache.resolve(file));
                    done = true;
                    break;
                } catch (SpikemeshException e) {
                    errors.add(e.getMessage());
                }
            }
            if (!done) {
                throw new SpikemeshException(String.join("; ", errors));
            }
        }
    }

    /** Downloads to a temporary file in the target directory, checks the SHA-256, then renames into place. */
    static void fetchVerified(HttpClient client, URI uri, String sha256, Path target) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new SpikemeshException(uri + " answered HTTP " + response.statusCode());
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(response.body(), digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new SpikemeshException(uri + " has SHA-256 " + actual + ", expected " + sha256);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new SpikemeshException(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikemeshException(uri + ": interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and replaced next time
                }
            }
        }
    }
}
