package dev.osc.cli;

import dev.osc.initdata.Initdata;
import dev.osc.initdata.InitdataAnnotation;
import dev.osc.initdata.InitdataDigest;
import dev.osc.initdata.InitdataException;
import dev.osc.initdata.Tee;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "initdata",
    mixinStandardHelpOptions = true,
    subcommands = {
      InitdataCommand.Encode.class,
      InitdataCommand.Decode.class,
      InitdataCommand.Digest.class
    },
    description = {
      "Encodes, decodes and digests initdata for confidential pods.",
      "",
      "Initdata is a TOML document that configures a confidential pod's VM at start (the"
          + " attestation agent's aa.toml, the confidential data hub's cdh.toml, the agent policy"
          + " policy.rego) without baking it into the VM image:",
      "",
      "  version = \"0.1.0\"",
      "  algorithm = \"sha256\"      # or sha384, sha512",
      "  [data]",
      "  \"cdh.toml\" = '''...'''",
      "",
      "A pod carries it as base64(gzip(TOML)) in the annotation",
      "  " + InitdataAnnotation.NAME,
      "The TEE binds the digest of the exact TOML bytes into its report, so attestation can"
          + " check that the VM got this document.",
      "",
      "Exit codes: 0 ok, 2 bad input (the message says what is wrong).",
      ""
    })
final class InitdataCommand {
  private static final String STDIN = "-";

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = {
        "Validates an initdata TOML file and prints the annotation value.",
        "",
        "Example: osc initdata encode --annotation initdata.toml",
        "  " + InitdataAnnotation.NAME + ": H4sIAAAAAAAA/...",
        ""
      })
  static final class Encode implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The TOML document, or - for standard input.")
    String file;

    @Option(
        names = "--annotation",
        description =
            "Print \""
                + InitdataAnnotation.NAME
                + ": <value>\", ready for a pod's"
                + " metadata.annotations.")
    boolean annotation;

    @Override
    public Integer call() {
      return run(
          "encode",
          file,
          () -> {
            String value = InitdataAnnotation.encode(Initdata.parse(read(file)).bytes());
            if (value.length() > InitdataAnnotation.KUBERNETES_ANNOTATIONS_LIMIT) {
              throw new BadInput(
                  "the encoded value is "
                      + value.length()
                      + " bytes; Kubernetes"
                      + " allows "
                      + InitdataAnnotation.KUBERNETES_ANNOTATIONS_LIMIT
                      + " for all of a"
                      + " pod's annotations together");
            }
            System.out.println(annotation ? InitdataAnnotation.NAME + ": " + value : value);
          });
    }
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = {
        "Decodes an annotation value, validates the document and prints its TOML" + " exactly.",
        "",
        "Example: osc initdata decode H4sIAAAAAAAA/ytLLSrOzM9TsFVQMtAz1DNQ4krMSc8v...",
        ""
      })
  static final class Decode implements Callable<Integer> {
    @Parameters(
        paramLabel = "VALUE",
        description = "The annotation value, or - to read it from standard input.")
    String value;

    @Override
    public Integer call() {
      return run(
          "decode",
          null,
          () -> {
            String text =
                STDIN.equals(value)
                    ? new String(read(STDIN), StandardCharsets.US_ASCII).strip()
                    : value;
            byte[] document = InitdataAnnotation.decode(text);
            try {
              Initdata.parse(document);
            } catch (InitdataException e) {
              throw new BadInput("the decoded document: " + e.getMessage());
            }
            System.out.write(document);
            System.out.flush();
          });
    }
  }

  @Command(
      name = "digest",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the digest of an initdata TOML file, or the value a TEE's report" + " carries.",
        "",
        "The digest is the document's algorithm over its exact bytes (reformatting changes it),"
            + " in hex. With --tee it is zero-padded or truncated to that TEE's field:",
        "",
        "  snp  AMD SEV-SNP HOST_DATA, 32 bytes",
        "  tdx  Intel TDX MRCONFIGID, 48 bytes",
        "  cca  Arm CCA CCA_REALM_PERSONALIZATION_VALUE, 64 bytes",
        "  sgx  Intel SGX CONFIGID, 64 bytes",
        "  se   IBM Secure Execution user_data, 256 bytes",
        "",
        "Example: osc initdata digest --tee snp initdata.toml",
        ""
      })
  static final class Digest implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The TOML document, or - for standard input.")
    String file;

    @Option(
        names = "--tee",
        paramLabel = "TEE",
        description = "snp, tdx, cca, sgx or se: print the value in that TEE's field.")
    String tee;

    @Option(
        names = "--base64",
        description =
            "Print standard base64 instead of hex (as QEMU takes host-data and" + " mrconfigid).")
    boolean base64;

    @Override
    public Integer call() {
      return run(
          "digest",
          file,
          () -> {
            InitdataDigest digest = InitdataDigest.of(Initdata.parse(read(file)));
            if (tee != null) {
              digest =
                  digest.forTee(
                      Tee.byCliName(tee)
                          .orElseThrow(
                              () ->
                                  new BadInput(
                                      "--tee: \""
                                          + tee
                                          + "\" is not one of snp, tdx, cca, sgx, se")));
            }
            System.out.println(base64 ? digest.base64() : digest.hex());
          });
    }
  }

  /** A problem with the input that is not the document's: a missing file, a wrong option. */
  private static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  private interface Action {
    void run() throws IOException;
  }

  /**
   * Runs an action; bad input is one line on stderr, and exit code 2. A problem in the document is
   * prefixed with the file it came from, unless {@code file} is null.
   */
  private static int run(String verb, String file, Action action) {
    PrintStream err = System.err;
    String prefix = "osc initdata " + verb + ": ";
    try {
      action.run();
      return 0;
    } catch (InitdataException e) {
      err.println(
          prefix
              + (file == null ? "" : (STDIN.equals(file) ? "standard input" : file) + ": ")
              + e.getMessage());
    } catch (BadInput e) {
      err.println(prefix + e.getMessage());
    } catch (NoSuchFileException e) {
      err.println(prefix + file + ": no such file");
    } catch (IOException e) {
      err.println(
          prefix + (file == null || STDIN.equals(file) ? "standard input" : file) + ": " + e);
    }
    return 2;
  }

  private static byte[] read(String file) throws IOException {
    return STDIN.equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
  }
}
