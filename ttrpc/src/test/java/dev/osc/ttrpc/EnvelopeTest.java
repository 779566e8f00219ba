package dev.osc.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

/** The ttrpc envelopes as the Go library writes and reads them (beyond what protobuf decides). */
class EnvelopeTest {
  @Test
  void anOkResponseStillCarriesItsStatusAsSomeGoClientsRequire() {
    byte[] bytes = Envelope.encode(new Envelope.Response(StatusCode.OK, "", new byte[] {7}));
    // status = 1: an empty message; payload = 2: one byte.
    assertThat(bytes).containsExactly(0x0a, 0x00, 0x12, 0x01, 0x07);
  }

  @Test
  void aResponseWithoutStatusIsOkAndStatusDetailsAreIgnored() throws Exception {
    assertThat(Envelope.decodeResponse(new byte[] {0x12, 0x01, 0x07}))
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo(StatusCode.OK);
              assertThat(r.payload()).containsExactly(7);
            });
    // status{code = 5, message = "x", details = 3 (an Any, not surfaced)}
    byte[] withDetails = {0x0a, 0x09, 0x08, 0x05, 0x12, 0x01, 'x', 0x1a, 0x02, 0x0a, 0x00};
    assertThat(Envelope.decodeResponse(withDetails))
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo(StatusCode.NOT_FOUND);
              assertThat(r.message()).isEqualTo("x");
            });
  }

  @Test
  void requestMetadataKeepsEveryValueInOrder() throws Exception {
    Metadata metadata = Metadata.of("a", "1", "2").with("b", "3");
    byte[] bytes = Envelope.encode(new Envelope.Request("s", "m", new byte[] {1}, 5_000, metadata));
    Envelope.Request r = Envelope.decodeRequest(bytes);
    assertThat(r.service()).isEqualTo("s");
    assertThat(r.method()).isEqualTo("m");
    assertThat(r.payload()).containsExactly(1);
    assertThat(r.timeoutNanos()).isEqualTo(5_000);
    assertThat(r.metadata()).isEqualTo(metadata);
  }

  @Test
  void malformedEnvelopesAreRejected() {
    // payload (3) claims 127 bytes, one follows
    assertThatThrownBy(() -> Envelope.decodeRequest(new byte[] {0x1a, 0x7f, 'x'}))
        .isInstanceOf(InvalidProtocolBufferException.class);
    // service (1) is not UTF-8, which proto3 strings must be
    assertThatThrownBy(() -> Envelope.decodeRequest(new byte[] {0x0a, 0x01, (byte) 0xff}))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
