package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A {@link YAMLFactory} whose parsers are {@link BoundedYamlParser}s. Only the reader-based
 * entry point is used by this module; the other entry points route to it so that no plain
 * {@link YAMLParser} can be created by accident (bytes are decoded as strict UTF-8).
 */
final class BoundedYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  BoundedYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected YAMLParser _createParser(Reader reader, IOContext context) throws IOException {
    return new BoundedYamlParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions,
        _objectCodec, reader);
  }

  @Override
  protected YAMLParser _createParser(char[] data, int offset, int len, IOContext context,
      boolean recyclable) throws IOException {
    return _createParser(new CharArrayReader(data, offset, len), context);
  }

  @Override
  protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext context)
      throws IOException {
    return _createParser(new ByteArrayInputStream(data, offset, len), context);
  }

  @Override
  protected YAMLParser _createParser(InputStream in, IOContext context) throws IOException {
    return _createParser(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)), context);
  }
}
