package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ape.api.PolicyLimits;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The two document formats and how their Jackson factories are configured for one set of
 * {@link PolicyLimits}.
 *
 * <p>Both factories reject duplicate keys ({@code STRICT_DUPLICATE_DETECTION}, which the YAML
 * backend honours too) and carry {@link StreamReadConstraints} one step above our own limits,
 * as a second line of defence: {@link TreeReader} checks every limit first, with a clearer
 * message. For YAML, SnakeYAML's {@code codePointLimit} bounds the characters read; its
 * {@code maxAliasesForCollections} and {@code nestingDepthLimit} are not set because they are
 * enforced only by SnakeYAML's composer, which Jackson's streaming parser does not use.
 */
enum DocumentFormat {
  /** YAML 1.1 via jackson-dataformat-yaml (SnakeYAML). */
  YAML("yaml", "YAML") {
    @Override
    JsonFactory newFactory(PolicyLimits limits) {
      LoaderOptions loader = new LoaderOptions();
      loader.setCodePointLimit(saturatedInt(limits.maxBytes()));
      return new BoundedYamlFactory(YAMLFactory.builder()
          .loaderOptions(loader)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(constraints(limits)));
    }
  },
  /** Strict JSON (RFC 8259): no comments, no NaN, no trailing commas. */
  JSON("json", "JSON") {
    @Override
    JsonFactory newFactory(PolicyLimits limits) {
      return JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(constraints(limits))
          .build();
    }
  };

  private final String id;
  private final String displayName;

  DocumentFormat(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** The provider id and {@code PolicySource.format()}. */
  String id() {
    return id;
  }

  /** The name used in messages. */
  String displayName() {
    return displayName;
  }

  /** A new factory (cheap; factories are not shared because limits differ per call). */
  abstract JsonFactory newFactory(PolicyLimits limits);

  private static StreamReadConstraints constraints(PolicyLimits limits) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(saturatedInt(limits.maxNestingDepth() + 1L))
        .maxStringLength(saturatedInt(limits.maxStringLength() + 1L))
        .maxNameLength(saturatedInt(limits.maxStringLength() + 1L))
        .maxNumberLength(BoundedYamlParser.MAX_NUMBER_LENGTH)
        .build();
  }

  private static int saturatedInt(long value) {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }
}
