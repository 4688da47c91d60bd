package io.spikemesh.converter.data;

import io.spikemesh.protocol.SpikemeshException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), gzipped or raw: unsigned-byte images (magic 0x00000803) and labels (0x00000801).
 *
 * <p>Every count in the header is checked against what the file really holds before anything large is allocated, so a
 * corrupt or hostile header gives a clear {@link SpikemeshException}, never an OutOfMemoryError or a silent short read.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** No IDX dataset this converter knows is larger; caps what a header can make us allocate. */
    private static final long MAX_BYTES = 1L << 30;

    private IdxReader() {
    }

    /** Images with their [rows, cols] in {@code dims[0..1]}; pixel bytes row-major, sample after sample. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new SpikemeshException(String.format("%s is not an IDX image file: magic number 0x%08X, expected"
                        + " 0x%08X (unsigned bytes, 3 dimensions). Point --data at MNIST-format files.", file, magic,
                        IMAGES_MAGIC));
            }
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count <= 0 || rows <= 0 || cols <= 0) {
                throw new SpikemeshException(file + ": IDX header declares " + count + " images of " + rows + "x"
                        + cols + "; all three must be positive. The file is corrupt; replace it.");
            }
            long total = (long) count * rows * cols;
            if (total > MAX_BYTES) {
                throw new SpikemeshException(file + ": IDX header declares " + count + " images of " + rows + "x"
                        + cols + " (" + total + " bytes), more than the 1 GiB limit. The file is corrupt; replace it.");
            }
            byte[] pixels = readBody(in, file, (int) total, count + " images of " + rows + "x" + cols);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new SpikemeshException(String.format("%s is not an IDX label file: magic number 0x%08X, expected"
                        + " 0x%08X (unsigned bytes, 1 dimension). Point --data at MNIST-format files.", file, magic,
                        LABELS_MAGIC));
            }
            int count = readHeaderInt(in, file);
            if (count <= 0 || count > MAX_BYTES) {
                throw new SpikemeshException(file + ": IDX header declares " + count
                        + " labels; expected a positive count. The file is corrupt; replace it.");
            }
            return readBody(in, file, count, count + " labels");
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SpikemeshException(file + " does not exist or is not a file.");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new SpikemeshException(file + " ends inside the IDX header: the file is truncated; replace it.", e);
        }
    }

    private static byte[] readBody(DataInputStream in, Path file, int length, String what) throws IOException {
        byte[] data = new byte[length];
        int read = in.readNBytes(data, 0, length);
        if (read < length) {
            throw new SpikemeshException(file + ": the header declares " + what + " (" + length
                    + " bytes) but the file holds only " + read + ". The file is truncated; replace it.");
        }
        if (in.read() != -1) {
            throw new SpikemeshException(file + ": the header declares " + what + " (" + length
                    + " bytes) but the file holds more data. The header does not match the contents; replace it.");
        }
        return data;
    }

    private static SpikemeshException ioError(Path file, IOException e) {
        if (e instanceof EOFException || e instanceof ZipException) {
            return new SpikemeshException(file + " is a damaged or truncated gzip file (" + e.getMessage()
                    + "); replace it.", e);
        }
        return new SpikemeshException("Cannot read " + file + ": " + e.getMessage(), e);
    }
}
