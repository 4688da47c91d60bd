package io.spikemesh.converter.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] images(int count, int rows, int cols, int declaredCount) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(declaredCount).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    static byte[] labels(int count, int declaredCount) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(declaredCount);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    @Test
    void shouldReadRawAndGzippedFilesIdentically() throws IOException {
        byte[] raw = images(3, 4, 5, 3);
        IdxReader.Images a = IdxReader.readImages(write("a", raw));
        IdxReader.Images b = IdxReader.readImages(write("b.gz", gzip(raw)));
        assertEquals(3, a.count());
        assertEquals(4, a.rows());
        assertEquals(5, a.cols());
        assertEquals((byte) (59 * 7), a.pixels()[59]);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(new byte[] {0, 1, 2}, IdxReader.readLabels(write("l.gz", gzip(labels(3, 3)))));
    }

    @Test
    void shouldRejectBadMagic() throws IOException {
        Path labelsAsImages = write("x", labels(3, 3));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readImages(labelsAsImages));
        assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801"), e.getMessage());
    }

    @Test
    void shouldRejectCountLargerThanFile() throws IOException {
        Path p = write("x", images(3, 4, 5, 4));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("holds only 60"), e.getMessage());
    }

    @Test
    void shouldRejectCountSmallerThanFile() throws IOException {
        Path p = write("x", labels(5, 4));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readLabels(p));
        assertTrue(e.getMessage().contains("holds more data"), e.getMessage());
    }

    @Test
    void shouldRejectHugeDeclaredSizeWithoutAllocating() throws IOException {
        Path p = write("x", images(1, 2, 2, Integer.MAX_VALUE));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("1 GiB limit"), e.getMessage());
    }

    @Test
    void shouldRejectTruncatedGzip() throws IOException {
        byte[] gz = gzip(images(20, 8, 8, 20));
        Path p = write("x.gz", Arrays.copyOf(gz, gz.length / 2));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shouldRejectTruncatedHeader() throws IOException {
        Path p = write("x", new byte[] {0, 0, 8, 3, 0, 0});
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void shouldRejectLabelCountDifferentFromImageCount() throws IOException {
        Path img = write("train-images-idx3-ubyte", images(3, 28, 28, 3));
        Path lab = write("train-labels-idx1-ubyte", labels(4, 4));
        SpikemeshException e = assertThrows(SpikemeshException.class,
                () -> DatasetLoader.read(KnownDataset.MNIST, img, lab));
        assertTrue(e.getMessage().contains("4 labels") && e.getMessage().contains("3 images"), e.getMessage());
    }

    @Test
    void shouldLoadFromExplicitDirectory() throws IOException {
        write("t10k-images-idx3-ubyte.gz", gzip(images(3, 28, 28, 3)));
        write("t10k-labels-idx1-ubyte", labels(3, 3));
        Dataset d = new DatasetLoader(Optional.of(dir), dir.resolve("cache"), false).load(KnownDataset.MNIST,
                Split.TEST);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 28, 28}, d.shape());
        assertEquals(2, d.label(2));
        assertEquals((7 * 785) & 0xFF, d.sample(1)[1]);
        assertEquals(((7 * 785) & 0xFF) / 255f, d.floatPixels(new int[] {1})[1], 0f);
    }

    @Test
    void shouldListAllThreeSourcesWhenNoneWorks() {
        SpikemeshException e = assertThrows(SpikemeshException.class,
                () -> new DatasetLoader(Optional.empty(), dir.resolve("cache"), false).load(KnownDataset.MNIST,
                        Split.TRAIN));
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
        assertTrue(e.getMessage().contains("download"), e.getMessage());
        SpikemeshException f = assertThrows(SpikemeshException.class,
                () -> new DatasetLoader(Optional.of(dir), dir.resolve("cache"), false).load(KnownDataset.MNIST,
                        Split.TRAIN));
        assertTrue(f.getMessage().contains("does not hold train-images"), f.getMessage());
    }
}
