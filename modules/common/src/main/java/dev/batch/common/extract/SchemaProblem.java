package dev.batch.common.extract;

/**
 * What is wrong with a data schema, and where: {@code pointer} is the JSON pointer (RFC 6901) into
 * the schema as sent, e.g. {@code /properties/total/type}. The HTTP edge answers 422 with both.
 */
public final class SchemaProblem extends Exception {
    private final String pointer;
    private final String reason;

    public SchemaProblem(String pointer, String reason) {
        super((pointer.isEmpty() ? "data_schema" : "data_schema" + pointer) + ": " + reason);
        this.pointer = pointer;
        this.reason = reason;
    }

    /** What is wrong, without where. */
    public String reason() {
        return reason;
    }

    /** The JSON pointer of the offending part of the schema ("" for the schema itself). */
    public String pointer() {
        return pointer;
    }
}
