package dev.osc.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoTest {
  @Test
  void fieldsRoundTrip() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("io.kubernetes.cri.sandbox-name", "pod");
    annotations.put("empty", "");
    byte[] bytes =
        new Proto.Writer()
            .string(1, "sändbox")
            .stringMap(2, annotations)
            .int32(3, -5)
            .int64(4, Long.MAX_VALUE)
            .bool(5, true)
            .fixed32(6, 0xdeadbeef)
            .fixed64(7, -2L)
            .bytes(8, new byte[] {0, 1, 2})
            .toByteArray();

    Map<String, String> readMap = new LinkedHashMap<>();
    Proto.Reader r = new Proto.Reader(bytes);
    while (r.next()) {
      switch (r.field()) {
        case 1 -> assertThat(r.readString()).isEqualTo("sändbox");
        case 2 -> {
          var e = r.readStringMapEntry();
          readMap.put(e.getKey(), e.getValue());
        }
        case 3 -> assertThat(r.readInt32()).isEqualTo(-5);
        case 4 -> assertThat(r.readInt64()).isEqualTo(Long.MAX_VALUE);
        case 5 -> assertThat(r.readBool()).isTrue();
        case 6 -> assertThat(r.readFixed32()).isEqualTo(0xdeadbeef);
        case 7 -> assertThat(r.readFixed64()).isEqualTo(-2L);
        case 8 -> assertThat(r.readBytes()).containsExactly(0, 1, 2);
        default -> throw new AssertionError("field " + r.field());
      }
    }
    assertThat(readMap).isEqualTo(annotations);
  }

  @Test
  void knownEncodings() {
    // Reference bytes as protoc-generated code writes them.
    assertThat(new Proto.Writer().int64(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
    assertThat(new Proto.Writer().string(2, "testing").toByteArray())
        .containsExactly(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g');
    assertThat(new Proto.Writer().int32(1, -1).toByteArray()).hasSize(11);
    // proto3 defaults are not written; embedded messages are, even when empty
    assertThat(new Proto.Writer().int64(1, 0).string(2, "").bool(3, false).toByteArray()).isEmpty();
    assertThat(new Proto.Writer().message(1, new byte[0]).toByteArray())
        .containsExactly(0x0a, 0x00);
  }

  @Test
  void unknownFieldsAreSkipped() {
    byte[] bytes =
        new Proto.Writer()
            .fixed64(9, 1)
            .fixed32(10, 1)
            .int64(11, 7)
            .string(12, "x")
            .string(1, "kept")
            .toByteArray();
    Proto.Reader r = new Proto.Reader(bytes);
    String kept = null;
    while (r.next()) {
      if (r.field() == 1) kept = r.readString();
      else r.skip();
    }
    assertThat(kept).isEqualTo("kept");
  }

  @Test
  void malformedInputIsRejected() {
    assertThatThrownBy(() -> readAll(new byte[] {0x0a, 0x05, 'a'}))
        .isInstanceOf(Proto.FormatException.class)
        .hasMessageContaining("exceeds");
    assertThatThrownBy(() -> readAll(new byte[] {(byte) 0x80}))
        .isInstanceOf(Proto.FormatException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> readAll(new byte[] {0x0b}))
        .isInstanceOf(Proto.FormatException.class)
        .hasMessageContaining("wire type 3");
    assertThatThrownBy(() -> readAll(new byte[] {0x00}))
        .isInstanceOf(Proto.FormatException.class)
        .hasMessageContaining("field number");
    // the right field number with the wrong type
    Proto.Reader r = new Proto.Reader(new Proto.Writer().int64(1, 1).toByteArray());
    r.next();
    assertThatThrownBy(r::readString).isInstanceOf(Proto.FormatException.class);
  }

  private static void readAll(byte[] bytes) {
    Proto.Reader r = new Proto.Reader(bytes);
    while (r.next()) r.skip();
  }
}
