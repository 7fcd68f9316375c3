package io.ape.core.policy;

import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicySource;
import io.ape.api.ProviderException;
import io.ape.api.SourceLocation;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a policy file safely and parses it with the parser chosen for its format: missing file
 * → {@link PolicyNotFoundException}; directory, special or unreadable file → a typed
 * {@link PolicyException}; size checked against {@link PolicyLimits#maxBytes()} before reading
 * (and the read itself bounded); the version is the SHA-256 of the bytes actually read.
 */
final class PolicyFiles {
  /**
   * The parser SPI: configured by {@code ape.policy.format}, shipped by ape-policy-yaml, whose
   * ids {@code yaml} and {@code json} no other class may claim.
   */
  static final ProviderSpec<PolicyParserProvider> PARSERS = ProviderSpec
      .of(PolicyParserProvider.class, "ape.policy.format", "io.ape:ape-policy-yaml")
      .withArtifact("yaml", "io.ape:ape-policy-yaml")
      .withArtifact("json", "io.ape:ape-policy-yaml")
      .withReservedId("yaml", "io.ape.policy.yaml.internal.YamlPolicyParserProvider")
      .withReservedId("json", "io.ape.policy.yaml.internal.JsonPolicyParserProvider");

  private final ProviderSelector selector;
  private final PolicyParserProvider explicitParser;
  private final PolicyLimits limits;
  private final ProviderContext context;

  PolicyFiles(ProviderSelector selector, PolicyParserProvider explicitParser, PolicyLimits limits,
      ProviderContext context) {
    this.selector = selector;
    this.explicitParser = explicitParser;
    this.limits = limits;
    this.context = context;
  }

  Policy load(Path path) {
    String name = path.toString();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new PolicyNotFoundException(name);
    } catch (IOException | SecurityException e) {
      throw new PolicyException("Cannot read policy file " + name + ": " + e, e);
    }
    if (attributes.isDirectory()) {
      throw new PolicyException("Policy path " + name + " is a directory, not a policy file.");
    }
    if (!attributes.isRegularFile()) {
      throw new PolicyException("Policy path " + name + " is not a regular file"
          + " (devices, pipes and sockets are refused).");
    }
    if (attributes.size() > limits.maxBytes()) {
      throw tooBig(name, attributes.size());
    }
    PolicyParserProvider provider = parserFor(path);
    byte[] bytes = read(path, name);
    PolicyParser parser = createParser(provider);
    Policy policy = parse(provider, parser, bytes, name);
    String sha256 = sha256(bytes);
    if (!policy.source().sha256().equals(sha256) || !policy.source().name().equals(name)) {
      policy = withSource(policy, new PolicySource(name, policy.source().format(), sha256));
    }
    return policy;
  }

  private PolicyLimitException tooBig(String name, long size) {
    return new PolicyLimitException(SourceLocation.of(name), "maxBytes", limits.maxBytes(),
        "policy file is " + size + " bytes");
  }

  private PolicyParserProvider parserFor(Path path) {
    String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    String eligibility = extension.isEmpty() ? "for files without an extension"
        : "for '." + extension + "' files";
    return selector.selectOne(PARSERS, explicitParser, p -> handles(p, extension), eligibility);
  }

  private static boolean handles(PolicyParserProvider provider, String extension) {
    if (extension.isEmpty()) {
      return false;
    }
    Set<String> extensions;
    try {
      extensions = provider.fileExtensions();
    } catch (RuntimeException e) {
      throw new ProviderException(provider.getClass().getName(), "Policy parser provider "
          + provider.getClass().getName() + " failed to report its file extensions: " + e, e);
    }
    return extensions != null && extensions.contains(extension);
  }

  private byte[] read(Path path, String name) {
    long max = limits.maxBytes();
    try (InputStream in = Files.newInputStream(path)) {
      int cap = (int) Math.min(max + 1, Integer.MAX_VALUE - 16);
      byte[] bytes = in.readNBytes(cap);
      if (bytes.length > max) {
        throw tooBig(name, bytes.length);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new PolicyNotFoundException(name);
    } catch (AccessDeniedException e) {
      throw new PolicyException("Policy file " + name + " is not readable (permission denied).", e);
    } catch (IOException | SecurityException e) {
      throw new PolicyException("Cannot read policy file " + name + ": " + e, e);
    }
  }

  private PolicyParser createParser(PolicyParserProvider provider) {
    PolicyParser parser;
    try {
      parser = provider.create(context);
    } catch (RuntimeException e) {
      throw new ProviderException(safeId(provider), "Policy parser provider '" + safeId(provider)
          + "' (" + provider.getClass().getName() + ") failed to create its parser: " + e, e);
    }
    if (parser == null) {
      throw new ProviderException(safeId(provider), "Policy parser provider '" + safeId(provider)
          + "' (" + provider.getClass().getName() + ") created no parser (null)");
    }
    return parser;
  }

  private Policy parse(PolicyParserProvider provider, PolicyParser parser, byte[] bytes,
      String name) {
    Policy policy;
    try {
      policy = parser.parse(bytes, name, limits);
    } catch (PolicyException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw new PolicyParseException(SourceLocation.of(name), "",
          "the document is nested too deeply to parse", e);
    } catch (RuntimeException e) {
      throw new ProviderException(safeId(provider), "Policy parser '" + safeId(provider) + "' ("
          + parser.getClass().getName() + ") failed unexpectedly on " + name + ": " + e, e);
    }
    if (policy == null) {
      throw new ProviderException(safeId(provider), "Policy parser '" + safeId(provider)
          + "' returned no policy (null) for " + name);
    }
    return policy;
  }

  private static String safeId(PolicyParserProvider provider) {
    try {
      return String.valueOf(provider.id());
    } catch (RuntimeException e) {
      return provider.getClass().getName();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  static Policy withSource(Policy p, PolicySource source) {
    return new Policy(p.name(), p.declaredVersion(), p.description(), p.defaultDecision(),
        p.allowedActions(), p.forbiddenActions(), p.escalationRequired(), p.rules(),
        p.toolTransitions(), p.metadata(), p.audit(), p.rateLimits(), source, p.combining(),
        p.defaultParameters());
  }
}
