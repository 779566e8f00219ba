package dev.osc.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one identity, straight from memory. The JDK's way, a PKCS12 key store behind a
 * KeyManagerFactory, encrypts the key into the store and decrypts it again (10,000 PBKDF2 rounds
 * each way): that was 10% of the CPU of a burst of 200 forwarders starting. Offers the identity
 * only for the key type the handshake asks for, as the JDK's manager does, so TLS 1.2 never picks a
 * cipher suite the key cannot sign.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "identity";
  private final Identity identity;
  private final X509Certificate[] chain;

  IdentityKeyManager(Identity identity) {
    this.identity = identity;
    this.chain = identity.chain().toArray(X509Certificate[]::new);
  }

  /**
   * Whether a key type JSSE asks for fits the key: "EC" or "RSA" (TLS 1.3, clients), "EC_EC" or
   * "RSA_EC" style (TLS 1.2 servers: the key's type, then the type that signed the certificate),
   * "RSASSA-PSS" for RSA keys.
   */
  static boolean fits(String keyType, String keyAlgorithm) {
    if (keyType == null) {
      return false;
    }
    String type = keyType.toUpperCase(Locale.ROOT);
    String key = keyAlgorithm.toUpperCase(Locale.ROOT);
    int sep = type.indexOf('_');
    String wanted = sep < 0 ? type : type.substring(0, sep);
    return wanted.equals(key) || (wanted.equals("RSASSA-PSS") && key.equals("RSA"));
  }

  private String alias(String keyType) {
    return fits(keyType, identity.key().getAlgorithm()) ? ALIAS : null;
  }

  private String[] aliases(String keyType) {
    return alias(keyType) == null ? null : new String[] {ALIAS};
  }

  private String first(String[] keyTypes) {
    if (keyTypes != null) {
      for (String t : keyTypes) {
        if (alias(t) != null) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return first(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return first(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? identity.key() : null;
  }
}
