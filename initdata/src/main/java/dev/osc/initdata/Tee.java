package dev.osc.initdata;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trusted execution environments that bind the initdata digest into a fixed-size field of their
 * attestation report (trustee kbs/docs/initdata.md). A vTPM extends a PCR instead, with the digest
 * as it is, so it is not listed.
 */
public enum Tee {
  SNP("snp", "AMD SEV-SNP", "HOST_DATA", 32),
  TDX("tdx", "Intel TDX", "MRCONFIGID", 48),
  CCA("cca", "Arm CCA", "CCA_REALM_PERSONALIZATION_VALUE", 64),
  SGX("sgx", "Intel SGX", "CONFIGID", 64),
  SE("se", "IBM Secure Execution", "user_data", 256);

  private final String cliName;
  private final String description;
  private final String field;
  private final int fieldBytes;

  Tee(String cliName, String description, String field, int fieldBytes) {
    this.cliName = cliName;
    this.description = description;
    this.field = field;
    this.fieldBytes = fieldBytes;
  }

  /** The name on the command line ({@code --tee snp}). */
  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  /** The report field the digest lands in. */
  public String field() {
    return field;
  }

  public int fieldBytes() {
    return fieldBytes;
  }

  public static Optional<Tee> byCliName(String name) {
    return Arrays.stream(values()).filter(t -> t.cliName.equals(name)).findFirst();
  }
}
