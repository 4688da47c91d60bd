package io.spikemesh.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes model files ({@code *.snn}).
 *
 * <pre>
 *   offset  size  field
 *   0       8     magic "SPKMESH\0"
 *   8       4     format version, big-endian uint32 (= FORMAT_VERSION)
 *   12      8     payload length, big-endian uint64 (= file size - 20)
 *   20      n     one serialized spikemesh.Model message
 * </pre>
 *
 * <p>Everything read is validated before it is returned ({@link ModelValidator}); everything written is validated
 * before a byte is written. Lengths in the file are compared with the real file size before anything is allocated,
 * so a hostile length prefix cannot make the reader allocate more than the file holds.
 */
public final class ModelFile {
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_LENGTH = 20;
    /** Largest model file accepted: payloads live in one Java array. */
    public static final long MAX_FILE_LENGTH = Integer.MAX_VALUE - 64;

    private static final byte[] MAGIC = "SPKMESH\0".getBytes(StandardCharsets.US_ASCII);

    private ModelFile() {
    }

    /**
     * Reads and validates a model file.
     *
     * @throws InvalidModelException when the content is not a valid model (the message starts with the path).
     * @throws SpikemeshException    when the file cannot be read.
     */
    public static Model read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            final long fileLength = channel.size();
            if (fileLength > MAX_FILE_LENGTH) {
                throw new InvalidModelException("file is " + fileLength + " bytes, more than the " + MAX_FILE_LENGTH
                    + " bytes (2 GiB) a model file may have");
            }
            final ByteBuffer header = ByteBuffer.allocate((int)Math.min(HEADER_LENGTH, fileLength));
            readFully(channel, header);
            final int payloadLength = checkHeader(header.array(), header.capacity(), fileLength);
            final byte[] payload = new byte[payloadLength];
            readFully(channel, ByteBuffer.wrap(payload));
            return parsePayload(payload, 0, payloadLength);
        } catch (final InvalidModelException ex) {
            throw new InvalidModelException("model file " + path + ": " + ex.getMessage(), ex);
        } catch (final NoSuchFileException ex) {
            throw new SpikemeshException("model file " + path + " does not exist; check the path (convert a model "
                + "first if you have none)", ex);
        } catch (final AccessDeniedException ex) {
            throw new SpikemeshException("model file " + path + " cannot be read: permission denied", ex);
        } catch (final IOException ex) {
            throw new SpikemeshException("model file " + path + " cannot be read: " + describe(ex), ex);
        }
    }

    /**
     * Parses and validates a whole model file held in memory (header and payload).
     *
     * @throws InvalidModelException when the bytes are not a valid model file.
     */
    public static Model parse(byte[] file) {
        final int payloadLength = checkHeader(file, Math.min(file.length, HEADER_LENGTH), file.length);
        return parsePayload(file, HEADER_LENGTH, payloadLength);
    }

    /**
     * Validates the model and serializes it as a model file. Serialization is deterministic (map entries sorted), so
     * the same model always gives the same bytes.
     *
     * @throws InvalidModelException when the model is not valid.
     */
    public static byte[] toBytes(Model model) {
        ModelValidator.validate(model);
        final int payloadLength = model.getSerializedSize();
        if (payloadLength > MAX_FILE_LENGTH - HEADER_LENGTH) {
            throw new InvalidModelException("model serializes to " + payloadLength + " bytes, more than a model file "
                + "may hold (" + MAX_FILE_LENGTH + " bytes)");
        }
        final byte[] file = new byte[HEADER_LENGTH + payloadLength];
        ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN).put(MAGIC).putInt(FORMAT_VERSION).putLong(payloadLength);
        try {
            final CodedOutputStream out = CodedOutputStream.newInstance(file, HEADER_LENGTH, payloadLength);
            out.useDeterministicSerialization();
            model.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (final IOException ex) {
            throw new IllegalStateException("serialized size of the model changed while writing", ex);
        }
        return file;
    }

    /**
     * Validates the model and writes it atomically: to a temporary file in the target's directory, forced to disk,
     * then renamed over the target. On any failure the target is untouched and the temporary file is removed.
     *
     * @throws InvalidModelException when the model is not valid (nothing is written).
     * @throws SpikemeshException    when the file cannot be written.
     */
    public static void write(Model model, Path path) {
        final byte[] file = toBytes(model);
        final Path target = path.toAbsolutePath();
        final Path directory = target.getParent();
        if (directory == null || !Files.exists(directory)) {
            throw new SpikemeshException("cannot write model file " + path + ": directory " + directory
                + " does not exist; create it first");
        }
        if (!Files.isDirectory(directory)) {
            throw new SpikemeshException("cannot write model file " + path + ": " + directory
                + " is not a directory");
        }
        final Path temporary;
        try {
            // Not createTempFile: that makes the file owner-only (0600); this one gets the umask's permissions, like
            // any file the user writes.
            temporary = Files.createFile(directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp"));
        } catch (final IOException ex) {
            throw new SpikemeshException("cannot write model file " + path + ": cannot create a file in " + directory
                + " (" + describe(ex) + "); choose a writable directory", ex);
        }
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                final ByteBuffer buffer = ByteBuffer.wrap(file);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveAtomically(temporary, target);
            moved = true;
            forceDirectory(directory);
        } catch (final AccessDeniedException ex) {
            throw new SpikemeshException("cannot write model file " + path + ": permission denied in " + directory
                + "; choose a writable directory", ex);
        } catch (final IOException ex) {
            throw new SpikemeshException("cannot write model file " + path + ": " + describe(ex), ex);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (final IOException ignored) {
                    // The original failure is what the user needs to see; a leftover ".tmp" is named after the target.
                }
            }
        }
    }

    private static void moveAtomically(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException ex) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", ex);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, and that is not an error. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (final IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was forced before the rename.
        }
    }

    /** Checks magic, version and payload length against the real length; returns the payload length. */
    private static int checkHeader(byte[] header, int headerBytes, long fileLength) {
        if (fileLength == 0) {
            throw new InvalidModelException("file is empty, expected a Spikemesh model file (magic \"SPKMESH\\0\", "
                + "version, payload length, payload)");
        }
        final int magicBytes = Math.min(headerBytes, MAGIC.length);
        for (int i = 0; i < magicBytes; i++) {
            if (header[i] != MAGIC[i]) {
                throw new InvalidModelException("not a Spikemesh model file: the first bytes are " + hex(header,
                    magicBytes) + ", expected the magic \"SPKMESH\\0\" (" + hex(MAGIC, MAGIC.length) + ")");
            }
        }
        if (fileLength < HEADER_LENGTH) {
            throw new InvalidModelException("truncated header: file is " + fileLength + " bytes, expected at least the "
                + HEADER_LENGTH + "-byte header (magic, version, payload length)");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(header, 0, HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
        final long version = Integer.toUnsignedLong(buffer.getInt(MAGIC.length));
        if (version != FORMAT_VERSION) {
            throw new InvalidModelException("format version is " + version + ", expected " + FORMAT_VERSION
                + " (the only version this Spikemesh reads); convert the model again with this version");
        }
        final long payloadLength = buffer.getLong(MAGIC.length + 4);
        final long actual = fileLength - HEADER_LENGTH;
        if (Long.compareUnsigned(payloadLength, actual) > 0) {
            throw new InvalidModelException("header says the payload is " + Long.toUnsignedString(payloadLength)
                + " bytes but only " + actual + " bytes follow the header: the file is truncated or corrupt");
        }
        if (payloadLength < actual) {
            throw new InvalidModelException((actual - payloadLength) + " bytes of trailing data after the "
                + payloadLength + "-byte payload: expected the file to end with the payload; it is corrupt");
        }
        return (int)payloadLength;
    }

    private static Model parsePayload(byte[] bytes, int offset, int length) {
        final Model model;
        try {
            final CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
            in.setSizeLimit(length);
            model = Model.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (final InvalidProtocolBufferException ex) {
            throw new InvalidModelException("payload is not a valid Model message (" + ex.getMessage()
                + "): the file is corrupt or truncated");
        } catch (final IOException ex) {
            throw new InvalidModelException("payload cannot be decoded (" + ex.getMessage() + "): the file is corrupt");
        }
        UnknownFields.reject(model);
        ModelValidator.validate(model);
        return model;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the file shrank while being read");
            }
        }
    }

    private static String hex(byte[] bytes, int length) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(String.format("%02x", bytes[i] & 0xff));
        }
        return text.toString();
    }

    private static String describe(IOException ex) {
        return ex.getClass().getSimpleName() + ": " + ex.getMessage();
    }
}
