package io.ape.spi;

import java.util.Set;

/**
 * Provides a {@link PolicyParser} for one document format. The id is the format name
 * ({@code yaml}, {@code json}).
 *
 * @since 0.1.0
 */
public interface PolicyParserProvider extends ApeProvider {
  /** File extensions (lower case, without the dot) this format is chosen for. */
  Set<String> fileExtensions();

  /** Creates the parser. */
  PolicyParser create(ProviderContext context);
}
