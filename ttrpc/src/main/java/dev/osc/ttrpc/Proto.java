package dev.osc.ttrpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;

/**
 * A minimal protobuf (proto3) encoder and decoder, enough for the ttrpc envelopes and for
 * hand-written service messages such as {@code hypervisor.CreateVMRequest}.
 *
 * <pre>{@code
 * byte[] bytes = new Proto.Writer().string(1, id).stringMap(2, annotations).toByteArray();
 *
 * Proto.Reader r = new Proto.Reader(bytes);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> id = r.readString();
 *         case 2 -> annotations.put(...r.readStringMapEntry()...);
 *         default -> r.skip();
 *     }
 * }
 * }</pre>
 */
public final class Proto {
  private Proto() {}

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** Thrown for bytes that are not a well-formed protobuf message. */
  public static final class FormatException extends IllegalArgumentException {
    FormatException(String message) {
      super(message);
    }
  }

  /**
   * Appends fields to a message. Scalars follow proto3 implicit presence: a default value (0,
   * false, empty) is not written. Embedded messages and repeated elements are always written.
   */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer int32(int field, int value) {
      return int64(field, value); // negative int32 is sign-extended to 10 bytes, as protobuf does
    }

    public Writer int64(int field, long value) {
      if (value != 0) {
        tag(field, VARINT);
        varint(value);
      }
      return this;
    }

    /** uint32/uint64 share the varint encoding with int64; pass the unsigned bits. */
    public Writer uint64(int field, long value) {
      return int64(field, value);
    }

    public Writer bool(int field, boolean value) {
      return int64(field, value ? 1 : 0);
    }

    public Writer fixed64(int field, long value) {
      if (value != 0) {
        tag(field, FIXED64);
        for (int i = 0; i < 8; i++) out.write((int) (value >>> (8 * i)));
      }
      return this;
    }

    public Writer fixed32(int field, int value) {
      if (value != 0) {
        tag(field, FIXED32);
        for (int i = 0; i < 4; i++) out.write(value >>> (8 * i));
      }
      return this;
    }

    public Writer string(int field, String value) {
      return value == null || value.isEmpty()
          ? this
          : bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public Writer bytes(int field, byte[] value) {
      return value == null || value.length == 0 ? this : lengthDelimited(field, value);
    }

    /** One element of a {@code repeated string}: written even when empty. */
    public Writer repeatedString(int field, String value) {
      return lengthDelimited(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message, already encoded; written even when empty (message presence). */
    public Writer message(int field, byte[] encoded) {
      return lengthDelimited(field, encoded);
    }

    public Writer message(int field, Writer message) {
      return lengthDelimited(field, message.toByteArray());
    }

    /** A {@code map<string, string>}: one entry message {key = 1, value = 2} per pair. */
    public Writer stringMap(int field, Map<String, String> map) {
      map.forEach((k, v) -> message(field, new Writer().string(1, k).string(2, v)));
      return this;
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }

    private Writer lengthDelimited(int field, byte[] value) {
      tag(field, LENGTH_DELIMITED);
      varint(value.length);
      out.writeBytes(value);
      return this;
    }

    private void tag(int field, int wireType) {
      if (field < 1 || field > 0x1fffffff)
        throw new IllegalArgumentException("field number " + field);
      varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }

  /**
   * Reads a message field by field: call {@link #next()}, look at {@link #field()}, then read the
   * value with the method matching its type, or {@link #skip()} it. Every read checks bounds and
   * wire type and throws {@link FormatException} for malformed input.
   */
  public static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;
    private int field;
    private int wireType;

    public Reader(byte[] buf) {
      this(buf, 0, buf.length);
    }

    public Reader(byte[] buf, int offset, int length) {
      if (offset < 0 || length < 0 || offset + length > buf.length)
        throw new IndexOutOfBoundsException();
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
      if (pos >= end) return false;
      long tag = varint();
      field = (int) (tag >>> 3);
      wireType = (int) (tag & 7);
      if (field < 1 || tag >>> 3 > 0x1fffffff)
        throw new FormatException("invalid field number " + (tag >>> 3));
      if (wireType != VARINT
          && wireType != FIXED64
          && wireType != LENGTH_DELIMITED
          && wireType != FIXED32) {
        throw new FormatException("unsupported wire type " + wireType + " for field " + field);
      }
      return true;
    }

    /** The field number of the current field. */
    public int field() {
      return field;
    }

    public long readInt64() {
      expect(VARINT);
      return varint();
    }

    public int readInt32() {
      return (int) readInt64();
    }

    public long readUint64() {
      return readInt64();
    }

    public boolean readBool() {
      return readInt64() != 0;
    }

    public long readFixed64() {
      expect(FIXED64);
      require(8);
      long v = 0;
      for (int i = 0; i < 8; i++) v |= (buf[pos++] & 0xffL) << (8 * i);
      return v;
    }

    public int readFixed32() {
      expect(FIXED32);
      require(4);
      int v = 0;
      for (int i = 0; i < 4; i++) v |= (buf[pos++] & 0xff) << (8 * i);
      return v;
    }

    public byte[] readBytes() {
      int len = lengthPrefix();
      byte[] v = Arrays.copyOfRange(buf, pos, pos + len);
      pos += len;
      return v;
    }

    public String readString() {
      int len = lengthPrefix();
      String v = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return v;
    }

    /** The embedded message of the current field, as a reader over the same bytes. */
    public Reader readMessage() {
      int len = lengthPrefix();
      Reader r = new Reader(buf, pos, len);
      pos += len;
      return r;
    }

    /** One entry of a {@code map<string, string>} field. */
    public Map.Entry<String, String> readStringMapEntry() {
      Reader entry = readMessage();
      String key = "";
      String value = "";
      while (entry.next()) {
        switch (entry.field()) {
          case 1 -> key = entry.readString();
          case 2 -> value = entry.readString();
          default -> entry.skip();
        }
      }
      return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    /** Skips the current field's value (unknown fields are ignored, as protobuf requires). */
    public void skip() {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> skipBytes(8);
        case FIXED32 -> skipBytes(4);
        default -> skipBytes(lengthPrefix());
      }
    }

    private void skipBytes(int n) {
      require(n);
      pos += n;
    }

    private int lengthPrefix() {
      expect(LENGTH_DELIMITED);
      long len = varint();
      if (len < 0 || len > end - pos)
        throw new FormatException("length " + len + " of field " + field + " exceeds the message");
      return (int) len;
    }

    private void expect(int type) {
      if (wireType != type)
        throw new FormatException(
            "field " + field + " has wire type " + wireType + ", expected " + type);
    }

    private void require(int n) {
      if (n > end - pos) throw new FormatException("truncated field " + field);
    }

    private long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) throw new FormatException("truncated varint");
        byte b = buf[pos++];
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) return v;
      }
      throw new FormatException("varint longer than 10 bytes");
    }
  }
}
