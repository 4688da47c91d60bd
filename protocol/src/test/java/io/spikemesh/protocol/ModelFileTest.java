package io.spikemesh.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackExactlyWhatWasWritten() {
        for (final Model model : List.of(TestModels.mlp(), TestModels.cnn(), TestModels.residual(),
            TestModels.fashionCnn())) {
            final Path file = dir.resolve(model.getLayers(0).getName() + ".snn");
            ModelFile.write(model, file);
            assertEquals(model, ModelFile.read(file));
        }
    }

    @Test
    void shouldWriteTheSameBytesEveryTime() throws IOException {
        final Model model = TestModels.cnn();
        final Path first = dir.resolve("first.snn");
        final Path second = dir.resolve("second.snn");
        ModelFile.write(model, first);
        ModelFile.write(ModelFile.read(first), second);
        final byte[] bytes = Files.readAllBytes(first);
        assertArrayEquals(bytes, Files.readAllBytes(second));
        assertArrayEquals(bytes, ModelFile.toBytes(model));
    }

    @Test
    void shouldLayOutHeaderAsDocumented() {
        final Model model = TestModels.mlp();
        final byte[] file = ModelFile.toBytes(model);
        final ByteBuffer header = ByteBuffer.wrap(file);
        final byte[] magic = new byte[8];
        header.get(magic);
        assertEquals("SPKMESH\0", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, header.getInt());
        assertEquals(model.getSerializedSize(), header.getLong());
        assertEquals(ModelFile.HEADER_LENGTH + model.getSerializedSize(), file.length);
        assertEquals(model, ModelFile.parse(file));
    }

    @Test
    void shouldReplaceAnExistingFileAndLeaveNoTemporaryFile() throws IOException {
        final Path file = dir.resolve("model.snn");
        ModelFile.write(TestModels.mlp(), file);
        ModelFile.write(TestModels.cnn(), file);
        assertEquals(TestModels.cnn(), ModelFile.read(file));
        assertEquals(List.of("model.snn"), listNames(dir));
    }

    @Test
    void shouldWriteNothingWhenValidationFails() throws IOException {
        final Path file = dir.resolve("model.snn");
        ModelFile.write(TestModels.mlp(), file);
        final byte[] before = Files.readAllBytes(file);
        final Model bad = TestModels.mlp().toBuilder()
            .setLayers(0, TestModels.mlp().getLayers(0).toBuilder()
                .setNeurons(TestModels.mlp().getLayers(0).getNeurons().toBuilder().setThreshold(0)))
            .build();
        final InvalidModelException ex = assertThrows(InvalidModelException.class, () -> ModelFile.write(bad, file));
        assertTrue(ex.getMessage().contains("neurons.threshold is 0"), ex.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.snn"), listNames(dir));
    }

    @Test
    void shouldLeaveNoPartialFileWhenTheRenameFails() throws IOException {
        // A non-empty directory in the target's place makes the final rename fail after the data was written.
        final Path target = dir.resolve("model.snn");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "x");
        final SpikemeshException ex = assertThrows(SpikemeshException.class,
            () -> ModelFile.write(TestModels.mlp(), target));
        assertTrue(ex.getMessage().startsWith("cannot write model file " + target), ex.getMessage());
        assertEquals(List.of("model.snn"), listNames(dir));
        assertEquals(List.of("keep.txt"), listNames(target));
    }

    @Test
    void shouldFailCleanlyInADirectoryNobodyCanWrite() {
        // /proc refuses new files even to root, unlike a chmod-ed directory.
        final Path proc = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc), "needs Linux /proc");
        final Path target = proc.resolve("spikemesh-model.snn");
        final SpikemeshException ex = assertThrows(SpikemeshException.class,
            () -> ModelFile.write(TestModels.mlp(), target));
        assertTrue(ex.getMessage().startsWith("cannot write model file " + target + ": "), ex.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void shouldRejectAMissingTargetDirectory() {
        final Path target = dir.resolve("missing").resolve("model.snn");
        final SpikemeshException ex = assertThrows(SpikemeshException.class,
            () -> ModelFile.write(TestModels.mlp(), target));
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
        assertFalse(Files.exists(target.getParent()));
    }

    @Test
    void shouldLeaveNoPartialFileWhenTheDirectoryIsNotWritable() throws IOException {
        final Path locked = Files.createDirectory(dir.resolve("locked"));
        final boolean readOnly = locked.toFile().setWritable(false, false);
        try {
            // Root ignores directory permissions, so this case runs only where the permission is really enforced.
            org.junit.jupiter.api.Assumptions.assumeTrue(readOnly && !Files.isWritable(locked),
                "directory permissions are not enforced for this user");
            final SpikemeshException ex = assertThrows(SpikemeshException.class,
                () -> ModelFile.write(TestModels.mlp(), locked.resolve("model.snn")));
            assertTrue(ex.getMessage().contains("cannot create a file in " + locked), ex.getMessage());
            assertEquals(List.of(), listNames(locked));
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void shouldRejectATargetWhoseParentIsAFile() throws IOException {
        final Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        final SpikemeshException ex = assertThrows(SpikemeshException.class,
            () -> ModelFile.write(TestModels.mlp(), notADirectory.resolve("model.snn")));
        assertTrue(ex.getMessage().contains(notADirectory + " is not a directory"), ex.getMessage());
        assertEquals(List.of("plain"), listNames(dir));
    }

    @Test
    void shouldReportADirectoryGivenAsModelFileAsUnreadable() {
        final SpikemeshException ex = assertThrows(SpikemeshException.class, () -> ModelFile.read(dir));
        assertTrue(ex.getMessage().startsWith("model file " + dir + " cannot be read"), ex.getMessage());
    }

    @Test
    void shouldNameTheMissingFile() {
        final Path missing = dir.resolve("nope.snn");
        final SpikemeshException ex = assertThrows(SpikemeshException.class, () -> ModelFile.read(missing));
        assertEquals(SpikemeshException.class, ex.getClass());
        assertTrue(ex.getMessage().contains(missing + " does not exist"), ex.getMessage());
    }

    @Test
    void shouldRejectAFileLargerThanTheCapWithoutReadingIt() throws IOException {
        final Path huge = dir.resolve("huge.snn");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.write(Arrays.copyOf(ModelFile.toBytes(TestModels.mlp()), ModelFile.HEADER_LENGTH));
            file.setLength(3L << 30); // sparse: takes no disk space
        }
        final InvalidModelException ex = assertThrows(InvalidModelException.class, () -> ModelFile.read(huge));
        assertTrue(ex.getMessage().contains("more than the"), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("model file " + huge), ex.getMessage());
    }

    @Test
    void shouldReadAFileWithRandomPayloadOnlyAsAnInvalidModel() {
        // Whatever random bytes decode to, the reader must answer with an InvalidModelException, never anything else.
        final Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            final byte[] payload = new byte[1 + random.nextInt(200)];
            random.nextBytes(payload);
            final byte[] file = CorruptFiles.withPayload(payload);
            assertThrows(InvalidModelException.class, () -> ModelFile.parse(file), "trial " + trial);
        }
    }

    @Test
    void shouldAnswerEveryMutatedFileWithAModelOrAnInvalidModelException() {
        // Single-byte mutations and truncations of valid files: no other exception (index, arithmetic, OOM) may escape.
        final Random random = new Random(11);
        int rejected = 0;
        for (final Model model : List.of(TestModels.cnn(), TestModels.residual())) {
            final byte[] valid = ModelFile.toBytes(model);
            for (int trial = 0; trial < 3000; trial++) {
                final byte[] mutated = trial % 10 == 0
                    ? Arrays.copyOf(valid, random.nextInt(valid.length))
                    : valid.clone();
                if (trial % 10 != 0) {
                    mutated[random.nextInt(valid.length)] = (byte)random.nextInt(256);
                }
                try {
                    ModelValidator.validate(ModelFile.parse(mutated));
                } catch (final InvalidModelException ex) {
                    rejected++;
                }
            }
        }
        assertTrue(rejected > 1000, "most mutations break a rule; rejected " + rejected);
    }

    private static List<String> listNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldWriteAModelFileWithTheSamePermissionsAsAnyNewFile(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path model = dir.resolve("m.snn");
        ModelFile.write(TestModels.mlp(), model);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(model));
    }
}
