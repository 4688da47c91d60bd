package io.spikemesh.protocol.frame;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes and reads the {@code SpikeFrame} wire format of {@code frame.proto} with protobuf's wire primitives over
 * reused buffers, so the data plane never builds message objects per frame and never allocates per spike.
 *
 * <p>The bytes are exactly what the generated {@code SpikeFrame#toByteArray()} produces for the same content
 * (fields in number order, zero-valued scalars and empty lists omitted, index lists packed and delta coded), so any
 * protobuf tool decodes a captured frame. The decoder also accepts what other protobuf writers may legally produce
 * for this schema (unpacked or split repeated fields, repeated scalars where the last wins), but rejects field
 * numbers the schema does not define: on the data plane an unknown field means corruption or a version mismatch,
 * and skipping it could silently lose spikes.
 *
 * <p>Static methods are thread-safe. An instance adds a reusable scratch array for the Agrona-buffer methods and is
 * not thread-safe: use one per agent or actor.
 */
public final class SpikeFrameCodec {
    /** Frame fields, as numbered in frame.proto. */
    static final int SAMPLE_ID = 1;
    static final int TIME_STEP = 2;
    static final int SOURCE_PARTITION = 3;
    static final int DESTINATION = 4;
    static final int POSITIVE = 5;
    static final int NEGATIVE = 6;

    private static final int MAX_VARINT32 = 5;
    private static final int MAX_VARINT64 = 10;
    private static final int TAG = 1;
    /** Tags and values of the four header fields at their largest. */
    private static final int MAX_HEADER = TAG + MAX_VARINT64 + 3 * (TAG + MAX_VARINT32);

    private byte[] scratch;

    /** A codec whose scratch array grows on demand from {@code initialCapacity} bytes. */
    public SpikeFrameCodec(int initialCapacity) {
        scratch = new byte[Math.max(64, initialCapacity)];
    }

    /**
     * Upper bound of the encoded size of a frame carrying at most {@code maxSpikes} indices in total (a partition of
     * N neurons fires at most N per step, each neuron once, so N bounds a frame from it). Use it to size buffers.
     */
    public static int maxEncodedLength(int maxSpikes) {
        if (maxSpikes < 0) {
            throw new IllegalArgumentException("maxSpikes must be >= 0: " + maxSpikes);
        }
        return MAX_HEADER + 2 * (TAG + MAX_VARINT32) + MAX_VARINT32 * maxSpikes;
    }

    /** Exact encoded size of the given frame content; same validation as {@link #encode}. */
    public static int encodedLength(long sampleId, int timeStep, int sourcePartition, int destination,
                                    int[] positive, int positiveCount, int[] negative, int negativeCount) {
        return headerLength(sampleId, timeStep, sourcePartition, destination)
                + listLength(POSITIVE, positive, positiveCount) + listLength(NEGATIVE, negative, negativeCount);
    }

    /**
     * Encodes one frame into {@code buffer} at {@code offset} and returns the number of bytes written.
     *
     * @param positive local indices that fired +1, strictly ascending; only the first {@code positiveCount} are read
     * @param negative local indices that fired -1, strictly ascending; only the first {@code negativeCount} are read
     * @throws IllegalArgumentException when a header value is negative, indices are not strictly ascending, or the
     *                                  buffer is too small (size it with {@link #maxEncodedLength})
     */
    public static int encode(long sampleId, int timeStep, int sourcePartition, int destination,
                             int[] positive, int positiveCount, int[] negative, int negativeCount,
                             byte[] buffer, int offset) {
        int positiveBytes = packedLength(positive, positiveCount, "positive");
        int negativeBytes = packedLength(negative, negativeCount, "negative");
        int total = headerLength(sampleId, timeStep, sourcePartition, destination)
                + fieldLength(positiveBytes) + fieldLength(negativeBytes);
        if (offset < 0 || buffer.length - offset < total) {
            throw new IllegalArgumentException("spike frame needs " + total + " bytes at offset " + offset
                    + " but the buffer has " + buffer.length + "; size buffers with maxEncodedLength");
        }
        CodedOutputStream out = CodedOutputStream.newInstance(buffer, offset, total);
        try {
            if (sampleId != 0) {
                out.writeUInt64(SAMPLE_ID, sampleId);
            }
            if (timeStep != 0) {
                out.writeUInt32(TIME_STEP, timeStep);
            }
            if (sourcePartition != 0) {
                out.writeUInt32(SOURCE_PARTITION, sourcePartition);
            }
            if (destination != 0) {
                out.writeUInt32(DESTINATION, destination);
            }
            writePacked(out, POSITIVE, positive, positiveCount, positiveBytes);
            writePacked(out, NEGATIVE, negative, negativeCount, negativeBytes);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("spike frame size computation disagrees with the encoder", e);
        }
        return total;
    }

    /**
     * Encodes into an Agrona buffer (for example one that is offered to an Aeron publication) through this codec's
     * scratch array; returns the number of bytes written.
     */
    public int encode(long sampleId, int timeStep, int sourcePartition, int destination,
                      int[] positive, int positiveCount, int[] negative, int negativeCount,
                      MutableDirectBuffer buffer, int offset) {
        ensureScratch(maxEncodedLength(positiveCount + negativeCount));
        int length = encode(sampleId, timeStep, sourcePartition, destination, positive, positiveCount, negative,
                negativeCount, scratch, 0);
        buffer.putBytes(offset, scratch, 0, length);
        return length;
    }

    /** Decodes a frame held in an Agrona buffer (for example an Aeron fragment) via this codec's scratch array. */
    public MutableSpikeFrame decode(DirectBuffer buffer, int offset, int length, MutableSpikeFrame into) {
        ensureScratch(length);
        buffer.getBytes(offset, scratch, 0, length);
        return decode(scratch, 0, length, into);
    }

    /**
     * Decodes {@code length} bytes at {@code offset} into {@code into}, turning delta-coded lists back into absolute
     * ascending local indices.
     *
     * @throws CorruptFrameException when the bytes are not a valid spike frame or hold more indices than
     *                               {@code into} has room for
     */
    public static MutableSpikeFrame decode(byte[] buffer, int offset, int length, MutableSpikeFrame into) {
        into.reset(0, 0, 0, 0);
        CodedInputStream in = CodedInputStream.newInstance(buffer, offset, length);
        long lastPositive = -1;
        long lastNegative = -1;
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return into;
                }
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                switch (field) {
                    case SAMPLE_ID -> {
                        expectVarint(field, wireType, in);
                        into.sampleId(in.readUInt64());
                    }
                    case TIME_STEP -> {
                        expectVarint(field, wireType, in);
                        into.timeStep(readNonNegativeInt(in, "time_step"));
                    }
                    case SOURCE_PARTITION -> {
                        expectVarint(field, wireType, in);
                        into.sourcePartition(readNonNegativeInt(in, "source_partition"));
                    }
                    case DESTINATION -> {
                        expectVarint(field, wireType, in);
                        into.destination(readNonNegativeInt(in, "destination"));
                    }
                    case POSITIVE -> lastPositive = readIndices(in, wireType, into, true, lastPositive);
                    case NEGATIVE -> lastNegative = readIndices(in, wireType, into, false, lastNegative);
                    default -> throw corrupt("unknown field " + field + " (wire type " + wireType + ")", in);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFrameException("corrupt spike frame of " + length + " bytes: " + e.getMessage()
                    + "; the frame was truncated or overwritten, or sender and receiver run different versions", e);
        } catch (IOException e) {
            throw new CorruptFrameException("corrupt spike frame of " + length + " bytes: " + e.getMessage(), e);
        }
    }

    private static long readIndices(CodedInputStream in, int wireType, MutableSpikeFrame into, boolean positive,
                                    long last) throws IOException {
        if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int bytes = in.readRawVarint32();
            if (bytes < 0) {
                throw corrupt("negative length of packed index list", in);
            }
            int limit = in.pushLimit(bytes);
            while (in.getBytesUntilLimit() > 0) {
                last = appendIndex(in, into, positive, last);
            }
            in.popLimit(limit);
            return last;
        }
        if (wireType == WireFormat.WIRETYPE_VARINT) {
            return appendIndex(in, into, positive, last);
        }
        throw corrupt("index list " + (positive ? "positive" : "negative") + " has wire type " + wireType, in);
    }

    private static long appendIndex(CodedInputStream in, MutableSpikeFrame into, boolean positive, long last)
            throws IOException {
        long delta = Integer.toUnsignedLong(in.readRawVarint32());
        if (last >= 0 && delta == 0) {
            throw corrupt("repeated " + (positive ? "positive" : "negative") + " index " + last
                    + " (indices must be strictly ascending)", in);
        }
        long index = last < 0 ? delta : last + delta;
        if (index > Integer.MAX_VALUE) {
            throw corrupt("index " + index + " out of range", in);
        }
        boolean added = positive ? into.addPositive((int) index) : into.addNegative((int) index);
        if (!added) {
            throw corrupt("more than " + (positive ? into.positive().length : into.negative().length) + " "
                    + (positive ? "positive" : "negative") + " indices, more than the receiver expects from one"
                    + " partition", in);
        }
        return index;
    }

    private static void expectVarint(int field, int wireType, CodedInputStream in) throws CorruptFrameException {
        if (wireType != WireFormat.WIRETYPE_VARINT) {
            throw corrupt("field " + field + " has wire type " + wireType + ", expected a varint", in);
        }
    }

    private static int readNonNegativeInt(CodedInputStream in, String name) throws IOException {
        int value = in.readUInt32();
        if (value < 0) {
            throw corrupt(name + " " + Integer.toUnsignedString(value) + " exceeds " + Integer.MAX_VALUE, in);
        }
        return value;
    }

    private static CorruptFrameException corrupt(String what, CodedInputStream in) {
        return new CorruptFrameException("corrupt spike frame: " + what + " at byte " + in.getTotalBytesRead()
                + "; the frame was truncated or overwritten, or sender and receiver run different versions");
    }

    private static int headerLength(long sampleId, int timeStep, int sourcePartition, int destination) {
        if (sampleId < 0 || timeStep < 0 || sourcePartition < 0 || destination < 0) {
            throw new IllegalArgumentException("spike frame header values must be >= 0: sample " + sampleId
                    + ", step " + timeStep + ", source " + sourcePartition + ", destination " + destination);
        }
        int length = 0;
        if (sampleId != 0) {
            length += CodedOutputStream.computeUInt64Size(SAMPLE_ID, sampleId);
        }
        if (timeStep != 0) {
            length += CodedOutputStream.computeUInt32Size(TIME_STEP, timeStep);
        }
        if (sourcePartition != 0) {
            length += CodedOutputStream.computeUInt32Size(SOURCE_PARTITION, sourcePartition);
        }
        if (destination != 0) {
            length += CodedOutputStream.computeUInt32Size(DESTINATION, destination);
        }
        return length;
    }

    private static int listLength(int field, int[] indices, int count) {
        return fieldLength(packedLength(indices, count, field == POSITIVE ? "positive" : "negative"));
    }

    private static int fieldLength(int packedBytes) {
        return packedBytes == 0 ? 0 : TAG + CodedOutputStream.computeUInt32SizeNoTag(packedBytes) + packedBytes;
    }

    /** Bytes of the delta-coded varints; also checks the indices are non-negative and strictly ascending. */
    private static int packedLength(int[] indices, int count, String name) {
        int bytes = 0;
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int index = indices[i];
            if (index <= previous) {
                throw new IllegalArgumentException(name + " indices must be non-negative and strictly ascending, got "
                        + index + " after " + previous + " at position " + i);
            }
            bytes += CodedOutputStream.computeUInt32SizeNoTag(previous < 0 ? index : index - previous);
            previous = index;
        }
        return bytes;
    }

    private static void writePacked(CodedOutputStream out, int field, int[] indices, int count, int packedBytes)
            throws IOException {
        if (count == 0) {
            return;
        }
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(packedBytes);
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int index = indices[i];
            out.writeUInt32NoTag(previous < 0 ? index : index - previous);
            previous = index;
        }
    }

    private void ensureScratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
    }
}
