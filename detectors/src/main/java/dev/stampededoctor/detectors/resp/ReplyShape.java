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

    void reset(Type type) {
        this.type = type;
        integer = 0;
        nilAggregate = false;
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
