package dev.eddy.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * KeyMaterial is a server's private key with its certificate chain (leaf first), loaded once, when
 * TLS is configured, so a missing file or a wrong password fails there with a message naming it.
 */
public record KeyMaterial(PrivateKey key, X509Certificate[] chain) {
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

  /**
   * Reads a PEM certificate chain and a PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}, or
   * {@code BEGIN ENCRYPTED PRIVATE KEY} with {@code password}).
   */
  public static KeyMaterial pem(Path chainFile, Path keyFile, char[] password) {
    X509Certificate[] chain;
    try (InputStream in = Files.newInputStream(chainFile)) {
      List<X509Certificate> certs = certificates(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("No certificate in " + chainFile);
      }
      chain = certs.toArray(new X509Certificate[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Can't read the certificate chain from " + chainFile + ": " + e.getMessage(), e);
    }
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("Can't read the private key from " + keyFile + ": " + e, e);
    }
    return new KeyMaterial(privateKey(pem, password, keyFile), chain);
  }

  /** Reads the one private key entry (or the one named {@code alias}) of a PKCS#12 key store. */
  public static KeyMaterial pkcs12(Path storeFile, char[] password, String alias) {
    try (InputStream in = Files.newInputStream(storeFile)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      String chosen = alias;
      if (chosen == null) {
        for (String a : Collections.list(store.aliases())) {
          if (store.isKeyEntry(a)) {
            if (chosen != null) {
              throw new IllegalArgumentException(storeFile + " holds more than one key; name the one to use");
            }
            chosen = a;
          }
        }
      }
      if (chosen == null || !store.isKeyEntry(chosen)) {
        throw new IllegalArgumentException("No private key " + (alias == null ? "" : "'" + alias + "' ") + "in " + storeFile);
      }
      Key key = store.getKey(chosen, password);
      List<X509Certificate> chain = certificates(List.of(store.getCertificateChain(chosen)));
      return new KeyMaterial((PrivateKey) key, chain.toArray(new X509Certificate[0]));
    } catch (IOException e) {
      String why = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")
          ? "wrong password?" : e.toString();
      throw new IllegalArgumentException("Can't read the key store " + storeFile + ": " + why, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Can't read the key store " + storeFile + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(java.util.Collection<? extends Certificate> all) {
    return all.stream().map(c -> {
      if (!(c instanceof X509Certificate x)) {
        throw new IllegalArgumentException("Not an X.509 certificate: " + c.getType());
      }
      return x;
    }).toList();
  }

  private static PrivateKey privateKey(String pem, char[] password, Path file) {
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(file + " holds a PKCS#1/SEC1 key; convert it to PKCS#8 with "
          + "'openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem' (add -nocrypt for no password)");
    }
    boolean encrypted = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    byte[] der = pemBlock(pem, encrypted ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", file);
    PKCS8EncodedKeySpec spec;
    if (encrypted) {
      if (password == null) {
        throw new IllegalArgumentException(file + " holds an encrypted private key; give its password");
      }
      spec = decrypt(der, password, file);
    } else {
      spec = new PKCS8EncodedKeySpec(der);
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException wrongAlgorithm) {
        // try the next
      }
    }
    throw new IllegalArgumentException("The private key in " + file + " is not an RSA, EC or EdDSA PKCS#8 key");
  }

  private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] password, Path file) {
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      AlgorithmParameters params = info.getAlgParameters();
      // For PBES2 the algorithm name is in the parameters ("PBEWithHmacSHA256AndAES_256").
      String algorithm = params != null ? params.toString() : info.getAlgName();
      SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), params);
      return info.getKeySpec(cipher);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Can't decrypt the private key in " + file + " (wrong password?): " + e.getMessage(), e);
    }
  }

  private static byte[] pemBlock(String pem, String label, Path file) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end, from + 1);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("No '" + begin + "' block in " + file);
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The key in " + file + " is not valid base64", e);
    }
  }

  /** The certificates as PEM text, leaf first. */
  public String chainPem() {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : chain) {
      try {
        sb.append(pem("CERTIFICATE", c.getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.toString();
  }

  /** The private key as unencrypted PKCS#8 PEM text. */
  public String keyPem() {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /** Parses PEM certificate text, for tests and tools. */
  public static X509Certificate[] parseChain(String pem) throws GeneralSecurityException {
    return certificates(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))).toArray(new X509Certificate[0]);
  }
}
