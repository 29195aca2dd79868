package dev.stampededoctor.detectors.resp;

import java.util.Arrays;

/**
 * The outline of one reply, as much as pairing needs: its type, an integer's value, and for an
 * array which of its first {@link #MAX_ELEMENTS} elements were nil (MGET). Reused for every reply.
 */
final class ReplyShape {
    static final int MAX_ELEMENTS = 4096;

    enum Type { SIMPLE, ERROR, INTEGER, NIL, BULK, AGGREGATE, OTHER }

    Type type;
    long integer;
    /** A nil written as an aggregate's ({@code *-1}): a blocking pop's timeout, not a missing key's {@code $-1}. */
    boolean nilAggregate;
    /** For an aggregate: its element count (-1 for nil), and the elements seen nil so far. */
    int elements;
    boolean[] nilElements = new boolean[16];
    int elementsSeen;
    /** Whether each element's own outline is kept ({@link #element(int)}): only when asked for, for EXEC. */
    boolean keepElements;
    /** Per element, when kept: its type, and its integer, its length or element count (-1 for *-1). */
    private byte[] elementTypes = new byte[0];
    private long[] elementValues = new long[0];

    void reset(Type type) {
        this.type = type;
        integer = 0;
        nilAggregate = false;
        keepElements = false;
        elements = 0;
        elementsSeen = 0;
    }

    void element(boolean nil) {
        int i = elementsSeen++;
        if (i >= MAX_ELEMENTS) {
            return;
        }
        if (i >= nilElements.length) {
            nilElements = Arrays.copyOf(nilElements, Math.min(MAX_ELEMENTS, nilElements.length * 2));
        }
        nilElements[i] = nil;
    }

    /** An element of the aggregate begins (the next {@link #element(boolean)} ends it): its type and value. */
    void elementBegins(Type type, long value) {
        int i = elementsSeen;
        if (!keepElements || i >= MAX_ELEMENTS) {
            return;
        }
        if (i >= elementTypes.length) {
            int n = Math.min(MAX_ELEMENTS, Math.max(16, elementTypes.length * 2));
            elementTypes = Arrays.copyOf(elementTypes, n);
            elementValues = Arrays.copyOf(elementValues, n);
        }
        elementTypes[i] = (byte) type.ordinal();
        elementValues[i] = value;
    }

    /**
     * Element {@code i}'s outline as a reply of its own (EXEC's element: a queued command's reply),
     * or null when it was not kept. Its own elements are not known: an aggregate tells its count.
     */
    ReplyShape element(int i) {
        if (!keepElements || i >= Math.min(elementsSeen, MAX_ELEMENTS)) {
            return null;
        }
        ReplyShape e = new ReplyShape();
        e.type = Type.values()[elementTypes[i]];
        long v = elementValues[i];
        e.nilAggregate = e.type == Type.NIL && v == -1;
        if (e.type == Type.INTEGER) {
            e.integer = v;
        } else if (e.type == Type.AGGREGATE) {
            e.elements = (int) v;
        }
        return e;
    }

    /** Whether element {@code i} of an aggregate was nil; null when not known. */
    Boolean elementNil(int i) {
        return i < Math.min(elementsSeen, MAX_ELEMENTS) ? nilElements[i] : null;
    }

    /** A copy of this shape (which the reader reuses), its element flags included. */
    ReplyShape copy() {
        ReplyShape c = new ReplyShape();
        c.type = type;
        c.integer = integer;
        c.nilAggregate = nilAggregate;
        c.elements = elements;
        c.elementsSeen = elementsSeen;
        c.nilElements = Arrays.copyOf(nilElements, Math.min(nilElements.length, Math.max(1, Math.min(elementsSeen, MAX_ELEMENTS))));
        return c;
    }
}
